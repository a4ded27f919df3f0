"""Password reset by e-mail, throttled per address and per client address."""

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.urls import reverse


@pytest.fixture(autouse=True)
def fresh_counters():
    cache.clear()
    yield
    cache.clear()


def ask(email: str, ip: str = "10.0.0.1") -> object:
    return Client(REMOTE_ADDR=ip).post(reverse("password_reset"), {"email": email}, follow=True)


@pytest.mark.django_db
def test_a_reset_link_sets_a_new_password(hr):
    hr.email = "hr@example.com"
    hr.save()
    ask("hr@example.com")
    link = next(line for line in mail.outbox[0].body.splitlines() if "/reset/" in line)
    client = Client()
    form_page = client.get(link.strip(), follow=True)
    new = "a-long-enough-pass-2026"
    response = client.post(
        form_page.redirect_chain[-1][0], {"new_password1": new, "new_password2": new}
    )
    assert response.status_code == 302
    assert User.objects.get(pk=hr.pk).check_password(new)


@pytest.mark.django_db
def test_the_fourth_request_for_one_address_sends_nothing(hr):
    hr.email = "hr@example.com"
    hr.save()
    for _ in range(3):
        ask("hr@example.com")
    assert len(mail.outbox) == 3
    response = ask("HR@example.com", ip="10.0.0.2")
    assert len(mail.outbox) == 3
    assert "If the address is known" in response.content.decode()


@pytest.mark.django_db
def test_one_client_address_is_limited_to_ten_requests_an_hour(hr):
    hr.email = "hr@example.com"
    hr.save()
    for number in range(10):
        ask(f"nobody{number}@example.com")
    ask("hr@example.com")
    assert mail.outbox == []
    ask("hr@example.com", ip="10.0.0.9")
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_the_login_page_links_to_the_reset(client):
    assert reverse("password_reset") in client.get(reverse("login")).content.decode()

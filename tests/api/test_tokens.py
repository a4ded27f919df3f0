"""Token lifecycle: created (shown once, only its hash kept), used, revoked."""

import hashlib
import io
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from api.models import ApiToken
from api.services import issue_token

OPENINGS = reverse("api:opening-list")


def with_header(value: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=value)
    return client


@pytest.mark.django_db
def test_only_the_hash_and_a_prefix_of_a_token_are_stored(hr):
    row, token = issue_token(user=hr, name="Reports")
    stored = ApiToken.objects.get(pk=row.pk)
    assert stored.hashed_secret == hashlib.sha256(token.encode()).hexdigest()
    assert stored.prefix == token[:8]
    assert token not in {value for value in vars(stored).values() if isinstance(value, str)}


@pytest.mark.django_db
def test_the_command_prints_a_working_token_once(hr):
    out, err = io.StringIO(), io.StringIO()
    call_command("create_api_token", "hr", "--name", "Nightly export", stdout=out, stderr=err)
    token = out.getvalue().strip()
    row = ApiToken.objects.get()
    assert (row.user, row.name, row.prefix) == (hr, "Nightly export", token[:8])
    assert "not shown again" in err.getvalue()
    assert with_header(f"Bearer {token}").get(OPENINGS).status_code == 200


@pytest.mark.django_db
def test_the_command_refuses_an_unknown_user():
    with pytest.raises(CommandError, match="nobody"):
        call_command("create_api_token", "nobody")


@pytest.mark.django_db
@pytest.mark.parametrize("keyword", ["Bearer", "Token", "bearer"])
def test_both_keywords_authenticate(hr, keyword):
    _row, token = issue_token(user=hr)
    assert with_header(f"{keyword} {token}").get(OPENINGS).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    "header", ["Bearer wrong-token", "Bearer", "Bearer two parts", "Bearer " + "x" * 500]
)
def test_a_bad_token_is_a_401_in_json(hr, header):
    issue_token(user=hr)
    response = with_header(header).get(OPENINGS)
    assert response.status_code == 401
    assert set(response.json()) == {"detail"}


@pytest.mark.django_db
def test_no_token_is_a_401_not_a_redirect_to_the_login_page():
    response = Client().get(OPENINGS)
    assert response.status_code == 401
    assert "Location" not in response


@pytest.mark.django_db
def test_a_revoked_token_is_a_401(hr):
    row, token = issue_token(user=hr)
    client = with_header(f"Bearer {token}")
    assert client.get(OPENINGS).status_code == 200
    row.revoked_at = timezone.now()
    row.save()
    assert client.get(OPENINGS).status_code == 401


@pytest.mark.django_db
def test_an_inactive_users_token_is_a_401(hr):
    _row, token = issue_token(user=hr)
    User.objects.filter(pk=hr.pk).update(is_active=False)
    assert with_header(f"Bearer {token}").get(OPENINGS).status_code == 401


@pytest.mark.django_db
def test_last_use_is_recorded_at_most_once_a_minute(hr):
    row, token = issue_token(user=hr)
    client = with_header(f"Bearer {token}")
    client.get(OPENINGS)
    first = ApiToken.objects.get(pk=row.pk).last_used_at
    assert first is not None
    client.get(OPENINGS)
    assert ApiToken.objects.get(pk=row.pk).last_used_at == first
    ApiToken.objects.filter(pk=row.pk).update(last_used_at=first - timedelta(minutes=2))
    client.get(OPENINGS)
    assert ApiToken.objects.get(pk=row.pk).last_used_at > first


@pytest.fixture
def admin_browser(admin) -> Client:
    User.objects.filter(pk=admin.pk).update(is_staff=True)
    client = Client()
    client.force_login(admin)
    return client


@pytest.mark.django_db
def test_an_administrator_creates_a_token_in_the_admin_and_sees_it_once(admin_browser, hr):
    response = admin_browser.post(
        reverse("admin:api_apitoken_add"), {"user": hr.pk, "name": "BI tool"}, follow=True
    )
    row = ApiToken.objects.get()
    shown = [str(m) for m in response.context["messages"]]
    token = next(word for text in shown for word in text.split() if word.startswith(row.prefix))
    assert row.hashed_secret == hashlib.sha256(token.encode()).hexdigest()
    assert row.created_by.username == "admin"
    listing = admin_browser.get(reverse("admin:api_apitoken_changelist")).content.decode()
    assert row.prefix in listing
    assert token not in listing


@pytest.mark.django_db
def test_an_administrator_revokes_tokens_with_the_action(admin_browser, hr):
    row, token = issue_token(user=hr)
    admin_browser.post(
        reverse("admin:api_apitoken_changelist"),
        {"action": "revoke", "_selected_action": [row.pk]},
    )
    assert ApiToken.objects.get(pk=row.pk).revoked_at is not None
    assert with_header(f"Bearer {token}").get(OPENINGS).status_code == 401


@pytest.mark.django_db
def test_staff_without_the_administrator_role_see_no_tokens(persona_client, hr):
    issue_token(user=hr)
    response = persona_client("hr").get(reverse("admin:api_apitoken_changelist"))
    assert response.status_code == 403

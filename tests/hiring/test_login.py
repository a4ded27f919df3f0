"""The login page: odd input gets the form again with a message, never a 500."""

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

# django-axes records a failed login's username in a 255-character column; the
# user model's own limit is 150.
TOO_LONG = "a" * 300


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["login", "admin:login"])
def test_a_username_longer_than_the_field_is_refused_next_to_the_field(name):
    response = Client(raise_request_exception=False).post(
        reverse(name), {"username": TOO_LONG, "password": "wrong"}
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["username"] == ["Ensure this value has at most 150 characters (it has 300)."]
    assert response.context["user"].is_anonymous


@pytest.mark.django_db
def test_the_longest_possible_username_still_logs_in():
    User.objects.create_user(username="b" * 150, password="pw-for-tests")
    client = Client()
    response = client.post(reverse("login"), {"username": "b" * 150, "password": "pw-for-tests"})
    assert response.status_code == 302
    assert client.get(reverse("home")).wsgi_request.user.username == "b" * 150

"""API clients: each persona of tests/conftest.py with a token of their own."""

import pytest
from django.contrib.auth.models import User
from rest_framework.test import APIClient

from api.services import issue_token


def token_client(user: User) -> APIClient:
    _row, token = issue_token(user=user, name="tests")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return client


@pytest.fixture
def api_client(request, db):
    """An API client holding a token of the persona named ("anonymous": no token)."""

    def build(name: str) -> APIClient:
        if name == "anonymous":
            return APIClient()
        return token_client(request.getfixturevalue(name))

    return build

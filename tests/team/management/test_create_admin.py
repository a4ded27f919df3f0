"""create_admin: the first administrator of a new installation, with a link, never a password."""

import io

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.test import Client

from hiring import roles
from tests.conftest import SET_PASSWORD, open_invitation

PASSWORD = "a-long-enough-pass-2026"


def create_admin(*args: str) -> str:
    out = io.StringIO()
    call_command("create_admin", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_create_admin_prints_a_link_that_works_once(settings):
    settings.SITE_URL = "https://hiring.example.com"
    output = create_admin("boss", "boss@example.com")
    link = next(line for line in output.splitlines() if "/invitations/" in line)
    assert link.startswith("https://hiring.example.com/invitations/")
    user = User.objects.get(username="boss")
    assert not user.has_usable_password()
    assert roles.user_roles(user) == {roles.ADMINISTRATOR}
    path = link.removeprefix("https://hiring.example.com")
    invitee, _page = open_invitation(path)
    response = invitee.post(SET_PASSWORD, {"new_password1": PASSWORD, "new_password2": PASSWORD})
    assert response.status_code == 302
    assert User.objects.get(username="boss").check_password(PASSWORD)
    assert Client().get(path).status_code == 404


@pytest.mark.django_db
def test_create_admin_refuses_an_existing_username(hr):
    with pytest.raises(CommandError, match="exists already"):
        create_admin("HR", "other@example.com")
    assert User.objects.filter(username__iexact="hr").count() == 1

"""Invitations, roles and deactivation: the rules hold whoever calls the services."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from hiring import roles
from team.models import Invitation, TeamAction, TeamEvent
from team.services import (
    INVITATION_HOURS,
    InvitationInvalid,
    TeamRefused,
    accept_invitation,
    change_roles,
    create_account,
    invite_user,
    resend_invitation,
    set_active,
    usable_invitation,
)

SITE = "http://testserver"
PASSWORD = "a-long-enough-pass-2026"


def token_from(link: str) -> str:
    return link.rstrip("/").rsplit("/", 1)[-1]


def invite(admin: User, username: str = "newcomer", role_names=(roles.INTERVIEWER,)) -> User:
    return invite_user(
        by=admin,
        username=username,
        email=f"{username}@example.com",
        role_names=list(role_names),
        site_url=SITE,
    )


def mailed_token() -> str:
    link = next(line for line in mail.outbox[-1].body.splitlines() if "/invitations/" in line)
    return token_from(link.strip())


@pytest.mark.django_db
def test_an_invitation_mails_a_link_and_gives_the_roles(admin):
    user = invite(admin, role_names=[roles.HR, roles.MANAGER])
    assert mail.outbox[0].to == ["newcomer@example.com"]
    assert not user.has_usable_password()
    assert roles.user_roles(User.objects.get(pk=user.pk)) == {roles.HR, roles.MANAGER}
    token = mailed_token()
    assert not Invitation.objects.filter(token_hash=token).exists()  # only the hash is kept
    assert TeamEvent.objects.get().action == TeamAction.INVITED


@pytest.mark.django_db
def test_an_invitation_sets_the_password_once(admin):
    invite(admin)
    token = mailed_token()
    user = accept_invitation(token=token, password=PASSWORD)
    assert user.check_password(PASSWORD)
    with pytest.raises(InvitationInvalid):
        accept_invitation(token=token, password="another-long-pass-2026")
    assert User.objects.get(pk=user.pk).check_password(PASSWORD)


@pytest.mark.django_db
def test_an_invitation_expires_after_72_hours(admin):
    invite(admin)
    token = mailed_token()
    later = timezone.now() + timedelta(hours=INVITATION_HOURS, seconds=1)
    assert usable_invitation(token, now=later - timedelta(seconds=2))
    with pytest.raises(InvitationInvalid):
        usable_invitation(token, now=later)


@pytest.mark.django_db
def test_resending_kills_the_old_link(admin):
    user = invite(admin)
    old = mailed_token()
    resend_invitation(by=admin, user=user, site_url=SITE)
    new = mailed_token()
    assert old != new
    with pytest.raises(InvitationInvalid):
        accept_invitation(token=old, password=PASSWORD)
    assert accept_invitation(token=new, password=PASSWORD) == user


@pytest.mark.django_db
def test_an_administrator_cannot_take_away_their_own_administrator_role(admin):
    with pytest.raises(TeamRefused):
        change_roles(by=admin, user=admin, role_names=[roles.HR])
    assert roles.ADMINISTRATOR in User.objects.get(pk=admin.pk).groups.values_list(
        "name", flat=True
    )


@pytest.mark.django_db
def test_an_administrator_cannot_deactivate_themselves(admin):
    with pytest.raises(TeamRefused):
        set_active(by=admin, user=admin, active=False)
    assert User.objects.get(pk=admin.pk).is_active


@pytest.mark.django_db
def test_roles_given_and_taken_are_recorded(admin, hr):
    assert change_roles(by=admin, user=hr, role_names=[roles.MANAGER])
    assert roles.user_roles(User.objects.get(pk=hr.pk)) == {roles.MANAGER}
    event = TeamEvent.objects.get()
    assert (event.actor, event.subject, event.action) == (admin, hr, TeamAction.ROLES_CHANGED)
    assert event.detail == "HR -> Manager"


@pytest.mark.django_db
def test_a_deactivated_user_cannot_log_in(admin, hr):
    set_active(by=admin, user=hr, active=False)
    response = Client().post(reverse("login"), {"username": "hr", "password": "pw-for-tests"})
    assert response.status_code == 200
    assert response.context["user"].is_anonymous
    set_active(by=admin, user=hr, active=True)
    response = Client().post(reverse("login"), {"username": "hr", "password": "pw-for-tests"})
    assert response.status_code == 302


@pytest.mark.django_db
def test_a_created_account_gets_a_link_and_no_mail(admin):
    user, link = create_account(
        by=admin, username="direct", email="d@example.com", role_names=[], site_url=SITE
    )
    assert mail.outbox == []
    assert link.startswith(f"{SITE}/invitations/")
    assert accept_invitation(token=token_from(link), password=PASSWORD) == user

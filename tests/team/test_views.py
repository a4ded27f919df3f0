"""The Team page and the invitee's page, as the people using them see them."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from hiring import roles
from team.models import Invitation, TeamEvent
from team.services import set_active
from tests.conftest import SET_PASSWORD, logged_in, open_invitation
from tests.factories import InterviewFactory, submitted_scorecard

PASSWORD = "a-long-enough-pass-2026"


def invite(client: Client, username: str = "newcomer", **extra) -> object:
    data = {
        "invite-username": username,
        "invite-email": f"{username}@example.com",
        "invite-roles": [roles.INTERVIEWER],
        **extra,
    }
    return client.post(reverse("team:invite"), data, follow=True)


def mailed_link() -> str:
    return next(
        line.strip() for line in mail.outbox[-1].body.splitlines() if "/invitations/" in line
    )


@pytest.mark.django_db
def test_the_team_page_lists_everyone_with_roles_and_status(admin, hr):
    client = logged_in(admin)
    invite(client)
    set_active(by=admin, user=hr, active=False)
    page = client.get(reverse("team:team")).content.decode()
    assert "newcomer" in page and "Invitation pending" in page
    assert "Deactivated" in page
    assert "Administrator" in page


@pytest.mark.django_db
def test_an_invitee_sets_a_password_and_is_logged_in(admin):
    invite(logged_in(admin))
    link = mailed_link()
    invitee, page = open_invitation(link)
    assert page.status_code == 200
    response = invitee.post(SET_PASSWORD, {"new_password1": PASSWORD, "new_password2": PASSWORD})
    assert response.status_code == 302
    assert invitee.get(reverse("candidates:my-interviews")).status_code == 200
    assert "no longer works" in Client().get(link).content.decode()


@pytest.mark.django_db
def test_the_token_leaves_the_address_bar_and_the_page_is_never_cached(admin):
    invite(logged_in(admin))
    link = mailed_link()
    token = link.rstrip("/").rsplit("/", 1)[-1]
    _invitee, page = open_invitation(link)
    assert page.redirect_chain == [(str(SET_PASSWORD), 302)]
    assert token not in page.request["PATH_INFO"] and token not in page.content.decode()
    assert page["Cache-Control"] == "no-store, private"
    assert page["Referrer-Policy"] == "same-origin"


@pytest.mark.django_db
def test_the_set_password_page_without_a_link_says_the_link_no_longer_works(client):
    response = client.get(SET_PASSWORD)
    assert response.status_code == 404
    assert "no longer works" in response.content.decode()


@pytest.mark.django_db
def test_a_weak_password_is_refused_next_to_the_field(admin):
    invite(logged_in(admin))
    invitee, _page = open_invitation(mailed_link())
    response = invitee.post(SET_PASSWORD, {"new_password1": "123", "new_password2": "123"})
    assert response.status_code == 200
    assert response.context["form"].errors["new_password2"]
    assert not User.objects.get(username="newcomer").has_usable_password()


@pytest.mark.django_db
@pytest.mark.parametrize("token", ["unknown", "x" * 300])
def test_an_unknown_link_says_so(client, token):
    response = client.get(reverse("team:invitation-accept", args=[token]))
    assert response.status_code == 404
    assert "no longer works" in response.content.decode()


@pytest.mark.django_db
def test_an_expired_link_says_so(admin):
    invite(logged_in(admin))
    Invitation.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    response = Client().get(mailed_link())
    assert response.status_code == 404
    assert "no longer works" in response.content.decode()


@pytest.mark.django_db
def test_a_taken_username_is_refused_next_to_the_field_and_kept(admin, hr):
    response = invite(logged_in(admin), username="HR")
    assert response.context["invite_form"].errors["username"]
    assert 'value="HR"' in response.content.decode()
    assert mail.outbox == [] and TeamEvent.objects.count() == 0


@pytest.mark.django_db
def test_creating_an_account_shows_a_one_time_link(admin):
    response = logged_in(admin).post(
        reverse("team:create"),
        {"create-username": "direct", "create-email": "d@example.com", "create-roles": []},
    )
    assert response.status_code == 200
    link = response.context["link"]
    assert link in response.content.decode()
    assert mail.outbox == []
    invitee, _page = open_invitation(link)
    posted = invitee.post(SET_PASSWORD, {"new_password1": PASSWORD, "new_password2": PASSWORD})
    assert posted.status_code == 302


@pytest.mark.django_db
def test_an_administrator_cannot_lock_themselves_out(admin):
    client = logged_in(admin)
    response = client.post(
        reverse("team:roles", args=[admin.pk]), {"roles": [roles.HR]}, follow=True
    )
    assert "cannot take away your own Administrator role" in response.content.decode()
    response = client.post(reverse("team:deactivate", args=[admin.pk]), follow=True)
    assert "cannot deactivate your own account" in response.content.decode()
    assert client.get(reverse("team:team")).status_code == 200


@pytest.mark.django_db
def test_a_deactivated_interviewer_keeps_their_name_on_their_scorecards(admin, hr, interviewer):
    interview = InterviewFactory()
    submitted_scorecard(interview, {"experience": 4}, entered_by=interviewer)
    logged_in(admin).post(reverse("team:deactivate", args=[interviewer.pk]))
    assert not User.objects.get(pk=interviewer.pk).is_active
    page = logged_in(hr).get(
        reverse("candidates:candidate-detail", args=[interview.application.candidate_id])
    )
    assert "entered by interviewer" in page.content.decode()


@pytest.mark.django_db
def test_a_deactivated_user_is_logged_out_of_their_session(admin, hr):
    hr_client = logged_in(hr)
    logged_in(admin).post(reverse("team:deactivate", args=[hr.pk]))
    response = hr_client.get(reverse("home"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


@pytest.mark.django_db
def test_the_record_is_newest_first_and_paginated(admin, hr):
    for number in range(30):
        set_active(by=admin, user=hr, active=number % 2 == 1)
    client = logged_in(admin)
    first = client.get(reverse("team:team")).context["events"]
    assert len(first) == 25 and first.has_next()
    assert list(first)[0].pk == TeamEvent.objects.latest("pk").pk
    assert len(client.get(reverse("team:team"), {"page": 2}).context["events"]) == 5

"""Scorecard links: made, replaced, revoked, resolved, and spent by one submission."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from candidates.models import InterviewStatus, LinkEnd, ScorecardLink
from candidates.services import links
from candidates.services.interviews import cancel_interview
from candidates.services.links import (
    LinkDead,
    LinkRefused,
    create_link,
    resolve_token,
    revoke_links,
)
from candidates.services.reminders import send_overdue_reminders
from candidates.services.scorecards import ScorecardEntry, ScoreEntry, save_scorecard
from tests.conftest import make_user
from tests.factories import DEFAULT_CODES, InterviewFactory, submitted_scorecard

pytestmark = pytest.mark.django_db


def complete_entry() -> ScorecardEntry:
    return ScorecardEntry(
        scores={code: ScoreEntry(3) for code in DEFAULT_CODES}, recommendation="yes"
    )


def submit_through(new, interview=None, version: int = 0):
    return save_scorecard(
        interview=interview or new.link.interview,
        entry=complete_entry(),
        by=None,
        expected_version=version,
        submit=True,
        link=new.link,
    )


def test_only_the_hash_of_the_token_is_stored(hr):
    new = create_link(interview=InterviewFactory(), by=hr)
    stored = ScorecardLink.objects.get()
    assert new.token not in stored.token_hash
    assert stored.token_hash == links.hash_token(new.token)
    assert new.path == f"/s/{new.token}/"
    assert stored.created_by == hr
    assert abs(stored.expires_at - (timezone.now() + timedelta(days=14))) < timedelta(minutes=1)


def test_a_new_link_replaces_the_live_one():
    interview = InterviewFactory()
    first = create_link(interview=interview, by=None)
    second = create_link(interview=interview, by=None)
    assert resolve_token(first.token).reason == links.REPLACED
    assert resolve_token(second.token).is_live


def test_revoked_expired_and_unknown_tokens_say_why(hr):
    interview = InterviewFactory()
    revoked = create_link(interview=interview, by=hr)
    assert revoke_links(interview=interview, by=hr) == 1
    assert resolve_token(revoked.token).reason == links.REVOKED
    expired = create_link(interview=InterviewFactory(), by=hr, days=1)
    later = timezone.now() + timedelta(days=2)
    assert resolve_token(expired.token, now=later).reason == links.EXPIRED
    assert resolve_token("no-such-token").reason == links.UNKNOWN


def test_a_submission_through_the_link_records_it_and_spends_it():
    new = create_link(interview=InterviewFactory(), by=None)
    scorecard = submit_through(new)
    assert scorecard.is_submitted
    assert scorecard.submitted_via_link == new.link
    assert scorecard.entered_by is None
    new.link.refresh_from_db()
    assert new.link.used_at is not None
    assert resolve_token(new.token).reason == links.USED


def test_a_second_submission_through_the_same_link_is_refused():
    new = create_link(interview=InterviewFactory(), by=None)
    scorecard = submit_through(new)
    with pytest.raises(LinkDead) as dead:
        submit_through(new, version=scorecard.version)
    assert dead.value.reason == links.USED


def test_a_link_opens_only_its_own_interview():
    new = create_link(interview=InterviewFactory(), by=None)
    other = InterviewFactory()
    with pytest.raises(LinkDead):
        submit_through(new, interview=other)
    assert not hasattr(other, "scorecard")


def test_submission_on_the_page_kills_the_live_link(hr):
    interview = InterviewFactory()
    new = create_link(interview=interview, by=hr)
    save_scorecard(
        interview=interview, entry=complete_entry(), by=hr, expected_version=0, submit=True
    )
    assert resolve_token(new.token).reason == links.USED


def test_no_link_for_a_cancelled_interview_or_a_submitted_scorecard():
    with pytest.raises(LinkRefused):
        create_link(interview=InterviewFactory(status=InterviewStatus.CANCELLED), by=None)
    done = InterviewFactory()
    submitted_scorecard(done, {"experience": 3})
    with pytest.raises(LinkRefused):
        create_link(interview=done, by=None)
    with pytest.raises(LinkRefused):
        create_link(interview=InterviewFactory(), by=None, days=0)
    assert not ScorecardLink.objects.exists()


def test_changing_the_interviewer_in_the_admin_revokes_the_links(client):
    admin_user = make_user("root", None, staff=True)
    admin_user.is_superuser = True
    admin_user.save()
    interview = InterviewFactory()
    new = create_link(interview=interview, by=None)
    other = InterviewFactory().interviewer
    client.force_login(admin_user)
    url = f"/admin/candidates/interview/{interview.pk}/change/"
    response = client.post(
        url,
        {
            "application": interview.application_id,
            "interviewer": other.pk,
            "round_name": interview.round_name,
            "changes-TOTAL_FORMS": 0,
            "changes-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    link = ScorecardLink.objects.get(pk=new.link.pk)
    assert link.revoke_reason == LinkEnd.INTERVIEWER_CHANGED
    assert resolve_token(new.token).reason == links.REVOKED


def test_the_reminder_to_an_interviewer_without_account_carries_a_fresh_link(settings):
    settings.SITE_URL = "https://hiring.example.com/"
    now = timezone.now()
    interview = InterviewFactory(scheduled_at=now - timedelta(hours=30))
    old = create_link(interview=interview, by=None)
    assert send_overdue_reminders(now=now, hours=24) == 1
    body = mail.outbox[0].body
    assert "https://hiring.example.com/s/" in body
    token = body.split("https://hiring.example.com/s/")[1].split("/")[0]
    assert resolve_token(token).link.interview == interview
    assert resolve_token(old.token).reason == links.REPLACED


def test_the_reminder_to_an_interviewer_with_an_account_has_no_link(interviewer):
    now = timezone.now()
    interview = InterviewFactory(scheduled_at=now - timedelta(hours=30))
    interview.interviewer.user = interviewer
    interview.interviewer.save()
    send_overdue_reminders(now=now, hours=24)
    assert "/s/" not in mail.outbox[0].body
    assert not ScorecardLink.objects.exists()


def test_a_link_to_a_cancelled_interview_is_revoked(hr):
    interview = InterviewFactory()
    new = create_link(interview=interview, by=hr)
    cancel_interview(interview=interview, by=hr, reason="The candidate withdrew.")
    assert resolve_token(new.token).reason == links.REVOKED

"""Cancelling and rescheduling interviews: the reason, the rules, and what follows from it."""

from datetime import datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from candidates.models import InterviewAction, InterviewChange, InterviewStatus, Recommendation
from candidates.selectors.reminders import overdue_interviews
from candidates.services.interviews import (
    InterviewUnchangeable,
    cancel_interview,
    reschedule_interview,
)
from candidates.services.reminders import send_overdue_reminders
from candidates.services.scorecards import (
    InterviewCancelled,
    ScorecardEntry,
    ScoreEntry,
    save_scorecard,
)
from tests.factories import InterviewFactory, ScorecardFactory, submitted_scorecard

pytestmark = pytest.mark.django_db


def overdue() -> list:
    return list(overdue_interviews(now=timezone.now(), hours=24))


def test_a_cancelled_interview_keeps_who_when_why_and_is_never_overdue(hr):
    interview = InterviewFactory(scheduled_at=timezone.now() - timedelta(days=3))
    assert overdue() == [interview]
    cancel_interview(interview=interview, by=hr, reason="  Candidate fell ill  ")
    interview.refresh_from_db()
    assert interview.status == InterviewStatus.CANCELLED
    [change] = InterviewChange.objects.all()
    assert (change.action, change.by, change.reason) == ("cancelled", hr, "Candidate fell ill")
    assert change.old_scheduled_at == interview.scheduled_at
    assert change.new_scheduled_at is None
    assert overdue() == []


@pytest.mark.parametrize("reason", ["", "   "])
def test_no_change_without_a_reason(hr, reason):
    interview = InterviewFactory()
    with pytest.raises(InterviewUnchangeable):
        cancel_interview(interview=interview, by=hr, reason=reason)
    with pytest.raises(InterviewUnchangeable):
        reschedule_interview(interview=interview, scheduled_at=timezone.now(), by=hr, reason=reason)
    interview.refresh_from_db()
    assert interview.status == InterviewStatus.SCHEDULED
    assert not InterviewChange.objects.exists()


def test_an_interview_with_a_submitted_scorecard_is_neither_cancelled_nor_moved(hr):
    interview = InterviewFactory()
    submitted_scorecard(interview, {"experience": 3})
    with pytest.raises(InterviewUnchangeable, match="submitted"):
        cancel_interview(interview=interview, by=hr, reason="Duplicate")
    with pytest.raises(InterviewUnchangeable, match="submitted"):
        reschedule_interview(
            interview=interview, scheduled_at=timezone.now(), by=hr, reason="Later"
        )
    assert not InterviewChange.objects.exists()


def test_cancelling_twice_is_refused(hr):
    interview = InterviewFactory()
    cancel_interview(interview=interview, by=hr, reason="Position filled")
    with pytest.raises(InterviewUnchangeable, match="already"):
        cancel_interview(interview=interview, by=hr, reason="Again")
    assert InterviewChange.objects.count() == 1


def test_rescheduling_keeps_both_times_and_clears_the_reminder(hr):
    old = timezone.now() - timedelta(days=3)
    interview = InterviewFactory(scheduled_at=old, reminder_sent_at=timezone.now())
    new = timezone.now() + timedelta(days=2)
    reschedule_interview(interview=interview, scheduled_at=new, by=hr, reason="Room taken")
    interview.refresh_from_db()
    assert (interview.scheduled_at, interview.reminder_sent_at) == (new, None)
    [change] = InterviewChange.objects.all()
    assert (change.action, change.old_scheduled_at, change.new_scheduled_at) == (
        InterviewAction.RESCHEDULED,
        old,
        new,
    )
    assert change.reason == "Room taken"


def test_a_rescheduled_interview_is_reminded_again_once_overdue(hr, mailoutbox):
    interview = InterviewFactory(scheduled_at=timezone.now() - timedelta(days=3))
    assert send_overdue_reminders(now=timezone.now(), hours=24) == 1
    reschedule_interview(
        interview=interview,
        scheduled_at=timezone.now() - timedelta(days=2),
        by=hr,
        reason="It happened a day later",
    )
    assert send_overdue_reminders(now=timezone.now(), hours=24) == 1
    assert len(mailoutbox) == 2


def test_rescheduling_a_cancelled_interview_schedules_it_again(hr):
    interview = InterviewFactory()
    cancel_interview(interview=interview, by=hr, reason="Candidate travelling")
    later = timezone.now() + timedelta(days=7)
    reschedule_interview(interview=interview, scheduled_at=later, by=hr, reason="Back")
    interview.refresh_from_db()
    assert (interview.status, interview.scheduled_at) == (InterviewStatus.SCHEDULED, later)


@pytest.mark.parametrize("when", [datetime(1999, 12, 31, 10), datetime(2100, 1, 1, 10)])
def test_the_new_time_obeys_the_scheduling_date_range(hr, when):
    interview = InterviewFactory()
    with pytest.raises(ValidationError):
        reschedule_interview(
            interview=interview,
            scheduled_at=timezone.make_aware(when),
            by=hr,
            reason="Typo",
        )
    assert not InterviewChange.objects.exists()


def test_moving_to_the_time_it_has_is_refused(hr):
    interview = InterviewFactory()
    with pytest.raises(InterviewUnchangeable):
        reschedule_interview(
            interview=interview, scheduled_at=interview.scheduled_at, by=hr, reason="Same"
        )


def test_a_cancelled_interview_takes_no_scorecard_and_a_draft_stays_unsubmitted(hr):
    interview = InterviewFactory()
    ScorecardFactory(interview=interview)
    cancel_interview(interview=interview, by=hr, reason="Withdrew")
    codes = list(interview.application.opening.rubric.dimensions.values_list("code", flat=True))
    entry = ScorecardEntry(
        scores={code: ScoreEntry(value=3) for code in codes},
        recommendation=Recommendation.YES,
    )
    with pytest.raises(InterviewCancelled):
        save_scorecard(interview=interview, entry=entry, by=hr, expected_version=1, submit=True)
    interview.refresh_from_db()
    assert interview.status == InterviewStatus.CANCELLED
    assert not interview.scorecard.is_submitted

"""Overdue scorecards: which interviews count, and one reminder e-mail per interview."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from candidates.models import Interview, InterviewStatus
from candidates.selectors.reminders import overdue_interviews
from candidates.services import reminders
from candidates.services.reminders import send_overdue_reminders
from tests.conftest import make_user
from tests.factories import (
    ApplicationFactory,
    CandidateFactory,
    InterviewerFactory,
    InterviewFactory,
    OpeningFactory,
    ScorecardFactory,
    submitted_scorecard,
)

pytestmark = pytest.mark.django_db

HOURS = 24


@pytest.fixture
def now():
    return timezone.now()


def held(now, hours: float, **fields) -> Interview:
    """An interview that took place `hours` hours before `now`."""
    return InterviewFactory(scheduled_at=now - timedelta(hours=hours), **fields)


def test_overdue_interviews_are_past_the_limit_without_a_submitted_scorecard(now):
    no_card = held(now, 25)
    draft = held(now, 48)
    ScorecardFactory(interview=draft)
    submitted = held(now, 48)
    submitted_scorecard(submitted, {"experience": 3})
    held(now, 48, status=InterviewStatus.CANCELLED)
    held(now, 23)  # not overdue yet
    InterviewFactory(scheduled_at=now + timedelta(days=1))  # still to come

    assert list(overdue_interviews(now=now, hours=HOURS)) == [draft, no_card]


def test_overdue_list_needs_one_query(now, django_assert_num_queries):
    for _ in range(3):
        held(now, 30)
    with django_assert_num_queries(1):
        rows = [
            (i.application.candidate.name, i.application.opening.title, i.interviewer.name)
            for i in overdue_interviews(now=now, hours=HOURS)
        ]
    assert len(rows) == 3


def test_each_overdue_interview_gets_one_reminder_and_a_second_run_sends_none(now, mailoutbox):
    first = held(now, 30)
    second = held(now, 50)

    assert send_overdue_reminders(now=now, hours=HOURS) == 2
    assert sorted(m.to[0] for m in mailoutbox) == sorted(
        [first.interviewer.email, second.interviewer.email]
    )
    for interview in (first, second):
        interview.refresh_from_db()
        assert interview.reminder_sent_at == now

    assert send_overdue_reminders(now=now + timedelta(hours=1), hours=HOURS) == 0
    assert len(mailoutbox) == 2


def test_submitted_cancelled_and_recent_interviews_get_no_reminder(now, mailoutbox):
    submitted = held(now, 48)
    submitted_scorecard(submitted, {"experience": 3})
    held(now, 48, status=InterviewStatus.CANCELLED)
    held(now, 12)

    assert send_overdue_reminders(now=now, hours=HOURS) == 0
    assert mailoutbox == []


def test_reminder_names_candidate_opening_round_and_is_in_english(now, mailoutbox):
    application = ApplicationFactory(
        candidate=CandidateFactory(name="Alice Chen"),
        opening=OpeningFactory(title="Key account manager, enterprise software"),
    )
    held(now, 30, application=application, round_name="Final panel")

    send_overdue_reminders(now=now, hours=HOURS)

    (mail,) = mailoutbox
    assert "Scorecard overdue" in mail.subject
    assert "Alice Chen" in mail.subject
    assert "Key account manager, enterprise software" in mail.body
    assert "Final panel" in mail.body
    assert str(timezone.localtime(now - timedelta(hours=30)).year) in mail.body


def test_reminder_on_a_blind_opening_shows_the_candidate_code_not_the_name(now, mailoutbox):
    candidate = CandidateFactory(name="李娜")
    application = ApplicationFactory(candidate=candidate, opening=OpeningFactory(blind_review=True))
    held(now, 30, application=application)

    send_overdue_reminders(now=now, hours=HOURS)

    (mail,) = mailoutbox
    assert candidate.code in mail.subject
    assert candidate.code in mail.body
    assert "李娜" not in mail.subject + mail.body


def test_reminder_falls_back_to_the_linked_users_email(now, mailoutbox):
    user = make_user("zhou", None)
    user.email = "zhou@example.com"
    user.save()
    held(now, 30, interviewer=InterviewerFactory(email="", user=user))

    assert send_overdue_reminders(now=now, hours=HOURS) == 1
    assert mailoutbox[0].to == ["zhou@example.com"]


def test_interviewer_without_any_email_is_skipped_and_not_marked(now, mailoutbox):
    interview = held(now, 30, interviewer=InterviewerFactory(email=""))

    assert send_overdue_reminders(now=now, hours=HOURS) == 0
    interview.refresh_from_db()
    assert interview.reminder_sent_at is None


def test_a_failure_midway_keeps_the_sent_ones_marked_and_a_rerun_sends_only_the_rest(
    now, mailoutbox, monkeypatch
):
    first = held(now, 50)
    second = held(now, 30)
    real_send_mail = reminders.send_mail
    calls = []

    def failing_on_second(*args, **kwargs):
        calls.append(args)
        if len(calls) == 2:
            raise ConnectionError("SMTP server went away")
        return real_send_mail(*args, **kwargs)

    monkeypatch.setattr(reminders, "send_mail", failing_on_second)
    with pytest.raises(ConnectionError):
        send_overdue_reminders(now=now, hours=HOURS)
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.reminder_sent_at == now
    assert second.reminder_sent_at is None

    monkeypatch.setattr(reminders, "send_mail", real_send_mail)
    assert send_overdue_reminders(now=now, hours=HOURS) == 1
    assert [m.to for m in mailoutbox] == [[first.interviewer.email], [second.interviewer.email]]


def test_command_prints_how_many_it_sent(mailoutbox):
    held(timezone.now(), 30)
    out = StringIO()

    call_command("remind_overdue", stdout=out)
    assert out.getvalue().strip() == "Sent 1 reminder(s)."

    out = StringIO()
    call_command("remind_overdue", stdout=out)
    assert out.getvalue().strip() == "Sent 0 reminder(s)."
    assert len(mailoutbox) == 1


def test_command_hours_option_moves_the_limit(mailoutbox, settings):
    settings.SCORECARD_OVERDUE_HOURS = 24
    held(timezone.now(), 30)
    out = StringIO()

    call_command("remind_overdue", "--hours", "48", stdout=out)
    assert out.getvalue().strip() == "Sent 0 reminder(s)."

    call_command("remind_overdue", stdout=out)
    assert len(mailoutbox) == 1

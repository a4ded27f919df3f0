"""Scorecard reminders on a schedule: when, to whom, in which language, with which link."""

import re
from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from django_tasks_db.models import DBTaskResult

from candidates.models import InterviewStatus
from candidates.services.links import resolve_token
from notifications.models import ReminderSent
from notifications.selectors.reminders import due_reminders
from notifications.services.reminders import send_reminders
from notifications.tasks import enqueue_due_reminders
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
from tests.notifications.conftest import DATABASE
from tests.notifications.mailbox import CountingBackend

pytestmark = pytest.mark.django_db


@pytest.fixture
def held():
    """When the interview took place: a fixed moment a day ago."""
    return timezone.now().replace(microsecond=0) - timedelta(days=1)


def drive(at) -> int:
    """One driver run at `at` (the immediate backend sends at once); e-mails sent so far."""
    enqueue_due_reminders(now=at)
    return len(mail.outbox)


def test_reminders_go_two_hours_after_then_daily_up_to_the_limit(held):
    interview = InterviewFactory(scheduled_at=held)
    hour = timedelta(hours=1)

    assert drive(held + 1.99 * hour) == 0
    assert drive(held + 2 * hour) == 1
    assert drive(held + 3 * hour) == 1  # the same slot: sent already
    assert drive(held + 25.9 * hour) == 1
    assert drive(held + 26 * hour) == 2
    assert drive(held + 50 * hour) == 3
    assert drive(held + 60 * hour) == 3
    assert drive(held + 74 * hour) == 3  # past the limit: nothing more
    assert drive(held + 98 * hour) == 3

    sent = ReminderSent.objects.filter(interview=interview).order_by("attempt")
    assert [(r.attempt, r.recipient, r.sent_at is not None) for r in sent] == [
        (n, interview.interviewer.email, True) for n in (1, 2, 3)
    ]


def test_nothing_once_the_scorecard_is_submitted(held):
    interview = InterviewFactory(scheduled_at=held)
    assert drive(held + timedelta(hours=2)) == 1

    submitted_scorecard(interview, {"experience": 3})
    assert drive(held + timedelta(hours=26)) == 1


def test_a_draft_does_not_stop_the_reminders(held):
    ScorecardFactory(interview=InterviewFactory(scheduled_at=held))
    assert drive(held + timedelta(hours=2)) == 1


def test_nothing_for_a_cancelled_interview(held):
    InterviewFactory(scheduled_at=held, status=InterviewStatus.CANCELLED)
    assert drive(held + timedelta(hours=2)) == 0


def test_a_cancellation_after_queueing_stops_the_queued_reminder(held):
    interview = InterviewFactory(scheduled_at=held)
    due = due_reminders(now=held + timedelta(hours=2))
    interview.status = InterviewStatus.CANCELLED
    interview.save()

    assert send_reminders(reminders=due, now=timezone.now()) == 0
    assert ReminderSent.objects.count() == 0


def test_a_rescheduled_interview_starts_a_new_series(held):
    interview = InterviewFactory(scheduled_at=held)
    assert drive(held + timedelta(hours=2)) == 1
    later = held + timedelta(hours=30)
    queued_before = due_reminders(now=held + timedelta(hours=26))
    interview.scheduled_at = later
    interview.save()

    # A reminder queued for the old time is not sent for the new one.
    assert send_reminders(reminders=queued_before, now=timezone.now()) == 0
    assert drive(later + timedelta(hours=2)) == 2
    assert list(ReminderSent.objects.order_by("pk").values_list("scheduled_for", "attempt")) == [
        (held, 1),
        (later, 1),
    ]


def test_the_same_reminders_sent_twice_go_once(held):
    InterviewFactory(scheduled_at=held)
    InterviewFactory(scheduled_at=held)
    due = due_reminders(now=held + timedelta(hours=2))

    assert send_reminders(reminders=due, now=timezone.now()) == 2
    assert send_reminders(reminders=due, now=timezone.now()) == 0
    assert len(mail.outbox) == 2


# A real transaction: the worker closes a connection it finds inside one (PostgreSQL).
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_driver_runs_before_the_worker_send_once_through_db_worker(settings):
    """The database backend: two cron runs queue the same reminder; the worker sends it once."""
    settings.TASKS = DATABASE
    interview = InterviewFactory(scheduled_at=timezone.now() - timedelta(hours=3))
    out = StringIO()
    call_command("send_reminders", stdout=out)
    call_command("send_reminders", stdout=out)
    assert out.getvalue().split("\n")[:2] == ["Queued 1 reminder(s).", "Queued 1 reminder(s)."]
    assert DBTaskResult.objects.count() == 2
    assert mail.outbox == []

    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)

    assert [m.to for m in mail.outbox] == [[interview.interviewer.email]]
    assert ReminderSent.objects.get().attempt == 1
    results = [row.task_result for row in DBTaskResult.objects.all()]
    assert sorted(result.status for result in results) == ["SUCCESSFUL"] * 2
    # One job sent the reminder; the other found it recorded and sent nothing.
    assert sorted(result.return_value for result in results) == [0, 1]


def test_one_smtp_connection_for_the_whole_batch(held):
    for _ in range(3):
        InterviewFactory(scheduled_at=held)

    assert drive(held + timedelta(hours=2)) == 3
    assert CountingBackend.connections == 1


def test_a_refused_address_does_not_stop_the_others_and_is_tried_again(held):
    first = InterviewFactory(scheduled_at=held)
    refused = InterviewFactory(scheduled_at=held)
    CountingBackend.refused = {refused.interviewer.email}

    assert drive(held + timedelta(hours=2)) == 1
    assert list(ReminderSent.objects.values_list("interview", flat=True)) == [first.pk]

    CountingBackend.refused = set()
    assert drive(held + timedelta(hours=3)) == 2
    assert mail.outbox[1].to == [refused.interviewer.email]


def test_an_interviewer_with_an_account_gets_the_scorecard_entry_page(held):
    user = make_user("wang", None)
    interview = InterviewFactory(scheduled_at=held, interviewer=InterviewerFactory(user=user))
    drive(held + timedelta(hours=2))

    (message,) = mail.outbox
    entry = "https://hiring.example.com" + reverse(
        "candidates:scorecard-entry", args=[interview.pk]
    )
    assert entry in message.body
    assert "/s/" not in message.body


def test_an_interviewer_without_an_account_gets_a_live_scorecard_link(held):
    interview = InterviewFactory(scheduled_at=held)
    drive(held + timedelta(hours=2))

    (message,) = mail.outbox
    token = re.search(r"https://hiring\.example\.com/s/([\w-]+)/\n", message.body).group(1)
    resolved = resolve_token(token)
    assert resolved.is_live
    assert resolved.link.interview_id == interview.pk


def test_a_blind_review_opening_names_the_candidate_by_code(held):
    candidate = CandidateFactory(name="李娜")
    opening = OpeningFactory(blind_review=True)
    InterviewFactory(
        scheduled_at=held, application=ApplicationFactory(candidate=candidate, opening=opening)
    )
    drive(held + timedelta(hours=2))

    (message,) = mail.outbox
    assert candidate.code in message.subject
    assert candidate.code in message.body
    assert "李娜" not in message.subject + message.body


def test_the_mail_names_candidate_opening_round_and_counts_the_reminders(held):
    application = ApplicationFactory(
        candidate=CandidateFactory(name="Alice Chen"), opening=OpeningFactory(title="KAM, cloud")
    )
    InterviewFactory(scheduled_at=held, application=application, round_name="Final panel")
    drive(held + timedelta(hours=26))

    (message,) = mail.outbox
    assert message.subject == "Scorecard reminder: Alice Chen, Final panel"
    assert "KAM, cloud" in message.body
    assert "This is reminder 2 of 3" in message.body


def test_the_mail_is_in_the_sites_language_when_nobody_chose_one(held, settings):
    """Neither the account nor the interviewer row holds a language: LANGUAGE_CODE decides."""
    settings.LANGUAGE_CODE = "zh-hans"
    user = make_user("li", None)
    interview = InterviewFactory(
        scheduled_at=held, interviewer=InterviewerFactory(user=user), round_name="Final"
    )
    drive(held + timedelta(hours=2))

    (message,) = mail.outbox
    with translation.override("zh-hans"):
        subject = gettext("Scorecard reminder: %(candidate)s, %(round)s") % {
            "candidate": interview.application.candidate.name,
            "round": "Final",
        }
    assert message.subject == subject
    # Dates follow the language's format (Django's own zh-hans formats).
    assert f"{timezone.localtime(held).year}年" in message.body


def test_the_mail_is_in_english_under_the_default_language(held):
    InterviewFactory(scheduled_at=held, interviewer=InterviewerFactory(user=make_user("li", None)))
    drive(held + timedelta(hours=2))

    (message,) = mail.outbox
    assert message.body.startswith("Dear ")
    assert "年" not in message.body


def test_an_interviewer_without_any_address_is_skipped_and_nothing_recorded(held):
    InterviewFactory(scheduled_at=held, interviewer=InterviewerFactory(email=""))
    assert drive(held + timedelta(hours=2)) == 0
    assert ReminderSent.objects.count() == 0


def test_interviews_from_before_the_last_slot_get_nothing_on_a_first_run():
    InterviewFactory(scheduled_at=timezone.now() - timedelta(days=30))
    assert drive(timezone.now()) == 0


def test_the_overdue_command_still_works_beside_the_schedule(held):
    InterviewFactory(scheduled_at=held - timedelta(days=1))
    out = StringIO()
    call_command("remind_overdue", stdout=out)
    assert out.getvalue().strip() == "Sent 1 reminder(s)."

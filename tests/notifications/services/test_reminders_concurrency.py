"""Two workers at once with the same due reminders: one e-mail (PostgreSQL only)."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from notifications.models import ReminderSent
from notifications.selectors.reminders import due_reminders
from notifications.services.reminders import send_reminders
from tests.concurrency import on_postgresql, run_together
from tests.factories import InterviewFactory

pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True), on_postgresql]


def test_two_workers_sending_the_same_reminders_send_each_once():
    held = timezone.now() - timedelta(hours=3)
    interviews = [InterviewFactory(scheduled_at=held) for _ in range(3)]
    due = due_reminders(now=timezone.now())

    results = run_together(
        lambda: send_reminders(reminders=due, now=timezone.now()),
        lambda: send_reminders(reminders=due, now=timezone.now()),
    )

    assert sum(results) == 3
    assert sorted(m.to[0] for m in mail.outbox) == sorted(i.interviewer.email for i in interviews)
    assert ReminderSent.objects.filter(sent_at__isnull=False).count() == 3

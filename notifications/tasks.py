"""Background jobs (django-tasks): reminders, manager notices, chat messages.

Every job is safe to run twice: what it sends is recorded first under a
unique constraint. Failed e-mails and chat posts are retried by the job
enqueueing itself again with a doubling delay (NOTIFY_RETRY_SECONDS, 2x, 4x
...), up to NOTIFY_RETRY_LIMIT attempts; a backend that cannot defer (the
immediate one) retries at once.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone
from django_tasks import task
from django_tasks.base import Task

from notifications.models import ChatStatus
from notifications.selectors.notices import submitted_scorecard
from notifications.selectors.reminders import DueReminder, due_reminders
from notifications.services.chat import deliver, queue_chat_messages, retry_delay
from notifications.services.notices import notices_for, notify_managers
from notifications.services.reminders import send_reminders

# Reminders per job: each job sends its batch over one SMTP connection.
REMINDER_BATCH = 200


def enqueue_later(job: Task, *, seconds: int, **kwargs: object) -> None:
    """Enqueue `job` to run in `seconds` seconds, or now on a backend that cannot wait."""
    if job.get_backend().supports_defer:
        job = job.using(run_after=timezone.now() + timedelta(seconds=seconds))
    job.enqueue(**kwargs)


@task()
def send_reminder_batch(due: list[list]) -> int:
    """Send the reminders a driver found due (DueReminder.as_job rows); how many went."""
    return send_reminders(reminders=[DueReminder.from_job(row) for row in due], now=timezone.now())


def enqueue_due_reminders(*, now: datetime) -> int:
    """Queue the reminders due at `now` in batches; return how many were queued.

    Safe to run as often as cron likes: a reminder queued twice is sent once.
    """
    due = [reminder.as_job() for reminder in due_reminders(now=now)]
    for start in range(0, len(due), REMINDER_BATCH):
        send_reminder_batch.enqueue(due=due[start : start + REMINDER_BATCH])
    return len(due)


@task()
def post_chat_message(message_id: int) -> str:
    """Post one chat message; on failure try again later, up to the limit."""
    message = deliver(message_id=message_id)
    if message is None:
        return "skipped"
    if message.status == ChatStatus.PENDING:
        enqueue_later(
            post_chat_message, seconds=retry_delay(message.attempts), message_id=message_id
        )
    return message.status


@task()
def announce_scorecard(scorecard_id: int, attempt: int = 1) -> dict:
    """A scorecard was submitted: tell the chat channels and e-mail the hiring managers.

    Retried (with `attempt` + 1) while some manager's e-mail failed.
    """
    scorecard = submitted_scorecard(scorecard_id)
    if scorecard is None:
        return {"sent": 0, "failed": 0}
    notices = notices_for(scorecard)
    opening_id = scorecard.interview.application.opening_id
    for message_id in queue_chat_messages(opening_id=opening_id, notices=notices):
        post_chat_message.enqueue(message_id=message_id)
    sent, failed = notify_managers(scorecard=scorecard, notices=notices)
    if failed and attempt < settings.NOTIFY_RETRY_LIMIT:
        enqueue_later(
            announce_scorecard,
            seconds=retry_delay(attempt),
            scorecard_id=scorecard_id,
            attempt=attempt + 1,
        )
    return {"sent": sent, "failed": failed}

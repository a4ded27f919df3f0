"""The delivery job: one attempt per run, the next one enqueued for later on failure."""

from django.db import transaction
from django_tasks import task

from integrations.delivering import attempt_delivery
from integrations.sending import schedule_retry


@task()
def deliver_webhook(delivery_id: int) -> dict | None:
    """Attempt the delivery; on failure enqueue this job again at the backoff's next time.

    Returns the attempt as logged (the task result shows it), or None when the
    delivery was no longer due (sent, given up, or taken by another job).
    """
    attempt = attempt_delivery(delivery_id=delivery_id)
    if attempt is None:
        return None
    if attempt.retry_at is not None:
        schedule_retry(deliver_webhook, delivery_id, at=attempt.retry_at)
    return attempt.as_log()


def enqueue_deliveries(delivery_ids: list[int]) -> None:
    """Enqueue one job per delivery once the transaction that made them commits."""
    for delivery_id in delivery_ids:
        transaction.on_commit(lambda pk=delivery_id: deliver_webhook.enqueue(pk))

"""One attempt at a delivery: claim it, POST the signed body, record what happened.

Called by the delivery job (integrations.tasks) and by send_test_webhook. The
POST happens outside any transaction, so no lock is held while the receiver
thinks; the claim before it makes sure two jobs never send the same attempt.
"""

import json

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from integrations.models import Delivery, DeliveryStatus, Event
from integrations.sending import Attempt, post_json
from integrations.signing import DELIVERY_HEADER, EVENT_HEADER, SIGNATURE_HEADER, sign


def body_of(delivery: Delivery) -> bytes:
    """The JSON sent, the same bytes on every attempt: compact, keys sorted, UTF-8."""
    document = {
        "id": delivery.pk,
        "event": delivery.event,
        "created_at": delivery.created_at.isoformat(),
        "data": delivery.payload,
    }
    return json.dumps(document, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def headers_of(delivery: Delivery, body: bytes) -> dict[str, str]:
    """Signed now, not when the event happened: a retry hours later is still within tolerance."""
    return {
        SIGNATURE_HEADER: sign(delivery.webhook.secret, body),
        EVENT_HEADER: delivery.event,
        DELIVERY_HEADER: str(delivery.pk),
    }


def claim(*, delivery_id: int) -> bool:
    """Take the delivery's next attempt if it is still open and due; False if not.

    A deactivated webhook is sent nothing, not even the retries it was owed (the
    test event excepted, so a URL can be checked before the hook is switched on).

    One conditional UPDATE: of two jobs for the same attempt (a scheduled retry and
    "retry now"), one gets it. A job whose attempt was taken by another, or whose
    delivery succeeded or gave up meanwhile, does nothing.
    """
    return bool(
        Delivery.objects.filter(
            Q(webhook__active=True) | Q(event=Event.TEST),
            pk=delivery_id,
            status__in=[DeliveryStatus.PENDING, DeliveryStatus.FAILED],
            next_attempt_at__lte=timezone.now(),
        ).update(attempts=F("attempts") + 1, next_attempt_at=None)
    )


def attempt_delivery(*, delivery_id: int, retry: bool = True) -> Attempt | None:
    """Make the delivery's next attempt, if due; None when there was nothing to do.

    Success (2xx) marks it succeeded; a failure schedules the next attempt after
    the backoff (integrations.sending.BACKOFF) if `retry` and attempts remain,
    and otherwise gives up. Every attempt is appended to `attempt_log`. Only the
    row is updated here: the caller enqueues the retry at `Attempt.retry_at`.
    """
    if not claim(delivery_id=delivery_id):
        return None
    delivery = Delivery.objects.select_related("webhook").get(pk=delivery_id)
    body = body_of(delivery)
    attempt = post_json(
        url=delivery.webhook.url,
        body=body,
        headers=headers_of(delivery, body),
        attempt=delivery.attempts,
        retry=retry,
    )
    with transaction.atomic():
        delivery = Delivery.objects.select_for_update().get(pk=delivery_id)
        delivery.attempt_log = [*delivery.attempt_log, attempt.as_log()]
        delivery.last_status_code = attempt.status_code
        delivery.last_error = attempt.error
        delivery.next_attempt_at = attempt.retry_at
        if attempt.ok:
            delivery.status, delivery.delivered_at = DeliveryStatus.SUCCEEDED, attempt.at
        elif attempt.retry_at:
            delivery.status = DeliveryStatus.FAILED
        else:
            delivery.status = DeliveryStatus.GAVE_UP
        delivery.save()
    return attempt

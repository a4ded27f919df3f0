"""The administrator's actions on webhooks: rotate a secret, retry now, send a test."""

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from integrations.delivering import attempt_delivery
from integrations.models import Delivery, DeliveryStatus, Event, Webhook, new_secret
from integrations.sending import Attempt
from integrations.tasks import enqueue_deliveries


def rotate_secret(*, webhook: Webhook) -> str:
    """Give the webhook a new signing secret, in force from the next attempt; return it.

    The old secret stops working at once: the receiver must be given the new one.
    """
    webhook.secret = new_secret()
    webhook.save(update_fields=["secret"])
    return webhook.secret


def retry_now(*, deliveries: Iterable[Delivery]) -> int:
    """Make the given deliveries due now, whatever their state but succeeded; count them.

    A delivery that gave up gets one more attempt (with its backoff afterwards if
    that fails too, up to the attempt limit, then it gives up again). A job waiting
    for a later retry finds the attempt taken and does nothing.
    """
    with transaction.atomic():
        ids = list(
            Delivery.objects.filter(pk__in=[delivery.pk for delivery in deliveries])
            .exclude(status=DeliveryStatus.SUCCEEDED)
            .values_list("pk", flat=True)
        )
        chosen = Delivery.objects.filter(pk__in=ids)
        chosen.filter(status=DeliveryStatus.GAVE_UP).update(status=DeliveryStatus.FAILED)
        chosen.update(next_attempt_at=timezone.now())
        enqueue_deliveries(ids)
    return len(ids)


def send_test(*, webhook: Webhook) -> tuple[Delivery, Attempt]:
    """POST a signed `webhook.test` event to the webhook now, once, and record it.

    For checking a URL and a receiver's signature check: not retried, sent even
    to an inactive webhook.
    """
    delivery = Delivery.objects.create(
        webhook=webhook,
        event=Event.TEST,
        payload={"webhook": {"id": webhook.pk}},
        next_attempt_at=timezone.now(),
    )
    attempt = attempt_delivery(delivery_id=delivery.pk, retry=False)
    delivery.refresh_from_db()
    return delivery, attempt

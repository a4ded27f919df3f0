"""Events in, deliveries out: `emit` records one delivery per subscribed webhook.

The candidates app announces its changes with `candidates.signals.domain_event`
after they commit; `on_domain_event`, connected in IntegrationsConfig.ready,
passes each to `emit`. Nothing here runs inside the user's transaction, and the
request waits only for the rows to be written, never for a receiver.
"""

from django.db import transaction
from django.utils import timezone

from integrations.models import SUBSCRIBABLE, Delivery, DeliveryStatus, Webhook
from integrations.tasks import enqueue_deliveries

EVENTS = frozenset(value for value, _label in SUBSCRIBABLE)


def emit(event: str, payload: dict) -> list[Delivery]:
    """One pending delivery of `payload` per active webhook subscribed to `event`, each enqueued.

    Raises ValueError for an event nobody can subscribe to. Webhooks are few, so
    the subscription is checked in Python (SQLite cannot search a JSON list).
    """
    if event not in EVENTS:
        raise ValueError(f"not a webhook event: {event!r}")
    hooks = [hook for hook in Webhook.objects.filter(active=True) if hook.wants(event)]
    if not hooks:
        return []
    now = timezone.now()
    with transaction.atomic():
        deliveries = Delivery.objects.bulk_create(
            Delivery(
                webhook=hook,
                event=event,
                payload=payload,
                status=DeliveryStatus.PENDING,
                next_attempt_at=now,
            )
            for hook in hooks
        )
        enqueue_deliveries([delivery.pk for delivery in deliveries])
    return deliveries


def on_domain_event(sender, *, event: str, payload: dict, **kwargs) -> None:
    """Receiver of candidates.signals.domain_event (after the change committed).

    Events no webhook can subscribe to (ones added for other listeners) are ignored.
    """
    if event in EVENTS:
        emit(event, payload)

"""Outgoing webhooks and the record of each delivery to them."""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from candidates import signals


class Event(models.TextChoices):
    SCORECARD_SUBMITTED = signals.SCORECARD_SUBMITTED, _("Scorecard submitted")
    STAGE_CHANGED = signals.STAGE_CHANGED, _("Application stage changed")
    DECISION_RECORDED = signals.DECISION_RECORDED, _("Decision recorded")
    CANDIDATE_ANONYMISED = signals.CANDIDATE_ANONYMISED, _("Candidate anonymised")
    # Sent only on request (send_test_webhook), to check a URL; nobody subscribes to it.
    TEST = "webhook.test", _("Test")


SUBSCRIBABLE = [choice for choice in Event.choices if choice[0] != Event.TEST]
SECRET_PREFIX = "whsec_"


def new_secret() -> str:
    """32 random bytes, URL-safe; the prefix tells it apart from other keys in a config file."""
    return SECRET_PREFIX + secrets.token_urlsafe(32)


class Webhook(models.Model):
    url = models.URLField(
        _("URL"),
        max_length=500,
        validators=[URLValidator(schemes=["http", "https"])],
        help_text=_("Each event is sent here as a signed JSON POST."),
    )
    events = models.JSONField(_("events"), default=list)
    secret = models.CharField(
        _("signing secret"),
        max_length=80,
        default=new_secret,
        editable=False,
        help_text=_("The receiver checks each request's signature with it."),
    )
    active = models.BooleanField(
        _("active"), default=True, help_text=_("An inactive webhook is sent nothing.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("webhook")
        verbose_name_plural = _("webhooks")
        ordering = ["url", "pk"]

    def __str__(self) -> str:
        return self.url

    def clean(self) -> None:
        known = {value for value, _label in SUBSCRIBABLE}
        if not isinstance(self.events, list) or not self.events:
            raise ValidationError({"events": _("Choose at least one event.")})
        if not set(self.events) <= known:
            raise ValidationError({"events": _("Choose events from the list.")})

    def wants(self, event: str) -> bool:
        return self.active and event in self.events


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    SUCCEEDED = "succeeded", _("Succeeded")
    # The last attempt failed; another is due at next_attempt_at.
    FAILED = "failed", _("Failed, will retry")
    GAVE_UP = "gave_up", _("Gave up")


class Delivery(models.Model):
    """One event for one webhook: the same body and id on every attempt, until one succeeds."""

    webhook = models.ForeignKey(
        Webhook, on_delete=models.CASCADE, related_name="deliveries", verbose_name=_("webhook")
    )
    event = models.CharField(_("event"), max_length=40, choices=Event.choices)
    payload = models.JSONField(_("payload"))
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=DeliveryStatus.choices,
        default=DeliveryStatus.PENDING,
    )
    last_status_code = models.PositiveSmallIntegerField(_("last status code"), null=True)
    last_error = models.TextField(_("last error"), blank=True)
    # Each attempt: {"attempt", "at", "status_code", "error", "duration_ms"}.
    attempt_log = models.JSONField(_("attempts made"), default=list)
    # When the next attempt is due; empty while one runs and once it is over.
    next_attempt_at = models.DateTimeField(_("next attempt at"), null=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    delivered_at = models.DateTimeField(_("delivered at"), null=True)

    class Meta:
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=DeliveryStatus.SUCCEEDED) | Q(delivered_at__isnull=False),
                name="delivery_succeeded_has_time",
            )
        ]

    def __str__(self) -> str:
        return f"{self.event} → {self.webhook} #{self.pk}"

    @property
    def is_open(self) -> bool:
        return self.status in (DeliveryStatus.PENDING, DeliveryStatus.FAILED)

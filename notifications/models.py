"""What the notifications app records: reminders sent, chat channels, chat messages, notices.

Each record is written before its e-mail or message goes out and carries a
unique constraint, so two workers (or a driver run twice) cannot both send
the same one: the second insert fails and that worker skips it.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from candidates.models import Interview, Opening
from notifications import robots


class ReminderChannel(models.TextChoices):
    EMAIL = "email", _("E-mail")


class ReminderSent(models.Model):
    """One reminder to an interviewer about one interview's missing scorecard.

    `scheduled_for` is the interview time the reminder was about: a rescheduled
    interview starts a new series. `sent_at` stays empty while the mail is on
    its way; a row left empty means a worker stopped mid-send, and that
    reminder is not tried again (at most once, never twice).
    """

    interview = models.ForeignKey(
        Interview,
        on_delete=models.CASCADE,
        related_name="reminders_sent",
        verbose_name=_("interview"),
    )
    scheduled_for = models.DateTimeField(_("interview time"))
    attempt = models.PositiveSmallIntegerField(_("reminder number"))
    channel = models.CharField(
        _("channel"), max_length=20, choices=ReminderChannel.choices, default=ReminderChannel.EMAIL
    )
    recipient = models.CharField(_("recipient"), max_length=254, blank=True)
    claimed_at = models.DateTimeField(_("started at"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        ordering = ["-claimed_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["interview", "scheduled_for", "attempt", "channel"],
                name="reminder_once_per_attempt",
            ),
            models.CheckConstraint(condition=Q(attempt__gte=1), name="reminder_attempt_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.interview} · #{self.attempt}"


class ChatEvent(models.TextChoices):
    SCORECARD_SUBMITTED = "scorecard.submitted", _("Scorecard submitted")
    SCORECARDS_COMPLETE = "scorecards.complete", _("All scorecards in")


class ChatKind(models.TextChoices):
    WECOM = robots.WECOM, _("WeCom")
    DINGTALK = robots.DINGTALK, _("DingTalk")
    FEISHU = robots.FEISHU, _("Feishu / Lark")
    SLACK = robots.SLACK, _("Slack")


class ChatChannel(models.Model):
    """A group robot's webhook that hears of some events, for one opening or all."""

    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("service"), max_length=20, choices=ChatKind.choices)
    url = models.URLField(
        _("webhook address"),
        max_length=500,
        help_text=_("The robot's address as the chat service shows it, with its key or token."),
    )
    secret = models.CharField(
        _("signing secret"),
        max_length=200,
        blank=True,
        help_text=_("DingTalk and Feishu only, when the robot's security setting is signing."),
    )
    events = models.JSONField(_("events"), default=list, blank=True)
    opening = models.ForeignKey(
        Opening,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="chat_channels",
        verbose_name=_("opening"),
        help_text=_("Empty: every opening."),
    )
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("chat channel")
        verbose_name_plural = _("chat channels")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name


class ChatStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class ChatMessage(models.Model):
    """One notice to one channel: what was said, and how sending it went."""

    channel = models.ForeignKey(
        ChatChannel, on_delete=models.CASCADE, related_name="messages", verbose_name=_("channel")
    )
    event = models.CharField(_("event"), max_length=40, choices=ChatEvent.choices)
    # What the event is about ("scorecard:12"): with channel and event, sent once.
    key = models.CharField(_("about"), max_length=100)
    content = models.JSONField(_("content"))
    status = models.CharField(
        _("status"), max_length=10, choices=ChatStatus.choices, default=ChatStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    response_code = models.PositiveSmallIntegerField(_("response code"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("chat message")
        verbose_name_plural = _("chat messages")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["channel", "event", "key"], name="chat_message_once_per_channel"
            )
        ]

    def __str__(self) -> str:
        return f"{self.channel} · {self.event} · {self.key}"


class NoticeSent(models.Model):
    """One e-mail notice to a hiring manager (a scorecard submitted, all scorecards in)."""

    event = models.CharField(_("event"), max_length=40, choices=ChatEvent.choices)
    key = models.CharField(_("about"), max_length=100)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("hiring manager"),
    )
    recipient = models.CharField(_("recipient"), max_length=254)
    claimed_at = models.DateTimeField(_("started at"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notice sent")
        verbose_name_plural = _("notices sent")
        ordering = ["-claimed_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["event", "key", "user"], name="notice_once_per_user")
        ]

    def __str__(self) -> str:
        return f"{self.event} · {self.key} · {self.user}"

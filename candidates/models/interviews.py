"""Interviews and the history of their moves and cancellations."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from candidates.models.applications import Application
from candidates.models.people import Interviewer
from candidates.models.validators import validate_interview_date
from rubrics.models import (
    ConstraintErrorsOnFields,
    long_text_validators,
)


class InterviewStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class Interview(ConstraintErrorsOnFields, models.Model):
    # No index of its own: the unique (application, interviewer, round) index leads with it.
    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        related_name="interviews",
        verbose_name=_("application"),
        db_index=False,
    )
    interviewer = models.ForeignKey(
        Interviewer,
        on_delete=models.PROTECT,
        related_name="interviews",
        verbose_name=_("interviewer"),
    )
    round_name = models.CharField(_("round"), max_length=100)
    # The plan's round, when the opening has a plan; round_name then holds its name.
    round = models.ForeignKey(
        "candidates.InterviewRound",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="interviews",
        verbose_name=_("plan round"),
    )
    scheduled_at = models.DateTimeField(_("date and time"), validators=[validate_interview_date])
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=InterviewStatus.choices,
        default=InterviewStatus.SCHEDULED,
    )
    reminder_sent_at = models.DateTimeField(_("reminder sent at"), null=True, blank=True)
    # When it was scheduled; NULL (unknown) for interviews from before migration 0006.
    created_at = models.DateTimeField(
        _("scheduled on"), default=timezone.now, null=True, editable=False
    )

    class Meta:
        verbose_name = _("interview")
        verbose_name_plural = _("interviews")
        ordering = ["scheduled_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "interviewer", "round_name"],
                name="interview_once_per_round_and_interviewer",
                violation_error_code="interview_round_taken",
                violation_error_message=_(
                    "This interviewer already has this round with this candidate."
                ),
            )
        ]

    constraint_error_fields = {"interview_round_taken": "round_name"}

    def __str__(self) -> str:
        return f"{self.application} · {self.round_name} · {self.interviewer}"

    @property
    def is_upcoming(self) -> bool:
        """Scheduled later than now: its scorecard is "not yet" in the lists."""
        return self.scheduled_at > timezone.now()

    @property
    def round_label(self) -> str:
        """The round as the reader's language names it: the plan round's name when the
        round was fetched with the interview (select_related), else the stored name."""
        if self.round_id is not None and "round" in self._state.fields_cache:
            return self.round.name
        return self.round_name

    def clean(self) -> None:
        """On an opening with a plan an interview is for one of its rounds (every write path:
        the scheduling page, the import and the admin), and takes that round's name."""
        if self.application_id is None:
            return
        opening = self.application.opening
        if self.round_id is not None:
            if self.round.opening_id != opening.pk:
                raise ValidationError({"round": _("Choose a round of this opening's plan.")})
            self.round_name = self.round.name_en or self.round.name
        elif opening.rounds.exists():
            raise ValidationError(
                {"round": _("This opening has a plan: choose one of its rounds.")}
            )


class InterviewAction(models.TextChoices):
    CANCELLED = "cancelled", _("Cancelled")
    RESCHEDULED = "rescheduled", _("Rescheduled")


class InterviewChange(models.Model):
    """An interview cancelled or moved (who, when, why, times); by services.interviews only."""

    interview = models.ForeignKey(
        Interview, on_delete=models.CASCADE, related_name="changes", verbose_name=_("interview")
    )
    action = models.CharField(_("action"), max_length=20, choices=InterviewAction.choices)
    old_scheduled_at = models.DateTimeField(_("old date and time"))
    new_scheduled_at = models.DateTimeField(_("new date and time"), null=True, blank=True)
    reason = models.TextField(_("reason"), validators=long_text_validators())
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("by"),
    )
    at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        verbose_name = _("interview change")
        verbose_name_plural = _("interview changes")
        ordering = ["at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(action="rescheduled", new_scheduled_at__isnull=False)
                | Q(action="cancelled", new_scheduled_at__isnull=True),
                name="interview_change_new_time_only_when_rescheduled",
            )
        ]

    def __str__(self) -> str:
        return f"{self.interview} · {self.action} · {self.at:%Y-%m-%d %H:%M}"

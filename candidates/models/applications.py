"""A candidate on an opening, its stage and the history of its stages."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from candidates.models.openings import Opening
from candidates.models.people import Candidate
from rubrics.models import (
    ConstraintErrorsOnFields,
    long_text_validators,
)


class Stage(models.TextChoices):
    APPLIED = "applied", _("Applied")
    SCREENING = "screening", _("Screening")
    INTERVIEWING = "interviewing", _("Interviewing")
    SHORTLISTED = "shortlisted", _("Shortlisted")
    OFFER = "offer", _("Offer")
    HIRED = "hired", _("Hired")
    REJECTED = "rejected", _("Rejected")
    ON_HOLD = "on_hold", _("On hold")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Application(ConstraintErrorsOnFields, models.Model):
    # No index of its own: the unique (candidate, opening) index leads with it.
    candidate = models.ForeignKey(
        Candidate,
        on_delete=models.CASCADE,
        related_name="applications",
        verbose_name=_("candidate"),
        db_index=False,
    )
    opening = models.ForeignKey(
        Opening, on_delete=models.CASCADE, related_name="applications", verbose_name=_("opening")
    )
    stage = models.CharField(
        _("stage"), max_length=20, choices=Stage.choices, default=Stage.APPLIED
    )
    decision_note = models.TextField(
        _("decision note"), blank=True, validators=long_text_validators()
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["opening", "candidate__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["candidate", "opening"],
                name="application_once_per_opening",
                violation_error_code="application_exists",
                violation_error_message=_("This candidate is already on this opening."),
            )
        ]

    constraint_error_fields = {"application_exists": "candidate"}

    def __str__(self) -> str:
        return f"{self.candidate} → {self.opening}"


class StageChange(models.Model):
    """A stage move or a manager's decision (`is_decision`), written by services.stages only.

    Application.decided_by/at/decision_note repeat the latest decision. A blank
    `from_stage`: a decision recorded before the history was kept (migration 0006).
    """

    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        related_name="stage_changes",
        verbose_name=_("application"),
    )
    from_stage = models.CharField(_("from stage"), max_length=20, choices=Stage.choices, blank=True)
    to_stage = models.CharField(_("to stage"), max_length=20, choices=Stage.choices)
    is_decision = models.BooleanField(_("hiring manager's decision"), default=False)
    note = models.TextField(_("note"), blank=True, validators=long_text_validators())
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("by"),
    )
    at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        verbose_name = _("stage change")
        verbose_name_plural = _("stage changes")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.application} · {self.from_stage or '?'} → {self.to_stage}"

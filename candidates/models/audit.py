"""The record of what was done with a candidate's personal data."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from candidates.models.people import Candidate


class AuditAction(models.TextChoices):
    ANONYMISED = "candidates.candidate.anonymised", _("anonymised the candidate")
    EXPORTED = "candidates.candidate.exported", _("exported the candidate's data")


class AuditEntry(models.Model):
    """Something done with a candidate's personal data: who, when, what.

    `action` is dotted (AuditAction); `data` holds details such as the reason,
    never the personal data itself. The entry outlives the candidate row, so
    `candidate_ref` keeps its id.
    """

    action = models.CharField(_("action"), max_length=100, choices=AuditAction.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("done by"),
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)
    candidate = models.ForeignKey(
        Candidate,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="audit_entries",
        verbose_name=_("candidate"),
    )
    candidate_ref = models.PositiveBigIntegerField(_("candidate id"), null=True, blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.action} · {self.at:%Y-%m-%d %H:%M}"

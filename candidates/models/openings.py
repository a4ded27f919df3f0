"""Openings, and the record of an opening moved to another rubric."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from rubrics.models import (
    Rubric,
    long_text_validators,
)


class ClientSize(models.TextChoices):
    SMALL = "small", _("Small business")
    MID = "mid", _("Mid-market")
    KEY = "key", _("Key account")


class OpeningStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class Opening(models.Model):
    title = models.CharField(_("title"), max_length=200)
    rubric = models.ForeignKey(
        Rubric, on_delete=models.PROTECT, related_name="openings", verbose_name=_("rubric")
    )
    industry = models.CharField(_("client industry"), max_length=100, blank=True)
    client_size = models.CharField(
        _("client size"), max_length=10, choices=ClientSize.choices, blank=True
    )
    description = models.TextField(_("description"), blank=True, validators=long_text_validators())
    status = models.CharField(
        _("status"), max_length=10, choices=OpeningStatus.choices, default=OpeningStatus.OPEN
    )
    blind_review = models.BooleanField(
        _("blind review"),
        default=False,
        help_text=_("Interviewers see a candidate code instead of the name."),
    )
    hiring_managers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="managed_openings",
        verbose_name=_("hiring managers"),
    )
    interviewers = models.ManyToManyField(
        "candidates.Interviewer",
        blank=True,
        related_name="openings",
        verbose_name=_("interviewers"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("opening")
        verbose_name_plural = _("openings")
        ordering = ["status", "-created_at"]

    def __str__(self) -> str:
        return self.title


class RubricMove(models.Model):
    """An opening moved to another rubric (candidates.services.openings): who, when, what.

    `dropped_codes` were left "not assessed" on the old rubric and removed;
    `new_codes` are dimensions nobody was scored on yet.
    """

    opening = models.ForeignKey(
        Opening, on_delete=models.CASCADE, related_name="rubric_moves", verbose_name=_("opening")
    )
    from_rubric = models.ForeignKey(
        Rubric, on_delete=models.PROTECT, related_name="moves_away", verbose_name=_("from rubric")
    )
    to_rubric = models.ForeignKey(
        Rubric, on_delete=models.PROTECT, related_name="+", verbose_name=_("to rubric")
    )
    moved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("moved by"),
    )
    moved_at = models.DateTimeField(_("moved at"), auto_now_add=True)
    dropped_codes = models.JSONField(_("dimensions dropped"), default=list, blank=True)
    new_codes = models.JSONField(_("dimensions added"), default=list, blank=True)

    class Meta:
        verbose_name = _("rubric move")
        verbose_name_plural = _("rubric moves")
        ordering = ["-moved_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.opening} · {self.from_rubric} → {self.to_rubric}"

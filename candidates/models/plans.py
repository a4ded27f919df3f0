"""An opening's interview plan (its rounds) and the hiring team's debrief notes."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from candidates.models.applications import Application
from candidates.models.openings import Opening
from rubrics.models import Dimension, Question, RoundMethod, long_text_validators


class InterviewRound(models.Model):
    """One round of an opening's plan: how it assesses, what it focuses on, what it asks.

    An opening without rounds has no plan: every interview shows every dimension.
    """

    opening = models.ForeignKey(
        Opening, on_delete=models.CASCADE, related_name="rounds", verbose_name=_("opening")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    name = models.CharField(_("name"), max_length=100)
    method = models.CharField(_("method"), max_length=20, choices=RoundMethod.choices)
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), default=60)
    focus = models.ManyToManyField(
        Dimension, related_name="+", blank=True, verbose_name=_("focus dimensions")
    )
    questions = models.ManyToManyField(
        Question, related_name="+", blank=True, verbose_name=_("questions")
    )

    class Meta:
        verbose_name = _("interview round")
        verbose_name_plural = _("interview rounds")
        ordering = ["opening", "order", "id"]

    def __str__(self) -> str:
        return self.name


class DebriefNote(models.Model):
    """A note of the hiring team's debrief on an application: kept apart from the scores."""

    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        related_name="debrief_notes",
        verbose_name=_("application"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("author"),
    )
    written_at = models.DateTimeField(_("written at"), auto_now_add=True)
    text = models.TextField(_("note"), validators=long_text_validators())

    class Meta:
        verbose_name = _("debrief note")
        verbose_name_plural = _("debrief notes")
        ordering = ["written_at", "id"]

    def __str__(self) -> str:
        return self.text[:60]

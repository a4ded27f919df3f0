"""Scorecards, their scores and the recorded edits of submitted ones."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from candidates.models.interviews import Interview
from rubrics.models import (
    SCALE_CEILING,
    SCALE_FLOOR,
    Dimension,
    long_text_validators,
)


class Recommendation(models.TextChoices):
    STRONG_NO = "strong_no", _("Strong no")
    NO = "no", _("No")
    NO_DECISION = "no_decision", _("No decision")
    YES = "yes", _("Yes")
    STRONG_YES = "strong_yes", _("Strong yes")


class ScorecardQuerySet(models.QuerySet):
    def submitted(self) -> "ScorecardQuerySet":
        return self.filter(submitted_at__isnull=False)


class Scorecard(models.Model):
    interview = models.OneToOneField(
        Interview, on_delete=models.CASCADE, related_name="scorecard", verbose_name=_("interview")
    )
    recommendation = models.CharField(
        _("overall recommendation"),
        max_length=20,
        choices=Recommendation.choices,
        default=Recommendation.NO_DECISION,
    )
    summary = models.TextField(_("summary"), blank=True, validators=long_text_validators())
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("entered by"),
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # Bumped by every save; a save that read an older version is a conflict.
    version = models.PositiveIntegerField(_("version"), default=1)
    # Set when an interviewer without an account submitted it through a scorecard link.
    submitted_via_link = models.ForeignKey(
        "candidates.ScorecardLink",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted through link"),
    )

    objects = ScorecardQuerySet.as_manager()

    class Meta:
        verbose_name = _("scorecard")
        verbose_name_plural = _("scorecards")

    def __str__(self) -> str:
        return str(self.interview)

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None


class Score(models.Model):
    # No index of its own: the unique (scorecard, dimension) index leads with it.
    scorecard = models.ForeignKey(
        Scorecard,
        on_delete=models.CASCADE,
        related_name="scores",
        verbose_name=_("scorecard"),
        db_index=False,
    )
    dimension = models.ForeignKey(
        Dimension, on_delete=models.PROTECT, related_name="scores", verbose_name=_("dimension")
    )
    value = models.PositiveSmallIntegerField(_("score"), null=True, blank=True)
    evidence = models.TextField(_("evidence"), blank=True, validators=long_text_validators())

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(
                fields=["scorecard", "dimension"], name="score_once_per_dimension"
            ),
            models.CheckConstraint(
                condition=Q(value__isnull=True)
                | (Q(value__gte=SCALE_FLOOR) & Q(value__lte=SCALE_CEILING)),
                name="score_within_scale",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.dimension}: {self.value if self.value is not None else '—'}"


class ScorecardRevision(models.Model):
    """An edit of a submitted scorecard: who, when, why, and old -> new values.

    `changes` is a list of {"field": ..., "old": ..., "new": ...}; scores use
    the dimension code as the field.
    """

    scorecard = models.ForeignKey(
        Scorecard, on_delete=models.CASCADE, related_name="revisions", verbose_name=_("scorecard")
    )
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("edited by"),
    )
    edited_at = models.DateTimeField(_("edited at"), auto_now_add=True)
    reason = models.TextField(_("reason"), validators=long_text_validators())
    changes = models.JSONField(_("changes"), default=list)

    class Meta:
        verbose_name = _("scorecard revision")
        verbose_name_plural = _("scorecard revisions")
        ordering = ["-edited_at", "-id"]

    def __str__(self) -> str:
        return f"{self.scorecard} · {self.edited_at:%Y-%m-%d %H:%M}"


class ScoreLine(models.Model):
    """A scorecard as the rankings read it: whose it is, whether it is submitted, and its
    scores as one line of text, "dimension id,score,dimension id,score…".

    Written only by the database: triggers (migration 0017) rewrite a
    scorecard's line in the same statement as any write of its scores, of
    itself (submitted or not), of its interview (application, interviewer) or
    of its application (opening), whichever way it is made (the pages, the
    import, the admin, a bulk update), and drop it with its scorecard. The
    rankings read an opening's lines through the index on the opening instead
    of joining four tables and pivoting ten score rows per scorecard
    (docs/speed.md). "Not assessed" is left out of the line. No foreign key
    constraints: the triggers, not Django's deletion, keep the lines in step.
    """

    scorecard = models.OneToOneField(
        Scorecard,
        primary_key=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="score_line",
        verbose_name=_("scorecard"),
    )
    opening = models.ForeignKey(
        "candidates.Opening",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
        verbose_name=_("opening"),
    )
    application = models.ForeignKey(
        "candidates.Application",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        related_name="+",
        verbose_name=_("application"),
    )
    interviewer = models.ForeignKey(
        "candidates.Interviewer",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        related_name="+",
        verbose_name=_("interviewer"),
    )
    submitted = models.BooleanField(_("submitted"))
    pairs = models.TextField(
        _("scores"), blank=True, editable=False, validators=long_text_validators()
    )

    class Meta:
        verbose_name = _("score line")
        verbose_name_plural = _("score lines")

    def __str__(self) -> str:
        return f"{self.scorecard_id}: {self.pairs}"

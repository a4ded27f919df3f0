"""Openings, candidates, their applications, interviews and scorecards.

Scores are stored raw (value 1-5 or NULL for "not assessed"); weights are
applied only when a ranking is read, so a weight change re-ranks everyone.
"""

from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from candidates.uploads import validate_cv
from rubrics.models import SCALE_CEILING, SCALE_FLOOR, Dimension, Rubric

# Longest free text (notes, evidence, descriptions) the forms and the import
# accept: the database would take more, but nobody types more, and a limit keeps
# a pasted file or a script from filling the tables.
MAX_TEXT = 4000


# Interviews are dated from this day to this many days ahead; outside that a date is
# a typing slip ("0001-01-01" even broke PostgreSQL, whose oldest timestamp is 4713 BC,
# once Shanghai's historical UTC offset moved it to 1 BC).
FIRST_INTERVIEW_DATE = date(2000, 1, 1)
INTERVIEW_DAYS_AHEAD = 3653  # ten years


def validate_interview_date(value) -> None:
    """An interview date between FIRST_INTERVIEW_DATE and ten years from today."""
    last = timezone.localdate() + timedelta(days=INTERVIEW_DAYS_AHEAD)
    # The date as typed: converting a year-1 time to another zone would overflow.
    if not FIRST_INTERVIEW_DATE <= value.date() <= last:
        raise ValidationError(
            _("Choose a date between %(first)s and %(last)s."),
            code="date_range",
            params={"first": FIRST_INTERVIEW_DATE.isoformat(), "last": last.isoformat()},
        )


def validate_plain_email(value: str) -> None:
    """Refuse an address a spreadsheet would read as a formula ("=1+1@example.com").

    Django's own check lets these through; exports neutralise such cells
    anyway, but an address like that is never a real one worth keeping.
    """
    if value[:1] in {"=", "+", "-", "@"}:
        raise ValidationError(
            _("An e-mail address cannot start with =, +, - or @."), code="formula"
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
    description = models.TextField(_("description"), blank=True)
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
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("opening")
        verbose_name_plural = _("openings")
        ordering = ["status", "-created_at"]

    def __str__(self) -> str:
        return self.title


class Candidate(models.Model):
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"), blank=True, validators=[validate_plain_email])
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    current_company = models.CharField(_("current company"), max_length=200, blank=True)
    current_title = models.CharField(_("current title"), max_length=200, blank=True)
    years_experience = models.PositiveSmallIntegerField(
        _("years of experience"), null=True, blank=True
    )
    industries = models.JSONField(_("industries served"), default=list, blank=True)
    client_segments = models.JSONField(_("client segments served"), default=list, blank=True)
    crm_systems = models.JSONField(_("CRM systems used"), default=list, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    cv = models.FileField(_("CV"), upload_to="cvs/%Y/%m/", blank=True, validators=[validate_cv])
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # Set by candidates.services.privacy.anonymise_candidate: personal data is gone, scores stay.
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True)

    class Meta:
        verbose_name = _("candidate")
        verbose_name_plural = _("candidates")
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["email"], condition=~Q(email=""), name="candidate_email_unique"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def client_segment_labels(self) -> list[str]:
        return [ClientSize(value).label for value in self.client_segments if value in ClientSize]

    @property
    def code(self) -> str:
        """What interviewers see instead of the name on a blind-review opening."""
        return f"C-{self.pk:05d}"


class Stage(models.TextChoices):
    APPLIED = "applied", _("Applied")
    SCREENING = "screening", _("Screening")
    INTERVIEWING = "interviewing", _("Interviewing")
    SHORTLISTED = "shortlisted", _("Shortlisted")
    OFFER = "offer", _("Offer")
    HIRED = "hired", _("Hired")
    REJECTED = "rejected", _("Rejected")


class Application(models.Model):
    candidate = models.ForeignKey(
        Candidate,
        on_delete=models.CASCADE,
        related_name="applications",
        verbose_name=_("candidate"),
    )
    opening = models.ForeignKey(
        Opening, on_delete=models.CASCADE, related_name="applications", verbose_name=_("opening")
    )
    stage = models.CharField(
        _("stage"), max_length=20, choices=Stage.choices, default=Stage.APPLIED
    )
    decision_note = models.TextField(_("decision note"), blank=True)
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
                fields=["candidate", "opening"], name="application_once_per_opening"
            )
        ]

    def __str__(self) -> str:
        return f"{self.candidate} → {self.opening}"


class Interviewer(models.Model):
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"), blank=True, validators=[validate_plain_email])
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="interviewer",
        verbose_name=_("user account"),
    )

    class Meta:
        verbose_name = _("interviewer")
        verbose_name_plural = _("interviewers")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class InterviewStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class Interview(models.Model):
    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        related_name="interviews",
        verbose_name=_("application"),
    )
    interviewer = models.ForeignKey(
        Interviewer,
        on_delete=models.PROTECT,
        related_name="interviews",
        verbose_name=_("interviewer"),
    )
    round_name = models.CharField(_("round"), max_length=100)
    scheduled_at = models.DateTimeField(_("date and time"), validators=[validate_interview_date])
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=InterviewStatus.choices,
        default=InterviewStatus.SCHEDULED,
    )
    reminder_sent_at = models.DateTimeField(_("reminder sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("interview")
        verbose_name_plural = _("interviews")
        ordering = ["scheduled_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "interviewer", "round_name"],
                name="interview_once_per_round_and_interviewer",
            )
        ]

    def __str__(self) -> str:
        return f"{self.application} · {self.round_name} · {self.interviewer}"


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
    summary = models.TextField(_("summary"), blank=True)
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
    scorecard = models.ForeignKey(
        Scorecard, on_delete=models.CASCADE, related_name="scores", verbose_name=_("scorecard")
    )
    dimension = models.ForeignKey(
        Dimension, on_delete=models.PROTECT, related_name="scores", verbose_name=_("dimension")
    )
    value = models.PositiveSmallIntegerField(_("score"), null=True, blank=True)
    evidence = models.TextField(_("evidence"), blank=True)

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
    reason = models.TextField(_("reason"))
    changes = models.JSONField(_("changes"), default=list)

    class Meta:
        verbose_name = _("scorecard revision")
        verbose_name_plural = _("scorecard revisions")
        ordering = ["-edited_at", "-id"]

    def __str__(self) -> str:
        return f"{self.scorecard} · {self.edited_at:%Y-%m-%d %H:%M}"


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

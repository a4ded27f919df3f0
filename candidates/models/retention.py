"""How long a candidate who was not hired is kept, the talent-pool consent, and each run.

The rules live in candidates.services.retention and candidates.selectors.retention;
these rows are written there only (the Django admin shows them read-only).
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from candidates.models.people import Candidate
from rubrics.models import ConstraintErrorsOnFields, long_text_validators

# The one policy row: the page and the command always read and write this key.
POLICY_PK = 1
# Twenty years: a longer period is a typo, and keeps the month arithmetic in range.
MAX_MONTHS = 240
DEFAULT_MONTHS_NOT_HIRED = 24
DEFAULT_MONTHS_TALENT_POOL = 36
# Offered on the consent form in the language of the page; HR may paste what they used.
DEFAULT_CONSENT_TEXT = _(
    "I agree that the company keeps my application data (contact details, CV, interview "
    "scores and notes) in its talent pool so that it can contact me about other openings. "
    "I may withdraw this consent at any time by telling HR; my data is then removed under "
    "the usual retention period."
)


def months_field(label, default: int, help_text) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(
        label,
        default=default,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_MONTHS)],
        help_text=help_text,
    )


class RetentionPolicy(ConstraintErrorsOnFields, models.Model):
    """The single policy row (pk POLICY_PK); periods in calendar months.

    Off by default: a first deploy must not anonymise anyone before an
    administrator has looked at the dry run and switched it on.
    """

    enabled = models.BooleanField(
        _("apply the policy"),
        default=False,
        help_text=_(
            "Off: the daily run only reports who would be anonymised. On: it anonymises them."
        ),
    )
    months_not_hired = months_field(
        _("months kept after the last application closed"),
        DEFAULT_MONTHS_NOT_HIRED,
        _("For a candidate who was not hired and has not consented to the talent pool."),
    )
    months_talent_pool = months_field(
        _("months kept in the talent pool"),
        DEFAULT_MONTHS_TALENT_POOL,
        _(
            "For a candidate who consented to stay in the talent pool: counted from the "
            "consent or from the last application closing, whichever is later."
        ),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("changed by"),
    )
    updated_at = models.DateTimeField(_("changed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("retention policy")
        verbose_name_plural = _("retention policies")
        constraints = [
            models.CheckConstraint(condition=Q(pk=POLICY_PK), name="retention_policy_single_row"),
            # Consenting to the talent pool never shortens how long someone is kept.
            models.CheckConstraint(
                condition=Q(months_talent_pool__gte=F("months_not_hired")),
                name="retention_talent_pool_not_shorter",
                violation_error_code="talent_pool_shorter",
                violation_error_message=_(
                    "The talent-pool period cannot be shorter than the period for candidates "
                    "who were not hired."
                ),
            ),
        ]

    constraint_error_fields = {"talent_pool_shorter": "months_talent_pool"}

    def __str__(self) -> str:
        return str(_("Retention policy"))


class RetentionPolicyChange(models.Model):
    """One change of the policy: who, when, and each field's old and new value."""

    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("changed by"),
    )
    changed_at = models.DateTimeField(_("changed at"))
    # [{"field": "months_not_hired", "old": 24, "new": 18}, ...]
    changes = models.JSONField(_("changes"), default=list)

    class Meta:
        verbose_name = _("retention policy change")
        verbose_name_plural = _("retention policy changes")
        ordering = ["-changed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.changed_at:%Y-%m-%d %H:%M}"


class TalentPoolConsent(models.Model):
    """A candidate's consent to stay in the talent pool, and its withdrawal.

    A history: each consent given is its own row (a renewal is a new row), and a
    withdrawal dates every consent still standing. The consent that counts is the
    latest given and not withdrawn. `text` is exactly what the candidate agreed to.
    """

    candidate = models.ForeignKey(
        Candidate,
        on_delete=models.CASCADE,
        related_name="talent_pool_consents",
        verbose_name=_("candidate"),
    )
    given_on = models.DateField(_("consent given on"))
    text = models.TextField(_("text agreed to"), validators=long_text_validators())
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"))
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    withdrawal_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("withdrawal recorded by"),
    )
    withdrawal_recorded_at = models.DateTimeField(
        _("withdrawal recorded at"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("talent-pool consent")
        verbose_name_plural = _("talent-pool consents")
        ordering = ["-given_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gte=F("given_on")),
                name="consent_withdrawn_after_given",
            )
        ]

    def __str__(self) -> str:
        return f"{self.candidate} · {self.given_on}"


class RetentionRun(models.Model):
    """One run of `apply_retention` (or its dry run): when, what it found and did.

    `found`: candidates past their period when the run started; `anonymised`:
    how many this run anonymised; `skipped`: found but anonymised by someone
    else meanwhile, or no longer due once locked. An empty `finished_at` is a
    run that stopped half-way.
    """

    started_at = models.DateTimeField(_("started at"))
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    dry_run = models.BooleanField(_("dry run"))
    policy_enabled = models.BooleanField(_("policy on"))
    found = models.PositiveIntegerField(_("found"), default=0)
    anonymised = models.PositiveIntegerField(_("anonymised"), default=0)
    skipped = models.PositiveIntegerField(_("skipped"), default=0)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("started by"),
    )

    class Meta:
        verbose_name = _("retention run")
        verbose_name_plural = _("retention runs")
        ordering = ["-started_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.started_at:%Y-%m-%d %H:%M}"

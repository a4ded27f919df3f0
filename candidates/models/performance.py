"""How a hired account manager performs on the job: the outcome the validity report
checks the interview against (docs/scoring.md §8).

The measures are the second source article's on-the-job criteria: sales results,
customer satisfaction, customer retention, and the manager's overall judgement.
Each is optional (NULL = not measured, never 0). Written by
candidates.services.performance only; the Django admin shows them read-only.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from candidates.models.people import Candidate
from rubrics.models import ConstraintErrorsOnFields, long_text_validators

# The outcomes the report can correlate with, in the order the pages list them.
OUTCOMES = ("overall", "sales_attainment", "customer_satisfaction", "retention", "employed")
MAX_ATTAINMENT = Decimal("1000")  # percent of target; 10x the target is already a typo


class PerformanceRecord(ConstraintErrorsOnFields, models.Model):
    candidate = models.ForeignKey(
        Candidate,
        on_delete=models.CASCADE,
        related_name="performance_records",
        verbose_name=_("candidate"),
    )
    measured_on = models.DateField(_("measured on"))
    period_months = models.PositiveSmallIntegerField(
        _("period (months in the job)"),
        validators=[MinValueValidator(1), MaxValueValidator(120)],
    )
    sales_attainment = models.DecimalField(
        _("sales target attainment (%)"),
        max_digits=6,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(MAX_ATTAINMENT)],
    )
    customer_satisfaction = models.DecimalField(
        _("customer satisfaction (1–5)"),
        max_digits=3,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("1")), MaxValueValidator(Decimal("5"))],
    )
    retention = models.DecimalField(
        _("customer retention (%)"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )
    overall = models.PositiveSmallIntegerField(
        _("manager's overall rating (1–5)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    employed = models.BooleanField(_("still employed"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True, validators=long_text_validators())
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("entered by"),
    )
    entered_at = models.DateTimeField(_("entered at"), default=timezone.now)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("last changed by"),
    )
    changed_at = models.DateTimeField(_("last changed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("performance record")
        verbose_name_plural = _("performance records")
        ordering = ["candidate", "-measured_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["candidate", "period_months"],
                name="performance_once_per_period",
                violation_error_code="performance_period_taken",
                violation_error_message=_(
                    "This candidate already has a record for this period; change that one."
                ),
            ),
            models.CheckConstraint(
                condition=Q(sales_attainment__isnull=False)
                | Q(customer_satisfaction__isnull=False)
                | Q(retention__isnull=False)
                | Q(overall__isnull=False)
                | Q(employed__isnull=False),
                name="performance_measures_something",
                violation_error_code="performance_empty",
                violation_error_message=_("Enter at least one measure."),
            ),
            models.CheckConstraint(
                condition=Q(sales_attainment__isnull=True)
                | Q(sales_attainment__gte=0, sales_attainment__lte=MAX_ATTAINMENT),
                name="performance_attainment_range",
            ),
            models.CheckConstraint(
                condition=Q(customer_satisfaction__isnull=True)
                | Q(customer_satisfaction__gte=1, customer_satisfaction__lte=5),
                name="performance_satisfaction_range",
            ),
            models.CheckConstraint(
                condition=Q(retention__isnull=True) | Q(retention__gte=0, retention__lte=100),
                name="performance_retention_range",
            ),
            models.CheckConstraint(
                condition=Q(overall__isnull=True) | Q(overall__gte=1, overall__lte=5),
                name="performance_overall_range",
            ),
        ]

    constraint_error_fields = {
        "performance_period_taken": "period_months",
        "performance_empty": "overall",
    }

    def __str__(self) -> str:
        return f"{self.candidate} · {self.measured_on:%Y-%m-%d} · {self.period_months}"

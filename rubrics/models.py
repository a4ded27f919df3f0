"""The rubric: dimensions with weights, their criteria and the anchored scale.

Text fields listed in `rubrics/translation.py` are stored once per language
(`name_en`, `name_zh_hans`, ...) by django-modeltranslation; reading `name`
gives the current language with English as the fallback.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

# The widest scale the database accepts. A rubric may use a narrower one;
# `Dimension.clean` checks a gate against its own rubric's scale.
SCALE_FLOOR = 1
SCALE_CEILING = 5


class RubricQuerySet(models.QuerySet):
    def with_dimensions(self) -> "RubricQuerySet":
        return self.prefetch_related("dimensions__criteria", "dimensions__anchors")


class Rubric(models.Model):
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    scale_min = models.PositiveSmallIntegerField(_("lowest score"), default=1)
    scale_max = models.PositiveSmallIntegerField(_("highest score"), default=5)
    min_coverage = models.DecimalField(
        _("minimum coverage"),
        max_digits=3,
        decimal_places=2,
        default=Decimal("0.80"),
        help_text=_("Share of the total weight that must be scored before a candidate is ranked."),
    )
    min_scorecards = models.PositiveSmallIntegerField(
        _("minimum scorecards"),
        default=2,
        help_text=_("Submitted scorecards needed before a candidate is ranked."),
    )
    is_default = models.BooleanField(_("default rubric"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = RubricQuerySet.as_manager()

    class Meta:
        verbose_name = _("rubric")
        verbose_name_plural = _("rubrics")
        ordering = ["-is_default", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(scale_min__gte=SCALE_FLOOR)
                & Q(scale_max__lte=SCALE_CEILING)
                & Q(scale_min__lt=models.F("scale_max")),
                name="rubric_scale_within_bounds",
            ),
            models.CheckConstraint(
                condition=Q(min_coverage__gte=0) & Q(min_coverage__lte=1),
                name="rubric_min_coverage_is_share",
            ),
            models.UniqueConstraint(
                fields=["is_default"], condition=Q(is_default=True), name="one_default_rubric"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Dimension(models.Model):
    rubric = models.ForeignKey(
        Rubric, on_delete=models.CASCADE, related_name="dimensions", verbose_name=_("rubric")
    )
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=120)
    guidance = models.TextField(_("guidance"), blank=True)
    weight = models.DecimalField(_("weight (points)"), max_digits=6, decimal_places=2)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    gate = models.DecimalField(
        _("gate"),
        max_digits=3,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Lowest acceptable mean score; leave empty for no gate."),
    )

    class Meta:
        verbose_name = _("dimension")
        verbose_name_plural = _("dimensions")
        ordering = ["rubric", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["rubric", "code"], name="dimension_code_unique"),
            models.CheckConstraint(
                condition=Q(weight__gte=0), name="dimension_weight_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(gate__isnull=True)
                | (Q(gate__gte=SCALE_FLOOR) & Q(gate__lte=SCALE_CEILING)),
                name="dimension_gate_within_scale",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.gate is not None and self.rubric_id is not None:
            low, high = self.rubric.scale_min, self.rubric.scale_max
            if not low <= self.gate <= high:
                raise ValidationError(
                    {
                        "gate": _("The gate must lie between %(low)s and %(high)s.")
                        % {"low": low, "high": high}
                    }
                )


class Criterion(models.Model):
    dimension = models.ForeignKey(
        Dimension, on_delete=models.CASCADE, related_name="criteria", verbose_name=_("dimension")
    )
    name = models.CharField(_("name"), max_length=120)
    guidance = models.TextField(_("guidance"), blank=True)
    assessed_by = models.CharField(_("how it is assessed"), max_length=255, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["dimension", "order", "id"]

    def __str__(self) -> str:
        return self.name


class ScaleAnchor(models.Model):
    dimension = models.ForeignKey(
        Dimension, on_delete=models.CASCADE, related_name="anchors", verbose_name=_("dimension")
    )
    level = models.PositiveSmallIntegerField(_("level"))
    description = models.TextField(_("description"))

    class Meta:
        verbose_name = _("scale anchor")
        verbose_name_plural = _("scale anchors")
        ordering = ["dimension", "level"]
        constraints = [
            models.UniqueConstraint(fields=["dimension", "level"], name="anchor_level_unique"),
            models.CheckConstraint(
                condition=Q(level__gte=SCALE_FLOOR) & Q(level__lte=SCALE_CEILING),
                name="anchor_level_within_scale",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.dimension} {self.level}"


class WeightMethod(models.TextChoices):
    POINTS = "points", _("Points")
    RANK_ORDER = "rank_order", _("Rank order (centroid)")
    PAIRWISE = "pairwise", _("Pairwise comparison (AHP)")


class WeightChange(models.Model):
    """One saved change of a rubric's weights: who, when, why and how."""

    rubric = models.ForeignKey(
        Rubric, on_delete=models.CASCADE, related_name="weight_changes", verbose_name=_("rubric")
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("changed by"),
    )
    changed_at = models.DateTimeField(_("changed at"), auto_now_add=True)
    reason = models.TextField(_("reason"))
    method = models.CharField(
        _("method"), max_length=20, choices=WeightMethod.choices, default=WeightMethod.POINTS
    )

    class Meta:
        verbose_name = _("weight change")
        verbose_name_plural = _("weight changes")
        ordering = ["-changed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.rubric} · {self.changed_at:%Y-%m-%d %H:%M}"

    def old_weights(self) -> dict[str, float]:
        return {item.code: float(item.old_weight) for item in self.items.all()}

    def new_weights(self) -> dict[str, float]:
        return {item.code: float(item.new_weight) for item in self.items.all()}


class WeightChangeItem(models.Model):
    """Old and new points of one dimension in a change (the code is kept as written)."""

    change = models.ForeignKey(WeightChange, on_delete=models.CASCADE, related_name="items")
    dimension = models.ForeignKey(Dimension, on_delete=models.SET_NULL, null=True, related_name="+")
    code = models.SlugField(_("code"), max_length=40)
    old_weight = models.DecimalField(_("old weight"), max_digits=6, decimal_places=2)
    new_weight = models.DecimalField(_("new weight"), max_digits=6, decimal_places=2)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["change", "code"], name="one_item_per_code"),
        ]

    def __str__(self) -> str:
        return f"{self.code}: {self.old_weight} → {self.new_weight}"

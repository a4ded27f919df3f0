"""The rubric: dimensions with weights, their criteria and the anchored scale.

Text fields listed in `rubrics/translation.py` are stored once per language
(`name_en`, `name_zh_hans`, ...) by django-modeltranslation; reading `name`
gives the current language with English as the fallback.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

# The widest scale the database accepts. A rubric may use a narrower one;
# `Dimension.clean` checks a gate against its own rubric's scale.
SCALE_FLOOR = 1
SCALE_CEILING = 5

# Longest free text (notes, evidence, reasons, descriptions) anything saves: the
# database would take more, but nobody types more, and a limit keeps a pasted file
# or a script from filling the tables. Here because both apps need it.
MAX_TEXT = 4000


@deconstructible
class TextLengthValidator(MaxLengthValidator):
    """At most `limit_value` characters, a line break counting as one.

    Browsers send a textarea's line breaks as CR LF, but show and count them as one
    character; counting them twice would refuse what the counter under the field allowed.
    """

    def clean(self, x: str) -> int:
        return len(x) - x.count("\r\n")


def long_text_validators() -> list[TextLengthValidator]:
    """The validators of every long TextField: the admin refuses what the pages refuse."""
    return [TextLengthValidator(MAX_TEXT)]


class ConstraintErrorsOnFields:
    """Model mixin: a violated constraint's message goes next to the field to change.

    Django puts a constraint over several fields, or with a condition, above the
    form. `constraint_error_fields` maps a constraint's `violation_error_code` to
    the field its message belongs to, in the page forms and the admin alike.
    """

    constraint_error_fields: dict[str, str] = {}

    def validate_constraints(self, exclude=None) -> None:
        try:
            super().validate_constraints(exclude=exclude)  # type: ignore[misc]
        except ValidationError as error:
            moved: dict[str, list[ValidationError]] = {}
            for field, errors in error.error_dict.items():
                for item in errors:
                    target = self.constraint_error_fields.get(item.code, field)
                    moved.setdefault(target, []).append(item)
            raise ValidationError(moved) from None


class RubricQuerySet(models.QuerySet):
    def with_dimensions(self) -> "RubricQuerySet":
        return self.prefetch_related("dimensions__criteria", "dimensions__anchors")

    def in_use(self) -> "RubricQuerySet":
        """Rubrics whose content is frozen: a submitted scorecard scored on them, or
        an opening moved away from them (its scores were given on this text), or a
        newer version made from them (the newer one's "what changed" compares with it)."""
        return self.filter(
            Q(dimensions__scores__scorecard__submitted_at__isnull=False)
            | Q(moves_away__isnull=False)
            | Q(next_version__isnull=False)
        ).distinct()


class Rubric(models.Model):
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True, validators=long_text_validators())
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
    # Versions: a rubric in use is frozen; editing it means a new version that
    # points back here, with who made it and why (rubrics.services.create_version).
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    previous_version = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="next_version",
        verbose_name=_("previous version"),
    )
    version_reason = models.TextField(
        _("why this version"), blank=True, validators=long_text_validators()
    )
    version_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("version made by"),
    )
    # Bumped by every saved weight change; an editor that read an older one is stale.
    weights_version = models.PositiveIntegerField(_("weights version"), default=1)

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
        if self.version == 1:
            return self.name
        return _("%(name)s (version %(version)s)") % {"name": self.name, "version": self.version}

    @property
    def is_in_use(self) -> bool:
        return Rubric.objects.in_use().filter(pk=self.pk).exists()


def refuse_if_in_use(rubric: Rubric) -> None:
    """The model-form check (the admin) that a rubric in use is not edited."""
    if rubric.pk is not None and rubric.is_in_use:
        raise ValidationError(
            _(
                "“%(rubric)s” is in use (scorecards were scored on it, or it has a newer "
                "version): make a new version on the rubric's page to change it."
            )
            % {"rubric": rubric}
        )


class Dimension(ConstraintErrorsOnFields, models.Model):
    rubric = models.ForeignKey(
        Rubric, on_delete=models.CASCADE, related_name="dimensions", verbose_name=_("rubric")
    )
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=120)
    guidance = models.TextField(_("guidance"), blank=True, validators=long_text_validators())
    # New dimensions start at 0 points; weights are set in the weight editor, recorded.
    weight = models.DecimalField(
        _("weight (points)"), max_digits=6, decimal_places=2, default=Decimal("0")
    )
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
            models.UniqueConstraint(
                fields=["rubric", "code"],
                name="dimension_code_unique",
                violation_error_code="dimension_code_taken",
                violation_error_message=_("This rubric already has a dimension with this code."),
            ),
            models.CheckConstraint(
                condition=Q(weight__gte=0), name="dimension_weight_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(gate__isnull=True)
                | (Q(gate__gte=SCALE_FLOOR) & Q(gate__lte=SCALE_CEILING)),
                name="dimension_gate_within_scale",
            ),
        ]

    constraint_error_fields = {"dimension_code_taken": "code"}

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.rubric_id is not None:
            refuse_if_in_use(self.rubric)
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
    guidance = models.TextField(_("guidance"), blank=True, validators=long_text_validators())
    assessed_by = models.CharField(_("how it is assessed"), max_length=255, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["dimension", "order", "id"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.dimension_id is not None:
            refuse_if_in_use(self.dimension.rubric)


class ScaleAnchor(models.Model):
    dimension = models.ForeignKey(
        Dimension, on_delete=models.CASCADE, related_name="anchors", verbose_name=_("dimension")
    )
    level = models.PositiveSmallIntegerField(_("level"))
    description = models.TextField(_("description"), validators=long_text_validators())

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

    def clean(self) -> None:
        if self.dimension_id is not None:
            refuse_if_in_use(self.dimension.rubric)


class WeightMethod(models.TextChoices):
    POINTS = "points", _("Points")
    RANK_ORDER = "rank_order", _("Rank order (centroid)")
    PAIRWISE = "pairwise", _("Pairwise comparison (AHP)")
    VALIDITY = "validity", _("From the validity report")


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
    reason = models.TextField(_("reason"), validators=long_text_validators())
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

    def gate_items(self) -> list["WeightChangeItem"]:
        return [item for item in self.items.all() if item.gate_changed]


class WeightChangeItem(models.Model):
    """Old and new points of one dimension in a change (the code is kept as written)."""

    change = models.ForeignKey(WeightChange, on_delete=models.CASCADE, related_name="items")
    dimension = models.ForeignKey(Dimension, on_delete=models.SET_NULL, null=True, related_name="+")
    code = models.SlugField(_("code"), max_length=40)
    old_weight = models.DecimalField(_("old weight"), max_digits=6, decimal_places=2)
    new_weight = models.DecimalField(_("new weight"), max_digits=6, decimal_places=2)
    old_gate = models.DecimalField(
        _("old gate"), max_digits=3, decimal_places=2, null=True, blank=True
    )
    new_gate = models.DecimalField(
        _("new gate"), max_digits=3, decimal_places=2, null=True, blank=True
    )

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["change", "code"], name="one_item_per_code"),
        ]

    def __str__(self) -> str:
        return f"{self.code}: {self.old_weight} → {self.new_weight}"

    @property
    def gate_changed(self) -> bool:
        return self.old_gate != self.new_gate


# Interview plans and the question bank ---------------------------------------------
# A rubric carries a default interview plan (PlanRound) and a bank of questions per
# criterion. Neither changes a score: editing them never needs a new rubric version,
# but every change to a question is kept (QuestionChange).

# More focus dimensions than this per round and raters rate less accurately
# (Gaugler & Thornton 1989: 3 dimensions beat 6 or 9).
MAX_FOCUS_RECOMMENDED = 5


class RoundMethod(models.TextChoices):
    INTERVIEW = "interview", _("Interview")
    TEST = "test", _("Test")
    EXERCISE = "exercise", _("Exercise")
    RECORD_REVIEW = "record_review", _("Record review")
    REFERENCE_CHECK = "reference_check", _("Reference check")


class QuestionKind(models.TextChoices):
    BEHAVIOURAL = "behavioural", _("Behavioural (a past example)")
    SITUATIONAL = "situational", _("Situational (a what-if)")
    TASK = "task", _("Task (a test or exercise)")


class Question(models.Model):
    """One question of the bank, on one criterion, with what strong and weak answers show."""

    criterion = models.ForeignKey(
        Criterion, on_delete=models.CASCADE, related_name="questions", verbose_name=_("criterion")
    )
    # Stable across rubric versions and copies: plans point at questions by it.
    key = models.SlugField(_("key"), max_length=60)
    kind = models.CharField(_("kind"), max_length=20, choices=QuestionKind.choices)
    text = models.TextField(_("question"), validators=long_text_validators())
    probes = models.TextField(
        _("follow-up questions"),
        blank=True,
        validators=long_text_validators(),
        help_text=_("One per line."),
    )
    strong = models.TextField(
        _("a strong answer shows"), blank=True, validators=long_text_validators()
    )
    weak = models.TextField(_("a weak answer shows"), blank=True, validators=long_text_validators())
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    retired_at = models.DateTimeField(_("retired at"), null=True, blank=True)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["criterion", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["criterion", "key"], name="question_key_per_criterion")
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def probe_list(self) -> list[str]:
        return [line.strip() for line in self.probes.splitlines() if line.strip()]


class QuestionAction(models.TextChoices):
    ADDED = "added", _("Added")
    EDITED = "edited", _("Edited")
    RETIRED = "retired", _("Retired")
    RESTORED = "restored", _("Restored")


class QuestionChange(models.Model):
    """Who changed a question, when, and its texts before and after (both languages)."""

    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="changes", verbose_name=_("question")
    )
    action = models.CharField(_("action"), max_length=20, choices=QuestionAction.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("changed by"),
    )
    changed_at = models.DateTimeField(_("changed at"), auto_now_add=True)
    before = models.JSONField(_("before"), default=dict, blank=True)
    after = models.JSONField(_("after"), default=dict, blank=True)

    class Meta:
        verbose_name = _("question change")
        verbose_name_plural = _("question changes")
        ordering = ["-changed_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} · {self.question_id}"


class PlanRound(models.Model):
    """A round of the rubric's default interview plan, copied into an opening's plan."""

    rubric = models.ForeignKey(
        Rubric, on_delete=models.CASCADE, related_name="plan_rounds", verbose_name=_("rubric")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    name = models.CharField(_("name"), max_length=100)
    method = models.CharField(_("method"), max_length=20, choices=RoundMethod.choices)
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), default=60)
    focus = models.ManyToManyField(Dimension, related_name="+", verbose_name=_("focus dimensions"))
    questions = models.ManyToManyField(Question, related_name="+", verbose_name=_("questions"))

    class Meta:
        verbose_name = _("default plan round")
        verbose_name_plural = _("default plan rounds")
        ordering = ["rubric", "order", "id"]

    def __str__(self) -> str:
        return self.name

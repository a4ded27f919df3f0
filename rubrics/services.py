"""Saving a rubric's weights: checked, recorded and atomic."""

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from rubrics.models import Dimension, Rubric, WeightChange, WeightChangeItem, WeightMethod

MAX_POINTS = Decimal("9999.99")  # what the weight column holds


def _points(value: object) -> Decimal:
    try:
        points = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise ValidationError(_("Enter a number.")) from None
    if not points.is_finite():
        raise ValidationError(_("Enter a number."))
    if points < 0:
        raise ValidationError(_("A weight cannot be negative."))
    if points > MAX_POINTS:
        raise ValidationError(_("At most %(max)s points.") % {"max": MAX_POINTS})
    return points.quantize(Decimal("0.01"))


def clean_weights(rubric: Rubric, weights: Mapping[str, object]) -> dict[str, Decimal]:
    """Points per code for every dimension of `rubric`, or a ValidationError by code.

    Errors are keyed by dimension code (or `__all__` when every weight is zero),
    so a form can put each one next to its field.
    """
    errors: dict[str, list] = {}
    cleaned: dict[str, Decimal] = {}
    codes = list(rubric.dimensions.values_list("code", flat=True))
    for code in weights:
        if code not in codes:
            errors.setdefault("__all__", []).append(
                ValidationError(_("Unknown dimension code “%(code)s”.") % {"code": code})
            )
    for code in codes:
        if code not in weights:
            errors[code] = [ValidationError(_("This field is required."))]
            continue
        try:
            cleaned[code] = _points(weights[code])
        except ValidationError as error:
            errors[code] = [error]
    if not errors and not any(cleaned.values()):
        errors["__all__"] = [ValidationError(_("At least one weight must be above zero."))]
    if errors:
        raise ValidationError(errors)
    return cleaned


def change_weights(
    *,
    rubric: Rubric,
    weights: Mapping[str, object],
    reason: str,
    by,
    method: str = WeightMethod.POINTS,
) -> WeightChange:
    """Save new points for every dimension of `rubric` with who, why and how.

    One transaction: the dimensions are locked, the change and its per-
    dimension old and new points are recorded, then the weights are written.
    Bad input raises ValidationError and saves nothing.
    """
    cleaned = clean_weights(rubric, weights)
    if not reason.strip():
        raise ValidationError({"reason": [_("Say why the weights change.")]})
    if method not in WeightMethod.values:
        raise ValidationError({"method": [_("Unknown method.")]})
    with transaction.atomic():
        dimensions = list(rubric.dimensions.select_for_update().order_by("order", "pk"))
        change = WeightChange.objects.create(
            rubric=rubric, changed_by=by, reason=reason.strip(), method=method
        )
        WeightChangeItem.objects.bulk_create(
            WeightChangeItem(
                change=change,
                dimension=dimension,
                code=dimension.code,
                old_weight=dimension.weight,
                new_weight=cleaned[dimension.code],
            )
            for dimension in dimensions
        )
        for dimension in dimensions:
            dimension.weight = cleaned[dimension.code]
        Dimension.objects.bulk_update(dimensions, ["weight"])
    return change

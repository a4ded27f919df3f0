"""Writes to rubrics: saving weights (checked, recorded, atomic) and cloning a rubric."""

from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from rubrics.models import (
    Criterion,
    Dimension,
    Rubric,
    ScaleAnchor,
    WeightChange,
    WeightChangeItem,
    WeightMethod,
)
from rubrics.weighting import check_weights


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
    cleaned = check_weights(
        codes=list(rubric.dimensions.values_list("code", flat=True)), weights=weights
    )
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


def _copy(instance, **changes):
    """An unsaved copy with every column (both languages included) but the id."""
    values = {
        field.attname: getattr(instance, field.attname)
        for field in instance._meta.concrete_fields
        if not field.primary_key
    }
    values.update(changes)
    return type(instance)(**values)


def clone_rubric(*, rubric: Rubric, name_en: str, name_zh_hans: str) -> Rubric:
    """A new, non-default rubric with the same dimensions, weights, gates,
    criteria and anchors in both languages; the original is untouched."""
    dimensions = list(rubric.dimensions.prefetch_related("criteria", "anchors"))
    with transaction.atomic():
        clone = _copy(
            rubric, name=name_en, name_en=name_en, name_zh_hans=name_zh_hans, is_default=False
        )
        clone.save()
        copies = Dimension.objects.bulk_create(
            _copy(dimension, rubric_id=clone.pk) for dimension in dimensions
        )
        Criterion.objects.bulk_create(
            _copy(criterion, dimension_id=copy.pk)
            for dimension, copy in zip(dimensions, copies, strict=True)
            for criterion in dimension.criteria.all()
        )
        ScaleAnchor.objects.bulk_create(
            _copy(anchor, dimension_id=copy.pk)
            for dimension, copy in zip(dimensions, copies, strict=True)
            for anchor in dimension.anchors.all()
        )
    return clone

"""Cloning a rubric into a profile for another kind of role."""

from django.db import transaction

from rubrics.models import Criterion, Dimension, Rubric, ScaleAnchor


def _copy(instance, **changes):
    """An unsaved copy with every column (both languages included) but the id."""
    values = {
        field.attname: getattr(instance, field.attname)
        for field in instance._meta.concrete_fields
        if not field.primary_key
    }
    values.update(changes)
    return type(instance)(**values)


def clone_rubric(rubric: Rubric, *, name_en: str, name_zh_hans: str) -> Rubric:
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

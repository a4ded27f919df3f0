"""Reads for the rubric pages, each in a fixed number of queries."""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from rubrics.models import Dimension, Rubric, WeightChange


def rubric_or_404(pk: int) -> Rubric:
    return get_object_or_404(Rubric, pk=pk)


def rubrics_with_dimensions() -> QuerySet[Rubric]:
    """Rubrics with their dimensions prefetched (list and detail pages)."""
    return Rubric.objects.with_dimensions()


def dimensions_of(rubric: Rubric) -> list[Dimension]:
    return list(rubric.dimensions.all())


def default_rubric() -> Rubric | None:
    return Rubric.objects.filter(is_default=True).first()


def weight_changes_of(rubric: Rubric) -> QuerySet[WeightChange]:
    """Every weight change of the rubric, newest first, with who and the items."""
    return rubric.weight_changes.select_related("changed_by").prefetch_related("items")


def weight_change_or_404(*, rubric_pk: int, change_pk: int) -> WeightChange:
    return get_object_or_404(
        WeightChange.objects.select_related("rubric", "changed_by").prefetch_related("items"),
        pk=change_pk,
        rubric_id=rubric_pk,
    )

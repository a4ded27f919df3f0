"""Reads for the rubric pages, each in a fixed number of queries."""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from rubrics.models import Criterion, Dimension, Question, QuestionChange, Rubric, WeightChange


def rubric_or_404(pk: int) -> Rubric:
    return get_object_or_404(Rubric, pk=pk)


def rubrics_with_dimensions() -> QuerySet[Rubric]:
    """Rubrics with their dimensions prefetched (list and detail pages)."""
    return Rubric.objects.with_dimensions()


def dimensions_of(rubric: Rubric) -> list[Dimension]:
    return list(rubric.dimensions.all())


def dimension_or_404(*, rubric_pk: int, dimension_pk: int) -> Dimension:
    return get_object_or_404(
        Dimension.objects.select_related("rubric"), pk=dimension_pk, rubric_id=rubric_pk
    )


def criterion_or_404(*, rubric_pk: int, criterion_pk: int) -> Criterion:
    return get_object_or_404(
        Criterion.objects.select_related("dimension__rubric"),
        pk=criterion_pk,
        dimension__rubric_id=rubric_pk,
    )


def question_or_404(*, rubric_pk: int, criterion_pk: int, question_pk: int) -> Question:
    return get_object_or_404(
        Question.objects.select_related("criterion__dimension__rubric"),
        pk=question_pk,
        criterion_id=criterion_pk,
        criterion__dimension__rubric_id=rubric_pk,
    )


def active_questions(rubric: Rubric) -> QuerySet[Question]:
    """The rubric's questions on offer (retired ones left out), in rubric order."""
    return (
        Question.objects.filter(criterion__dimension__rubric=rubric, retired_at__isnull=True)
        .select_related("criterion__dimension")
        .order_by("criterion__dimension__order", "criterion__order", "order", "pk")
    )


def questions_of(criterion: Criterion) -> tuple[list[Question], list[Question]]:
    """The criterion's bank: (active, retired), each in order; one query."""
    questions = list(criterion.questions.order_by("order", "pk"))
    return (
        [q for q in questions if q.retired_at is None],
        [q for q in questions if q.retired_at is not None],
    )


def anchors_of(dimension: Dimension) -> list:
    return list(dimension.anchors.all())


def question_count_of(criterion: Criterion) -> int:
    return criterion.questions.count()


def question_changes_of(question: Question) -> QuerySet[QuestionChange]:
    return question.changes.select_related("changed_by").order_by("-changed_at", "-id")


def content_changes_of(rubric: Rubric, *, limit: int = 50) -> list[LogEntry]:
    """Who changed the rubric's texts, dimensions, criteria or anchors, and when, newest
    first: the admin's history of the rubric, which the in-app editor writes too."""
    return list(
        LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(Rubric), object_id=str(rubric.pk)
        )
        .select_related("user")
        .order_by("-action_time", "-pk")[:limit]
    )


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


def submitted_scorecard_count(rubric: Rubric) -> int:
    """Submitted scorecards that scored a dimension of `rubric` (over 0: it is in use)."""
    submitted = Q(dimensions__scores__scorecard__submitted_at__isnull=False)
    return Rubric.objects.filter(pk=rubric.pk).aggregate(
        n=Count("dimensions__scores__scorecard", filter=submitted, distinct=True)
    )["n"]


def newer_version_of(rubric: Rubric) -> Rubric | None:
    return Rubric.objects.filter(previous_version=rubric).first()


@dataclass(frozen=True)
class VersionChange:
    """One difference between a rubric version and the one before it."""

    dimension: str  # the dimension's name, or "" for the rubric itself
    what: str
    old: str
    new: str


def version_changes(rubric: Rubric) -> list[VersionChange]:
    """What differs from the previous version: rubric settings, then dimensions by code.

    Texts are compared in every language; criteria and anchors as a whole per
    dimension. Four queries per version (rubric, dimensions, criteria, anchors).
    """
    previous = rubric.previous_version
    if previous is None:
        return []
    old_rubric, new_rubric = (
        Rubric.objects.with_dimensions().get(pk=pk) for pk in (previous.pk, rubric.pk)
    )
    changes = _field_changes("", old_rubric, new_rubric, RUBRIC_FIELDS)
    old = {d.code: d for d in old_rubric.dimensions.all()}
    new = {d.code: d for d in new_rubric.dimensions.all()}
    for code, dimension in new.items():
        if code not in old:
            changes.append(VersionChange(dimension.name, gettext("dimension added"), "", code))
            continue
        changes += _field_changes(dimension.name, old[code], dimension, DIMENSION_FIELDS)
        for label, content in ((_("criteria"), _criteria), (_("anchors"), _anchors)):
            before, after = content(old[code]), content(dimension)
            if before != after:
                changes.append(VersionChange(dimension.name, str(label), before, after))
    for code, dimension in old.items():
        if code not in new:
            changes.append(VersionChange(dimension.name, gettext("dimension removed"), code, ""))
    return changes


RUBRIC_FIELDS = ("name", "description", "scale_min", "scale_max", "min_coverage", "min_scorecards")
DIMENSION_FIELDS = ("name", "guidance", "weight", "gate", "order")


def _field_changes(label: str, old, new, fields) -> list[VersionChange]:
    changes = []
    for name in fields:
        for column, language in _stored_columns(type(new), name):
            before, after = getattr(old, column), getattr(new, column)
            if before != after:
                what = str(type(new)._meta.get_field(name).verbose_name)
                if language:
                    what = f"{what} ({language})"
                changes.append(VersionChange(label, what, _text(before), _text(after)))
    return changes


def _stored_columns(model, name: str) -> list[tuple[str, str]]:
    """(column, language name) for each language modeltranslation stores `name` in,
    or just (`name`, "") for a field stored once."""
    present = {field.attname for field in model._meta.concrete_fields}
    translated = [
        (f"{name}_{code.replace('-', '_')}", str(language)) for code, language in settings.LANGUAGES
    ]
    return [pair for pair in translated if pair[0] in present] or [(name, "")]


def _criteria(dimension: Dimension) -> str:
    return "\n".join(
        " · ".join(_text(getattr(criterion, column)) for column in _columns(criterion))
        for criterion in dimension.criteria.all()
    )


def _anchors(dimension: Dimension) -> str:
    return "\n".join(
        f"{anchor.level}: " + " · ".join(_text(getattr(anchor, c)) for c in _columns(anchor))
        for anchor in dimension.anchors.all()
    )


def _columns(instance) -> list[str]:
    model = type(instance)
    texts = ("name", "guidance", "assessed_by", "description")
    return [
        column
        for name in texts
        for column, _language in _stored_columns(model, name)
        if hasattr(instance, column)
    ]


def _text(value) -> str:
    return "" if value is None else str(value)

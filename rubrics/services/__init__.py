"""Writes to rubrics: saving weights and gates (checked, recorded, atomic), cloning a
rubric, and making a new version of one.

A rubric in use (a submitted scorecard scored on it) is frozen: its texts,
dimensions, criteria and anchors change only in a new version. Weights and
gates stay editable on it, because `change_weights` records every change.

Editing dimensions, criteria and anchors is in `rubrics.services.content`; the
question bank (editable on a rubric in use, every change kept) in
`rubrics.services.questions`.
"""

from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from rubrics.models import (
    Criterion,
    Dimension,
    Question,
    Rubric,
    ScaleAnchor,
    WeightChange,
    WeightChangeItem,
    WeightMethod,
)
from rubrics.weighting import check_gates, check_weights


class StaleWeights(Exception):
    """The weights were saved by someone else after the editor read them."""

    def __init__(self, change: WeightChange | None) -> None:
        super().__init__("stale weights")
        self.change = change  # the newest saved change, to say who and when


def change_weights(
    *,
    rubric: Rubric,
    weights: Mapping[str, object],
    reason: str,
    by,
    method: str = WeightMethod.POINTS,
    gates: Mapping[str, object] | None = None,
    expected_version: int | None = None,
) -> WeightChange:
    """Save new points (and gates) for every dimension of `rubric` with who, why and how.

    One transaction: the rubric and its dimensions are locked, the change and
    its per-dimension old and new points and gates are recorded, then they are
    written. `gates` maps codes to a gate or blank; codes left out keep theirs.
    With `expected_version` (the rubric's `weights_version` the editor read), a
    save that another one overtook raises StaleWeights and saves nothing, so
    the second of two admins cannot silently undo the first. Bad input raises
    ValidationError and saves nothing.
    """
    cleaned = check_weights(
        codes=list(rubric.dimensions.values_list("code", flat=True)), weights=weights
    )
    new_gates = check_gates(gates=gates or {}, low=rubric.scale_min, high=rubric.scale_max)
    if not reason.strip():
        raise ValidationError({"reason": [_("Say why the weights change.")]})
    if method not in WeightMethod.values:
        raise ValidationError({"method": [_("Unknown method.")]})
    with transaction.atomic():
        locked = Rubric.objects.select_for_update().get(pk=rubric.pk)
        if expected_version is not None and locked.weights_version != expected_version:
            raise StaleWeights(locked.weight_changes.select_related("changed_by").first())
        dimensions = list(locked.dimensions.select_for_update().order_by("order", "pk"))
        _refuse_no_change(dimensions, cleaned, new_gates)
        change = WeightChange.objects.create(
            rubric=locked, changed_by=by, reason=reason.strip(), method=method
        )
        WeightChangeItem.objects.bulk_create(
            WeightChangeItem(
                change=change,
                dimension=dimension,
                code=dimension.code,
                old_weight=dimension.weight,
                new_weight=cleaned[dimension.code],
                old_gate=dimension.gate,
                new_gate=new_gates.get(dimension.code, dimension.gate),
            )
            for dimension in dimensions
        )
        for dimension in dimensions:
            dimension.weight = cleaned[dimension.code]
            dimension.gate = new_gates.get(dimension.code, dimension.gate)
        Dimension.objects.bulk_update(dimensions, ["weight", "gate"])
        locked.weights_version += 1
        locked.save(update_fields=["weights_version"])
    rubric.weights_version = locked.weights_version
    return change


def _refuse_no_change(dimensions, weights, gates) -> None:
    """A save that changes nothing would be an empty entry in the history."""
    if all(d.weight == weights[d.code] and d.gate == gates.get(d.code, d.gate) for d in dimensions):
        raise ValidationError(_("Nothing changed: these are the saved weights and gates."))


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
    """A new, non-default rubric (version 1) with the same dimensions, weights,
    gates, criteria and anchors in both languages; the original is untouched."""
    with transaction.atomic():
        return _copy_rubric(
            rubric,
            name=name_en,
            name_en=name_en,
            name_zh_hans=name_zh_hans,
            version=1,
            previous_version_id=None,
            version_reason="",
            version_by_id=None,
        )


def make_default(*, rubric: Rubric) -> Rubric:
    """Make `rubric` the one default (the rubric new openings start with)."""
    with transaction.atomic():
        Rubric.objects.select_for_update().filter(is_default=True).exclude(pk=rubric.pk).update(
            is_default=False
        )
        Rubric.objects.filter(pk=rubric.pk).update(is_default=True)
    rubric.is_default = True
    return rubric


def create_version(*, rubric: Rubric, by, reason: str) -> Rubric:
    """The next version of `rubric`: same name, content copied, not in use, editable.

    Versions form a line: only the newest version of a rubric can get a next
    one (two admins making a version at once get one, the other an error).
    Openings stay on their version until moved (candidates.services.openings).
    """
    if not reason.strip():
        raise ValidationError({"reason": [_("Say why the rubric needs a new version.")]})
    with transaction.atomic():
        locked = Rubric.objects.select_for_update().get(pk=rubric.pk)
        if Rubric.objects.filter(previous_version=locked).exists():
            raise ValidationError(
                _("This version already has a newer one; make the new version from that.")
            )
        return _copy_rubric(
            locked,
            version=locked.version + 1,
            previous_version_id=locked.pk,
            version_reason=reason.strip(),
            version_by_id=by.pk if by else None,
        )


def _copy_rubric(rubric: Rubric, **changes) -> Rubric:
    """A saved, non-default copy of `rubric` with its dimensions, criteria and anchors.

    Called inside the caller's transaction.
    """
    dimensions = list(rubric.dimensions.prefetch_related("criteria", "anchors"))
    clone = _copy(rubric, is_default=False, weights_version=1, **changes)
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
    _copy_bank_and_plan(rubric, clone)
    return clone


def _copy_bank_and_plan(rubric: Rubric, clone: Rubric) -> None:
    """The question bank (retired questions too, for their history) and the default plan.

    Matched to the clone's criteria by dimension code and order, its dimensions by code.
    """
    criteria = {
        (c.dimension.code, c.order, c.name_en): c
        for c in Criterion.objects.filter(dimension__rubric=clone).select_related("dimension")
    }
    questions = {}
    for question in Question.objects.filter(criterion__dimension__rubric=rubric).select_related(
        "criterion__dimension"
    ):
        source = question.criterion
        target = criteria[(source.dimension.code, source.order, source.name_en)]
        questions[question.pk] = _copy(question, criterion_id=target.pk)
    Question.objects.bulk_create(questions.values())
    dimensions = {d.code: d for d in clone.dimensions.all()}
    for plan_round in rubric.plan_rounds.prefetch_related("focus", "questions"):
        copy = _copy(plan_round, rubric_id=clone.pk)
        copy.save()
        copy.focus.set([dimensions[d.code] for d in plan_round.focus.all()])
        copy.questions.set([questions[q.pk] for q in plan_round.questions.all()])

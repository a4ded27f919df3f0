"""Editing a rubric's content in the app: dimensions, criteria and anchors, both languages.

Only a rubric not in use changes here (a draft or a new version): every write
locks the rubric, checks that it is still not in use and raises RubricInUse
otherwise, saving nothing. Weights and gates are not edited here: they have
their own recorded editor (`change_weights`); a new dimension starts at 0 points.

Every change is recorded as a Django admin log entry on the rubric (who, when,
what), the same history the admin writes when these are edited there, so the
rubric's page shows one list whichever way the change was made.
"""

import json
from collections.abc import Mapping

from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import translation
from django.utils.translation import gettext as _

from rubrics.models import Criterion, Dimension, Rubric, ScaleAnchor, refuse_if_in_use

DIMENSION_TEXTS = ("name_en", "name_zh_hans", "guidance_en", "guidance_zh_hans")
CRITERION_TEXTS = (
    "name_en",
    "name_zh_hans",
    "guidance_en",
    "guidance_zh_hans",
    "assessed_by_en",
    "assessed_by_zh_hans",
)
ANCHOR_TEXTS = ("description_en", "description_zh_hans")


class RubricInUse(ValidationError):
    """The rubric is in use: its content changes only in a new version."""


def _lock_editable(rubric_pk: int) -> Rubric:
    """The rubric, locked for the rest of the transaction; RubricInUse if it is in use."""
    locked = Rubric.objects.select_for_update().get(pk=rubric_pk)
    try:
        refuse_if_in_use(locked)
    except ValidationError as error:
        raise RubricInUse(error.messages[0]) from None
    return locked


def _label(model, column: str) -> str:
    """The field's name as the admin's history stores it (untranslated, e.g. "name [en]")."""
    with translation.override(None):
        return str(model._meta.get_field(column).verbose_name)


def _log(*, rubric: Rubric, by, flag: int, verb: str, obj, fields: list[str] | None = None) -> None:
    """One entry in the rubric's history, in the admin's change-message format."""
    with translation.override(None):
        name = str(type(obj)._meta.verbose_name)
    detail: dict = {"name": name, "object": str(obj)[:200]}
    if verb == "changed":
        detail["fields"] = [_label(type(obj), column) for column in fields or []]
    LogEntry.objects.create(
        user_id=by.pk,
        content_type=ContentType.objects.get_for_model(Rubric),
        object_id=str(rubric.pk),
        object_repr=str(rubric)[:200],
        action_flag=flag,
        change_message=json.dumps([{verb: detail}]),
    )


def require_texts(obj, columns: tuple[str, ...]) -> None:
    """Texts a reader needs in each language: blank in either refuses the save."""
    missing = [column for column in columns if not (getattr(obj, column) or "").strip()]
    if missing:
        raise ValidationError(dict.fromkeys(missing, [_("Fill this in, in both languages.")]))


def _check(obj) -> None:
    """The model's own checks, and the texts each object needs in both languages."""
    required = {
        Dimension: ("name_en", "name_zh_hans"),
        Criterion: ("name_en", "name_zh_hans"),
        ScaleAnchor: ("description_en", "description_zh_hans"),
    }
    require_texts(obj, required[type(obj)])
    obj.full_clean()


def _apply(obj, values: Mapping[str, str], columns: tuple[str, ...]) -> list[str]:
    """Set the given texts on `obj`; the columns whose value changed."""
    changed = []
    for column in columns:
        if column in values and getattr(obj, column) != values[column]:
            setattr(obj, column, values[column])
            changed.append(column)
    return changed


def _save_changed(*, rubric: Rubric, by, obj, values, columns) -> list[str]:
    changed = _apply(obj, values, columns)
    if changed:
        _check(obj)
        obj.save()
        _log(rubric=rubric, by=by, flag=CHANGE, verb="changed", obj=obj, fields=changed)
    return changed


def update_dimension(*, dimension: Dimension, by, values: Mapping[str, str]) -> list[str]:
    """Change a dimension's name and guidance (both languages); the columns changed.

    Nothing changed writes nothing and records nothing.
    """
    with transaction.atomic():
        rubric = _lock_editable(dimension.rubric_id)
        fresh = Dimension.objects.select_for_update().get(pk=dimension.pk)
        return _save_changed(
            rubric=rubric, by=by, obj=fresh, values=values, columns=DIMENSION_TEXTS
        )


def add_dimension(*, rubric: Rubric, by, code: str, values: Mapping[str, str]) -> Dimension:
    """A new last dimension with 0 points and no gate: set its weight in the weight editor."""
    with transaction.atomic():
        locked = _lock_editable(rubric.pk)
        last = locked.dimensions.aggregate(n=Max("order"))["n"]
        dimension = Dimension(rubric=locked, code=code, order=0 if last is None else last + 1)
        _apply(dimension, values, DIMENSION_TEXTS)
        _check(dimension)
        dimension.save()
        _log(rubric=locked, by=by, flag=ADDITION, verb="added", obj=dimension)
    return dimension


def remove_dimension(*, dimension: Dimension, by) -> None:
    """Remove a dimension, its criteria, anchors and questions; refused once anything is
    scored on it, a draft scorecard included (its scores would go with it)."""
    with transaction.atomic():
        rubric = _lock_editable(dimension.rubric_id)
        fresh = Dimension.objects.select_for_update().get(pk=dimension.pk)
        if fresh.scores.exists():
            raise ValidationError(
                _("Scores were given on “%(name)s” (in a draft scorecard): it cannot be removed.")
                % {"name": fresh}
            )
        _log(rubric=rubric, by=by, flag=DELETION, verb="deleted", obj=fresh)
        fresh.delete()


def update_criterion(*, criterion: Criterion, by, values: Mapping[str, str]) -> list[str]:
    """Change a criterion's name, guidance and how it is assessed; the columns changed."""
    with transaction.atomic():
        rubric = _lock_editable(criterion.dimension.rubric_id)
        fresh = Criterion.objects.select_for_update().get(pk=criterion.pk)
        return _save_changed(
            rubric=rubric, by=by, obj=fresh, values=values, columns=CRITERION_TEXTS
        )


def add_criterion(*, dimension: Dimension, by, values: Mapping[str, str]) -> Criterion:
    """A new last criterion of `dimension`."""
    with transaction.atomic():
        rubric = _lock_editable(dimension.rubric_id)
        last = dimension.criteria.aggregate(n=Max("order"))["n"]
        criterion = Criterion(dimension=dimension, order=0 if last is None else last + 1)
        _apply(criterion, values, CRITERION_TEXTS)
        _check(criterion)
        criterion.save()
        _log(rubric=rubric, by=by, flag=ADDITION, verb="added", obj=criterion)
    return criterion


def remove_criterion(*, criterion: Criterion, by) -> None:
    """Remove a criterion and its questions (a rubric not in use scored nothing on it)."""
    with transaction.atomic():
        rubric = _lock_editable(criterion.dimension.rubric_id)
        fresh = Criterion.objects.select_for_update().get(pk=criterion.pk)
        _log(rubric=rubric, by=by, flag=DELETION, verb="deleted", obj=fresh)
        fresh.delete()


def update_anchors(
    *, dimension: Dimension, by, descriptions: Mapping[int, Mapping[str, str]]
) -> list[int]:
    """Set the anchors' descriptions per level (both languages); the levels changed.

    Levels outside the rubric's scale are refused; a level without an anchor yet gets one.
    """
    with transaction.atomic():
        rubric = _lock_editable(dimension.rubric_id)
        levels = range(rubric.scale_min, rubric.scale_max + 1)
        outside = sorted(set(descriptions) - set(levels))
        if outside:
            raise ValidationError(
                _("Level %(level)s is outside the scale %(low)s to %(high)s.")
                % {"level": outside[0], "low": rubric.scale_min, "high": rubric.scale_max}
            )
        existing = {a.level: a for a in dimension.anchors.select_for_update()}
        changed = []
        for level, values in sorted(descriptions.items()):
            anchor = existing.get(level) or ScaleAnchor(dimension=dimension, level=level)
            adding = anchor.pk is None
            columns = _apply(anchor, values, ANCHOR_TEXTS)
            if not columns and not adding:
                continue
            _check(anchor)
            anchor.save()
            changed.append(level)
            _log(
                rubric=rubric,
                by=by,
                flag=ADDITION if adding else CHANGE,
                verb="added" if adding else "changed",
                obj=anchor,
                fields=columns,
            )
    return changed

"""Reads for the scorecard import: which opening a title stands for, and what each takes."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.db.models import QuerySet

from candidates.models import InterviewRound, Opening, OpeningStatus
from rubrics.models import Dimension, Rubric
from rubrics.selectors import default_rubric


def pick_openings(openings: Iterable[Opening]) -> dict[str, Opening]:
    """Per title, the open opening created last (else the closed one created last).

    The import matches an opening by its title alone; this is the one it takes.
    """
    picked: dict[str, Opening] = {}
    for opening in openings:
        current = picked.get(opening.title)
        if current is None or _opening_rank(opening) > _opening_rank(current):
            picked[opening.title] = opening
    return picked


def _opening_rank(opening: Opening) -> tuple[bool, datetime, int]:
    return (opening.status == OpeningStatus.OPEN, opening.created_at, opening.pk)


def importable_openings() -> QuerySet[Opening]:
    """The open openings a file can name, by title: one per title, the one the import takes."""
    open_ones = Opening.objects.filter(status=OpeningStatus.OPEN).only(
        "pk", "title", "status", "created_at"
    )
    picked = [opening.pk for opening in pick_openings(open_ones).values()]
    return Opening.objects.filter(pk__in=picked).select_related("rubric").order_by("title", "pk")


@dataclass(frozen=True)
class ImportableOpening:
    opening: Opening
    rounds: list[str]  # the plan's round names, the only rounds a file may give; [] for none


@dataclass(frozen=True)
class RubricGuide:
    """What a file needs for the openings on one rubric: the codes, the scale."""

    rubric: Rubric
    dimensions: list[Dimension]
    openings: list[ImportableOpening]
    for_new_openings: bool  # the default rubric: a title that matches no opening gets it


def import_guide() -> list[RubricGuide]:
    """Per rubric of an open opening (and the default rubric), its dimensions and openings.

    The default rubric first, then by rubric name; four queries.
    """
    openings = list(importable_openings())
    default = default_rubric()
    rubric_ids = {opening.rubric_id for opening in openings} | ({default.pk} if default else set())
    rubrics = Rubric.objects.filter(pk__in=rubric_ids).prefetch_related("dimensions")
    rounds: dict[int, list[str]] = defaultdict(list)
    for plan_round in InterviewRound.objects.filter(opening__in=openings):
        rounds[plan_round.opening_id].append(plan_round.name)
    by_rubric: dict[int, list[ImportableOpening]] = defaultdict(list)
    for opening in openings:
        by_rubric[opening.rubric_id].append(ImportableOpening(opening, rounds[opening.pk]))
    return [
        RubricGuide(
            rubric=rubric,
            dimensions=list(rubric.dimensions.all()),
            openings=by_rubric[rubric.pk],
            for_new_openings=rubric.is_default,
        )
        for rubric in rubrics
    ]


def template_dimension_codes(opening: Opening | None) -> list[str]:
    """The codes a file's rows for `opening` take; None: a new opening, on the default rubric."""
    rubric = opening.rubric if opening is not None else default_rubric()
    return list(rubric.dimensions.values_list("code", flat=True)) if rubric else []

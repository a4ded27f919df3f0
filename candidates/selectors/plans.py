"""Reads of an opening's interview plan: its rounds and which dimensions they cover."""

from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet

from candidates.models import InterviewRound, Opening
from rubrics.models import MAX_FOCUS_RECOMMENDED, Dimension, Question


def plan_rounds(opening: Opening) -> QuerySet[InterviewRound]:
    """The opening's rounds in order, with focus dimensions and questions."""
    return opening.rounds.prefetch_related(
        Prefetch("focus", queryset=Dimension.objects.order_by("order", "id")),
        Prefetch(
            "questions",
            queryset=Question.objects.select_related("criterion__dimension").order_by(
                "criterion__dimension__order", "criterion__order", "order", "id"
            ),
        ),
    )


@dataclass(frozen=True)
class DimensionCoverage:
    dimension: Dimension
    rounds: list[InterviewRound]
    needed: int  # the rubric's minimum scorecards

    @property
    def short(self) -> bool:
        return len(self.rounds) < self.needed


def plan_coverage(opening: Opening, rounds: list[InterviewRound]) -> list[DimensionCoverage]:
    """For each dimension of the rubric, the rounds that assess it.

    A dimension assessed by fewer rounds than the rubric's minimum scorecards
    cannot reach that minimum from the plan alone (one interviewer a round).
    """
    needed = opening.rubric.min_scorecards
    return [
        DimensionCoverage(
            dimension=dimension,
            rounds=[r for r in rounds if any(f.pk == dimension.pk for f in r.focus.all())],
            needed=needed,
        )
        for dimension in opening.rubric.dimensions.order_by("order", "id")
    ]


def overloaded_rounds(rounds: list[InterviewRound]) -> list[InterviewRound]:
    """Rounds with more focus dimensions than raters rate well."""
    return [r for r in rounds if len(r.focus.all()) > MAX_FOCUS_RECOMMENDED]


def focus_codes(plan_round: InterviewRound | None) -> frozenset[str] | None:
    """The codes a round's scorecard must answer; None when there is no round (all)."""
    if plan_round is None:
        return None
    codes = frozenset(d.code for d in plan_round.focus.all())
    return codes or None

"""The ranking arithmetic (SCORING.md §1), pure Python with no ORM import.

Inputs are per-(application, dimension) aggregates of submitted, non-null
scores; weights are relative points. For application a:

    score(a)    = sum_O w(d) * mean(a, d) / sum_O w(d)     O = scored dimensions
    coverage(a) = sum_O w(d) / sum_all w(d)

Proration assumes a skipped dimension would have scored like the others, so
an application is ranked only with enough coverage, enough submitted
scorecards and every gated dimension scored; the others are returned apart as
"needs more evidence", never dropped. The bracket says what the missing
weight could do: every missing dimension at the bottom, or at the top, of the
scale.
"""

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import NamedTuple

from candidates.summaries import DISAGREEMENT_SPREAD

# Scores equal to this many decimals are tied: float sums of the same numbers
# in another order must not split a tie.
TIE_DECIMALS = 9
COVERAGE_TOLERANCE = 1e-9

REASON_COVERAGE = "coverage"
REASON_SCORECARDS = "scorecards"
REASON_GATE_UNSCORED = "gate_unscored"
FLAG_GATE_FAILED = "gate_failed"
FLAG_DISAGREEMENT = "disagreement"


class DimensionStat(NamedTuple):
    """Submitted, non-null scores of one application on one dimension."""

    mean: float
    n: int
    spread: float = 0.0  # highest minus lowest score


@dataclass(frozen=True)
class ApplicationScores:
    key: Hashable  # the application's id
    label: str  # the candidate's name: the tie-break after the score
    scorecards: int  # submitted scorecards
    dimensions: Mapping[str, DimensionStat]  # only dimensions with scores


@dataclass(frozen=True)
class RubricRules:
    scale_min: float
    scale_max: float
    min_coverage: float  # share of the total weight, 0..1
    min_scorecards: int
    gates: Mapping[str, float] = field(default_factory=dict)  # code -> lowest acceptable mean


# Named tuples rather than frozen dataclasses: an opening of 10,000
# applications builds hundreds of thousands of these per page view.
class Flag(NamedTuple):
    kind: str  # FLAG_GATE_FAILED or FLAG_DISAGREEMENT
    dimension: str


class Reason(NamedTuple):
    kind: str  # REASON_*
    dimension: str | None = None


@dataclass(slots=True)
class RankedApplication:
    key: Hashable
    label: str
    scorecards: int
    dimensions: Mapping[str, DimensionStat]
    score: float | None  # on the rubric's scale; None when nothing is scored
    score_100: float | None
    coverage: float  # 0..1
    bracket: tuple[float, float]  # scale units: missing weight all at min / all at max
    flags: tuple[Flag, ...]
    reasons: tuple[Reason, ...]  # why it is not ranked; empty when eligible
    rank: int | None = None

    @property
    def eligible(self) -> bool:
        return not self.reasons


@dataclass(frozen=True)
class Ranking:
    ranked: list[RankedApplication]  # eligible, best first, ranks shared on ties
    needs_more_evidence: list[RankedApplication]  # best first, rank None


def to_100(score: float, *, scale_min: float, scale_max: float) -> float:
    return (score - scale_min) / (scale_max - scale_min) * 100


def score_application(
    application: ApplicationScores,
    *,
    weights: Mapping[str, float],
    rules: RubricRules,
    total_weight: float | None = None,
) -> RankedApplication:
    """Weighted score, coverage, bracket, flags and eligibility of one application.

    One pass over the scored dimensions: this runs once per application on
    every shortlist view, so it stays a plain loop.
    """
    total = sum(weights.values()) if total_weight is None else total_weight
    scored: dict[str, DimensionStat] = {}
    scored_weight = weighted_sum = 0.0
    flags: list[Flag] = []
    for code, stat in application.dimensions.items():
        weight = weights.get(code)
        if weight is None:
            continue
        scored[code] = stat
        scored_weight += weight
        weighted_sum += weight * stat.mean
        if stat.n >= 2 and stat.spread >= DISAGREEMENT_SPREAD:
            flags.append(Flag(FLAG_DISAGREEMENT, code))
    missing_weight = total - scored_weight

    score = weighted_sum / scored_weight if scored_weight > 0 else None
    coverage = scored_weight / total if total > 0 else 0.0
    if total > 0:
        bracket = (
            (weighted_sum + rules.scale_min * missing_weight) / total,
            (weighted_sum + rules.scale_max * missing_weight) / total,
        )
    else:
        bracket = (rules.scale_min, rules.scale_max)

    reasons = []
    if coverage < rules.min_coverage - COVERAGE_TOLERANCE or score is None:
        reasons.append(Reason(REASON_COVERAGE))
    if application.scorecards < rules.min_scorecards:
        reasons.append(Reason(REASON_SCORECARDS))
    for code, gate in rules.gates.items():
        if code not in scored:
            reasons.append(Reason(REASON_GATE_UNSCORED, code))
        elif scored[code].mean < gate:
            flags.insert(0, Flag(FLAG_GATE_FAILED, code))

    return RankedApplication(
        key=application.key,
        label=application.label,
        scorecards=application.scorecards,
        dimensions=scored,
        score=score,
        score_100=None
        if score is None
        else to_100(score, scale_min=rules.scale_min, scale_max=rules.scale_max),
        coverage=coverage,
        bracket=bracket,
        flags=tuple(flags),
        reasons=tuple(reasons),
    )


def order_key(row: RankedApplication) -> tuple:
    """Best first; tied scores (to TIE_DECIMALS) in a stable order by name, then id."""
    score = round(row.score, TIE_DECIMALS) if row.score is not None else float("-inf")
    return (-score, row.label, str(row.key))


def assign_ranks(rows: list[RankedApplication]) -> list[RankedApplication]:
    """Competition ranking (1, 2, 2, 4) over rows already sorted best first."""
    previous_score = None
    for position, row in enumerate(rows, start=1):
        score = order_key(row)[0]
        if score != previous_score:
            rank, previous_score = position, score
        row.rank = rank
    return rows


def rank_applications(
    applications: Iterable[ApplicationScores],
    *,
    weights: Mapping[str, float],
    rules: RubricRules,
) -> Ranking:
    """Score every application, rank the eligible ones, list the rest apart."""
    total = sum(weights.values())
    rows = sorted(
        (
            score_application(a, weights=weights, rules=rules, total_weight=total)
            for a in applications
        ),
        key=order_key,
    )
    eligible = [row for row in rows if row.eligible]
    return Ranking(
        ranked=assign_ranks(eligible),
        needs_more_evidence=[row for row in rows if not row.eligible],
    )

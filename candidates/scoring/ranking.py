"""The ranking arithmetic (docs/scoring.md §1), pure Python with no ORM import.

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

The arithmetic runs on a `ScoreTable` (one row per application, one column
per dimension) with numpy, so an opening of 10,000 applications ranks in a
few milliseconds; per-dimension values become Python objects only for the
rows somebody looks at.
"""

import math
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import NamedTuple

import numpy as np

from candidates.scoring.matrix import average_of_means
from candidates.scoring.summaries import DISAGREEMENT_SPREAD

# Scores equal to this many decimals are tied: float sums of the same numbers
# in another order must not split a tie.
TIE_DECIMALS = 9
COVERAGE_TOLERANCE = 1e-9

REASON_COVERAGE = "coverage"
REASON_SCORECARDS = "scorecards"
REASON_GATE_UNSCORED = "gate_unscored"
# Said beside the other reasons, never alone: a missing round does not stop a ranking.
REASON_ROUND_UNSCORED = "round_unscored"
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


class Flag(NamedTuple):
    kind: str  # FLAG_GATE_FAILED or FLAG_DISAGREEMENT
    dimension: str


class Reason(NamedTuple):
    kind: str  # REASON_*
    dimension: str | None = None
    round: str | None = None  # the plan round's name, for REASON_ROUND_UNSCORED


@dataclass(frozen=True, eq=False)
class ScoreTable:
    """An opening's aggregates, one row per application, one column per code.

    `means` is NaN and `counts` 0 where the application has no submitted
    score on the dimension.
    """

    keys: Sequence[Hashable]
    labels: Sequence[str]
    scorecards: np.ndarray  # (rows,) submitted scorecards
    codes: tuple[str, ...]
    means: np.ndarray  # (rows, codes)
    counts: np.ndarray  # (rows, codes)
    spreads: np.ndarray  # (rows, codes) highest minus lowest score

    @classmethod
    def from_applications(
        cls, applications: Iterable[ApplicationScores], codes: Sequence[str]
    ) -> "ScoreTable":
        """Lay out per-application mappings; codes outside `codes` are ignored."""
        applications = list(applications)
        column = {code: j for j, code in enumerate(codes)}
        shape = (len(applications), len(codes))
        means, counts, spreads = np.full(shape, np.nan), np.zeros(shape, int), np.zeros(shape)
        for i, application in enumerate(applications):
            for code, stat in application.dimensions.items():
                if code in column:
                    means[i, column[code]], counts[i, column[code]], spreads[i, column[code]] = stat
        return cls(
            keys=[a.key for a in applications],
            labels=[a.label for a in applications],
            scorecards=np.array([a.scorecards for a in applications], dtype=int),
            codes=tuple(codes),
            means=means,
            counts=counts,
            spreads=spreads,
        )

    def stats(self, row: int) -> dict[str, DimensionStat]:
        """The dimensions scored in one row, by code."""
        return {
            code: DimensionStat(mean, n, spread)
            for code, mean, n, spread in zip(
                self.codes,
                self.means[row].tolist(),
                self.counts[row].tolist(),
                self.spreads[row].tolist(),
                strict=True,
            )
            if n
        }

    @cached_property
    def average(self) -> dict[str, float]:
        """Per code, the average of the application means that exist (the opening average).

        Computed once per table: cached shortlists share theirs with every request.
        """
        return average_of_means(self.codes, self.means, self.counts)


@dataclass(frozen=True, eq=False)
class FlagMasks:
    """Which (row, column) cells of a ScoreTable carry a flag."""

    table: ScoreTable
    gate_failed: np.ndarray  # (rows, codes) bool
    disagreement: np.ndarray  # (rows, codes) bool

    @cached_property
    def flagged_rows(self) -> np.ndarray:
        """Per row, whether any of its cells carries a flag (most carry none)."""
        return self.gate_failed.any(axis=1) | self.disagreement.any(axis=1)

    def of_row(self, row: int) -> tuple[Flag, ...]:
        if not self.flagged_rows[row]:
            return ()
        codes = self.table.codes
        return (
            *(Flag(FLAG_GATE_FAILED, codes[j]) for j in np.flatnonzero(self.gate_failed[row])),
            *(Flag(FLAG_DISAGREEMENT, codes[j]) for j in np.flatnonzero(self.disagreement[row])),
        )


@dataclass(slots=True)
class RankedApplication:
    """One application's result. Per-dimension values and flags are built on
    demand from the shared table, since a page shows only some rows."""

    key: Hashable
    label: str
    scorecards: int
    score: float | None  # on the rubric's scale; None when nothing is scored
    score_100: float | None
    coverage: float  # 0..1
    bracket: tuple[float, float]  # scale units: missing weight all at min / all at max
    flagged: bool
    reasons: tuple[Reason, ...]  # why it is not ranked; empty when eligible
    masks: FlagMasks = field(repr=False)
    row: int = field(repr=False)
    rank: int | None = None

    @property
    def eligible(self) -> bool:
        return not self.reasons

    @property
    def dimensions(self) -> dict[str, DimensionStat]:
        """Scored dimensions only, by code."""
        return self.masks.table.stats(self.row)

    @property
    def flags(self) -> tuple[Flag, ...]:
        """Failed gates first, then disagreements, each in rubric order."""
        return self.masks.of_row(self.row)


@dataclass(frozen=True)
class Ranking:
    ranked: "Rows"  # eligible, best first, ranks shared on ties
    needs_more_evidence: "Rows"  # best first, rank None


def to_100(score, *, scale_min: float, scale_max: float):
    """A score (or an array of scores) on the scale, as 0-100."""
    return (score - scale_min) / (scale_max - scale_min) * 100


def _unscored_gates(table: ScoreTable, scored: np.ndarray, gates) -> dict[int, list[Reason]]:
    """Per row, a reason for every gated dimension it has no score on."""
    column = {code: j for j, code in enumerate(table.codes)}
    reasons: dict[int, list[Reason]] = {}
    for code, _gate in gates.items():
        missing = ~scored[:, column[code]] if code in column else np.ones(len(table.keys), bool)
        for i in np.flatnonzero(missing).tolist():
            reasons.setdefault(i, []).append(Reason(REASON_GATE_UNSCORED, code))
    return reasons


def _flag_masks(table: ScoreTable, scored: np.ndarray, gates) -> FlagMasks:
    gate_failed = np.zeros_like(scored)
    for j, code in enumerate(table.codes):
        if code in gates:
            gate_failed[:, j] = scored[:, j] & (table.means[:, j] < gates[code])
    disagreement = scored & (table.counts >= 2) & (table.spreads >= DISAGREEMENT_SPREAD)
    return FlagMasks(table, gate_failed, disagreement)


def _weighted(
    table: ScoreTable, weights: Mapping[str, float], rules: RubricRules
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Per row: weighted mean over the scored dimensions, coverage, and the bracket's ends."""
    w = np.array([float(weights.get(code, 0.0)) for code in table.codes])
    total = float(w.sum())
    scored = table.counts > 0
    scored_weight = scored @ w
    weighted_sum = np.where(scored, table.means, 0.0) @ w
    with np.errstate(divide="ignore", invalid="ignore"):
        score = np.where(scored_weight > 0, weighted_sum / scored_weight, np.nan)
    if total <= 0:
        rows = len(table.keys)
        return (
            score,
            np.zeros(rows),
            np.full(rows, float(rules.scale_min)),
            np.full(rows, float(rules.scale_max)),
        )
    coverage = scored_weight / total
    low = (weighted_sum + rules.scale_min * (total - scored_weight)) / total
    high = (weighted_sum + rules.scale_max * (total - scored_weight)) / total
    return score, coverage, low, high


@dataclass(frozen=True, eq=False)
class Results:
    """Every row's weighted score, coverage, bracket, flags and eligibility, as arrays in
    the table's row order. A RankedApplication is built only for a row that is read."""

    table: ScoreTable
    masks: FlagMasks
    score: np.ndarray  # NaN where nothing is scored
    score_100: np.ndarray
    coverage: np.ndarray
    low: np.ndarray
    high: np.ndarray
    flagged: np.ndarray  # bool
    short_coverage: np.ndarray  # bool
    few_scorecards: np.ndarray  # bool
    unscored_gates: Mapping[int, list[Reason]]  # by row, only rows with one

    def eligible(self) -> np.ndarray:
        ok = ~(self.short_coverage | self.few_scorecards)
        ok[list(self.unscored_gates)] = False
        return ok

    def reasons(self, i: int) -> tuple[Reason, ...]:
        reasons = [Reason(REASON_COVERAGE)] if self.short_coverage[i] else []
        if self.few_scorecards[i]:
            reasons.append(Reason(REASON_SCORECARDS))
        return (*reasons, *self.unscored_gates.get(i, ()))

    def row(self, i: int, rank: int | None = None, more: tuple[Reason, ...] = ()):
        score = float(self.score[i])
        missing = math.isnan(score)  # nothing scored
        return RankedApplication(
            key=self.table.keys[i],
            label=self.table.labels[i],
            scorecards=int(self.table.scorecards[i]),
            score=None if missing else score,
            score_100=None if missing else float(self.score_100[i]),
            coverage=float(self.coverage[i]),
            bracket=(float(self.low[i]), float(self.high[i])),
            flagged=bool(self.flagged[i]),
            reasons=(*self.reasons(i), *more),
            masks=self.masks,
            row=i,
            rank=rank,
        )


def score_rows(table: ScoreTable, *, weights: Mapping[str, float], rules: RubricRules) -> Results:
    """Weighted score, coverage, bracket, flags and eligibility of every row."""
    scored = table.counts > 0
    score, coverage, low, high = _weighted(table, weights, rules)
    masks = _flag_masks(table, scored, rules.gates)
    return Results(
        table=table,
        masks=masks,
        score=score,
        score_100=to_100(score, scale_min=rules.scale_min, scale_max=rules.scale_max),
        coverage=coverage,
        low=low,
        high=high,
        flagged=(masks.gate_failed | masks.disagreement).any(axis=1),
        short_coverage=(coverage < rules.min_coverage - COVERAGE_TOLERANCE) | np.isnan(score),
        few_scorecards=table.scorecards < rules.min_scorecards,
        unscored_gates=_unscored_gates(table, scored, rules.gates),
    )


def score_application(
    application: ApplicationScores, *, weights: Mapping[str, float], rules: RubricRules
) -> RankedApplication:
    """One application scored alone (as it would be within its opening)."""
    table = ScoreTable.from_applications([application], tuple(weights))
    return score_rows(table, weights=weights, rules=rules).row(0)


class Rows(Sequence):
    """Rows of a ranking in order (best first), each built as a RankedApplication when read.

    A page shows 25 rows of ten thousand; the whole list as objects would cost
    more than the arithmetic. `keys`, `scores` and `ranks` give every row's value
    as plain lists without building a row. `more` adds reasons to a row by key
    (the plan rounds still missing).
    """

    def __init__(
        self,
        results: Results,
        order: np.ndarray,
        ranks: np.ndarray | None = None,
        more: Callable[[Hashable], tuple[Reason, ...]] | None = None,
    ) -> None:
        self.results, self.order, self.ranks, self.more = results, order, ranks, more

    def __len__(self) -> int:
        return len(self.order)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        i = int(self.order[index])
        rank = None if self.ranks is None else int(self.ranks[index])
        more = self.more(self.results.table.keys[i]) if self.more else ()
        return self.results.row(i, rank, more)

    def __eq__(self, other) -> bool:
        return list(self) == list(other)

    __hash__ = None

    def __add__(self, other) -> list:
        return [*self, *other]

    @cached_property
    def keys(self) -> list:
        keys = self.results.table.keys
        return [keys[i] for i in self.order.tolist()]

    @cached_property
    def scores(self) -> list[float]:
        return self.results.score[self.order].tolist()

    @cached_property
    def rank_list(self) -> list[int]:
        return [] if self.ranks is None else self.ranks.tolist()

    @cached_property
    def flagged(self) -> list[bool]:
        return self.results.flagged[self.order].tolist()

    @cached_property
    def positions(self) -> dict[Hashable, int]:
        """Each key's position in the order."""
        return {key: position for position, key in enumerate(self.keys)}

    def with_more(self, more: Callable[[Hashable], tuple[Reason, ...]]) -> "Rows":
        return Rows(self.results, self.order, self.ranks, more)


def best_first(results: Results) -> tuple[np.ndarray, np.ndarray]:
    """Row order, best first, and each row's score rounded for tie detection.

    Scores equal to TIE_DECIMALS tie and keep a stable order by name, then id;
    rows with nothing scored come last.
    """
    scores = results.score
    tied = np.where(np.isnan(scores), -np.inf, np.round(scores, TIE_DECIMALS))
    table = results.table
    order = np.lexsort(
        (
            np.array([str(key) for key in table.keys], dtype=str),
            np.array(table.labels, dtype=str),
            -tied,
        )
    )
    return order, tied


def competition_ranks(tied: np.ndarray) -> np.ndarray:
    """Competition ranking (1, 2, 2, 4) of scores sorted best first."""
    if not len(tied):
        return np.zeros(0, int)
    starts = np.ones(len(tied), bool)
    starts[1:] = tied[1:] != tied[:-1]
    positions = np.arange(1, len(tied) + 1)
    return np.maximum.accumulate(np.where(starts, positions, 0))


def rank_table(table: ScoreTable, *, weights: Mapping[str, float], rules: RubricRules) -> Ranking:
    """Score every row, rank the eligible ones, list the rest apart."""
    results = score_rows(table, weights=weights, rules=rules)
    order, tied = best_first(results)
    eligible = results.eligible()[order]
    ranked = order[eligible]
    return Ranking(
        ranked=Rows(results, ranked, competition_ranks(tied[ranked])),
        needs_more_evidence=Rows(results, order[~eligible]),
    )


@dataclass(frozen=True)
class MissingRounds:
    """The plan rounds an application has no submitted scorecard in, as reasons."""

    plan: Sequence[tuple[Hashable, str]]
    scored: Mapping[Hashable, Iterable[Hashable]]

    def __call__(self, key: Hashable) -> tuple[Reason, ...]:
        done = set(self.scored.get(key, ()))
        return tuple(
            Reason(REASON_ROUND_UNSCORED, round=name)
            for round_key, name in self.plan
            if round_key not in done
        )


def with_missing_rounds(
    ranking: Ranking,
    *,
    plan: Sequence[tuple[Hashable, str]],
    scored: Mapping[Hashable, Iterable[Hashable]],
) -> Ranking:
    """Add to every "needs more evidence" row the plan rounds it has no submitted scorecard in.

    `plan` is the opening's rounds in order as (key, name); `scored` the
    round keys each application has a submitted scorecard in. Eligibility
    is unchanged: ranked rows stay as they are, and the rounds only say
    what evidence is still to come. Without a plan the ranking is returned as is.
    """
    if not plan:
        return ranking
    pending = ranking.needs_more_evidence.with_more(MissingRounds(tuple(plan), scored))
    return Ranking(ranked=ranking.ranked, needs_more_evidence=pending)


def rank_applications(
    applications: Iterable[ApplicationScores],
    *,
    weights: Mapping[str, float],
    rules: RubricRules,
) -> Ranking:
    """`rank_table` for applications given one by one."""
    table = ScoreTable.from_applications(applications, tuple(weights))
    return rank_table(table, weights=weights, rules=rules)

"""Confidence in a shortlist's order: SE, 90% interval, P(top k), who cannot be told apart."""

from dataclasses import dataclass

import numpy as np

from candidates.scoring.confidence import (
    CLEARLY_IN,
    Pooled,
    ScoreConfidence,
    confidence,
    pooled_residual_sd,
)
from candidates.selectors.shortlist import Shortlist

DEFAULT_K = 3


@dataclass(frozen=True)
class ConfidenceReport:
    k: int
    pooled: Pooled
    rows: dict[int, ScoreConfidence]  # by application id, ranked applications only

    def clearly_in(self, keys) -> list[int]:
        """Of `keys`, those in the top k in at least 95% of the simulations."""
        return [key for key in keys if self.rows[key].p_top_k >= CLEARLY_IN]

    def indistinct_runs(self, keys) -> list[list[int]]:
        """Runs of consecutive `keys` (best first) where each cannot be told from the next."""
        runs, current = [], []
        for key in keys:
            current.append(key)
            if self.rows[key].apart_from_next:
                if len(current) > 1:
                    runs.append(current)
                current = []
        if len(current) > 1:
            runs.append(current)
        return runs


def choose_k(asked, ranked_count: int) -> int:
    """k from the page or command line, kept between 1 and the number ranked."""
    try:
        k = int(asked)
    except (TypeError, ValueError):
        k = DEFAULT_K
    return max(1, min(k, max(ranked_count, 1)))


def ranking_confidence(shortlist: Shortlist, k: int = DEFAULT_K) -> ConfidenceReport:
    """Confidence figures for every ranked application (on calibrated scores when calibrated).

    The residual variance is pooled over every scorecard of the opening,
    ranked or not: more candidates make a steadier estimate.
    """
    matrix = shortlist.matrix
    totals = matrix.totals(shortlist.weights)
    pooled = pooled_residual_sd(matrix.applications, totals)
    counted = matrix.applications[~np.isnan(totals)].tolist()
    raters: dict[int, int] = {}
    for application in counted:
        raters[application] = raters.get(application, 0) + 1
    ranked = shortlist.ranking.ranked
    keys = [row.key for row in ranked]
    k = choose_k(k, len(ranked))
    rows = confidence(
        keys, [row.score for row in ranked], [raters.get(key, 0) for key in keys], pooled, k
    )
    return ConfidenceReport(k, pooled, rows)


@dataclass(frozen=True)
class ConfidenceCell:
    """A ranked row's confidence figures as the page shows them, on 0-100."""

    se: float | None
    low: float | None  # the 90% interval, kept inside the scale
    high: float | None
    p_top_k: float
    apart_from_next: bool


def cells_on_100(report: ConfidenceReport, keys, scale_min: float, scale_max: float) -> dict:
    """The figures of the ranked `keys` (the rows on screen), moved from scale points to 0-100."""
    span = scale_max - scale_min

    def point(value: float | None) -> float | None:
        if value is None:
            return None
        return min(max((value - scale_min) / span * 100, 0.0), 100.0)

    return {
        key: ConfidenceCell(
            se=None if row.se is None else row.se / span * 100,
            low=point(row.low),
            high=point(row.high),
            p_top_k=row.p_top_k,
            apart_from_next=row.apart_from_next,
        )
        for key in keys
        if (row := report.rows.get(key)) is not None
    }


@dataclass(frozen=True)
class ConfidenceSummary:
    """What a manager reads above the table: who is clearly in, who cannot be separated."""

    clearly_in: list[str]  # names, best first
    unclear_in_top: list[str]  # ranked in the top k but not clearly
    indistinct: list[list[str]]  # runs of neighbours near the top that cannot be told apart


def summarize(shortlist: Shortlist, report: ConfidenceReport) -> ConfidenceSummary:
    """Names for the summary; runs are looked for in the top 2k ranks, where decisions are."""
    ranked = shortlist.ranking.ranked
    keys = [row.key for row in ranked]
    top = [row.key for row in ranked if row.rank <= report.k]
    clearly = set(report.clearly_in(top))

    def name(key: int) -> str:
        return shortlist.applications[key].candidate.name

    near_top = [row.key for row in ranked if row.rank <= 2 * report.k]
    runs = report.indistinct_runs(keys[: len(near_top) + 1])
    return ConfidenceSummary(
        clearly_in=[name(key) for key in top if key in clearly],
        unclear_in_top=[name(key) for key in top if key not in clearly],
        indistinct=[[name(key) for key in run] for run in runs],
    )

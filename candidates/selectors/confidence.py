"""Confidence in a shortlist's order: SE, 90% interval, P(top k), who cannot be told apart."""

from dataclasses import dataclass
from functools import cached_property

import numpy as np

from candidates.scoring.confidence import (
    CLEARLY_IN,
    CLEARLY_OUT,
    Pooled,
    ScoreConfidence,
    confidence,
    pooled_residual_sd,
)
from candidates.selectors.caching import cached
from candidates.selectors.shortlist import Shortlist

DEFAULT_K = 3


@dataclass(frozen=True)
class ConfidenceReport:
    k: int
    pooled: Pooled
    rows: dict[int, ScoreConfidence]  # by application id, ranked applications best first

    # Read by every request of a cached report: computed once per report, not per page.
    @cached_property
    def clearly_in(self) -> list[int]:
        """The ranked applications (best first) in the top k in at least 95% of the
        simulations."""
        return [key for key, row in self.rows.items() if row.p_top_k >= CLEARLY_IN]

    @cached_property
    def borderline(self) -> list[int]:
        """The ranked applications (best first) neither clearly in nor clearly out."""
        return [key for key, row in self.rows.items() if CLEARLY_OUT < row.p_top_k < CLEARLY_IN]

    def indistinct_pairs(self, keys) -> list[tuple[int, int]]:
        """Neighbours in `keys` (best first) that cannot be told apart, as pairs.

        Pairs, never chains: A ≈ B and B ≈ C do not make A ≈ C (A and C may
        be clearly apart), so a run would claim more than the figures say.
        """
        return [
            (key, following)
            for key, following in zip(keys, keys[1:], strict=False)
            if not self.rows[key].apart_from_next
        ]


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
    ranked or not: more candidates make a steadier estimate. Cached under
    the shortlist's ranking version, per weights, calibration and k.
    """
    ranked = shortlist.ranking.ranked
    k = choose_k(k, len(ranked))
    key = (
        "confidence",
        shortlist.opening.pk,
        shortlist.calibrated,
        k,
        *sorted(shortlist.weights.items()),
    )
    return cached(shortlist.version, key, lambda: _confidence(shortlist, k))


def _confidence(shortlist: Shortlist, k: int) -> ConfidenceReport:
    matrix = shortlist.matrix
    totals = matrix.totals(shortlist.weights)
    pooled = pooled_residual_sd(matrix.applications, totals)
    counted = matrix.applications[~np.isnan(totals)].tolist()
    raters: dict[int, int] = {}
    for application in counted:
        raters[application] = raters.get(application, 0) + 1
    ranked = shortlist.ranking.ranked
    keys = ranked.keys
    rows = confidence(keys, ranked.scores, [raters.get(key, 0) for key in keys], pooled, k)
    return ConfidenceReport(k, pooled, rows)

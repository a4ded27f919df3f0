"""How far one weight must move before two neighbours swap (docs/scoring.md §6), pure Python.

A candidate's score is renormalised over the dimensions it has scores on:
S = N / D with N = sum w(d)·mean(d) and D = sum w(d) over those dimensions.
Moving one weight w_k by delta changes N by delta·mean(k) and D by delta, but
only for a candidate scored on k. The two scores tie where

    (N_P + delta·a) / (D_P + delta·alpha) = (N_Q + delta·b) / (D_Q + delta·beta)

(alpha, beta = 1 when scored on k, else 0; a, b the means on k or 0), a
quadratic in delta. With every dimension scored it reduces to the textbook
delta_k = (S_Q - S_P) / (x_Pk - x_Qk) in unnormalised points. A root is
usable when the weight stays >= 0; the smallest move in share of the total
weight wins.
"""

import math
from collections.abc import Mapping
from typing import NamedTuple

# A root this close to zero is the current tie, not a flip.
EPSILON = 1e-12


class Flip(NamedTuple):
    """Raising or lowering `dimension` from `share` to `flip_share` (0-1) swaps the pair."""

    dimension: str
    share: float
    flip_share: float


def _roots(quadratic: float, linear: float, constant: float) -> list[float]:
    if abs(quadratic) < EPSILON:
        return [] if abs(linear) < EPSILON else [-constant / linear]
    discriminant = linear * linear - 4 * quadratic * constant
    if discriminant < 0:
        return []
    root = math.sqrt(discriminant)
    return [(-linear - root) / (2 * quadratic), (-linear + root) / (2 * quadratic)]


def tie_moves(
    behind: Mapping[str, float], ahead: Mapping[str, float], weights: Mapping[str, float], code: str
) -> list[float]:
    """Every change of `code`'s weight (in points) at which the two scores tie."""
    n_p = sum(weights[d] * mean for d, mean in behind.items())
    d_p = sum(weights[d] for d in behind)
    n_q = sum(weights[d] * mean for d, mean in ahead.items())
    d_q = sum(weights[d] for d in ahead)
    alpha, a = (1.0, behind[code]) if code in behind else (0.0, 0.0)
    beta, b = (1.0, ahead[code]) if code in ahead else (0.0, 0.0)
    roots = _roots(
        a * beta - b * alpha,
        a * d_q + n_p * beta - b * d_p - n_q * alpha,
        n_p * d_q - n_q * d_p,
    )
    # A root that empties either candidate's scored weight is no tie at all.
    return [
        delta
        for delta in roots
        if weights[code] + delta >= 0
        and d_p + delta * alpha > EPSILON
        and d_q + delta * beta > EPSILON
        and abs(delta) > EPSILON
    ]


def smallest_flip(
    behind: Mapping[str, float], ahead: Mapping[str, float], weights: Mapping[str, float]
) -> Flip | None:
    """The single-weight change, smallest in share, that lets `behind` catch up with `ahead`.

    `behind` and `ahead` map each scored dimension code to its mean. None
    when no single weight can do it (or the total weight is zero).
    """
    total = sum(weights.values())
    if total <= 0:
        return None
    best: Flip | None = None
    for code in weights:
        for delta in tie_moves(behind, ahead, weights, code):
            flip_share = (weights[code] + delta) / (total + delta)
            candidate = Flip(code, weights[code] / total, flip_share)
            if best is None or abs(flip_share - candidate.share) < abs(
                best.flip_share - best.share
            ):
                best = candidate
    return best


def neighbour_flips(ranked, weights: Mapping[str, float]) -> dict:
    """For each ranked row after the first, the flip that lifts it over the row just above.

    `ranked` is best first, each row with `key`, `rank` and `dimensions`
    (code -> stat with `mean`). Rows tied with the one above get None: they
    already share its rank.
    """
    flips: dict = {}
    above = None
    for row in ranked:
        means = {code: stat.mean for code, stat in row.dimensions.items()}
        if above is not None and row.rank != above[0]:
            flips[row.key] = smallest_flip(means, above[1], weights)
        else:
            flips[row.key] = None
        above = (row.rank, means)
    return flips

"""How sure the ranking is (SCORING.md §4), pure numpy.

Each scorecard gives one weighted total T(r, c) for its candidate. With two
to four interviewers a candidate's own SD is too noisy, so the residual
variance of T around each candidate's mean is pooled over the opening and
SE(c) = s_pooled / sqrt(m_c). The 90% interval uses the normal quantile.

P(top k) comes from simulation: every candidate's score is drawn from
N(S, SE^2) many times with a fixed seed (so a page reads the same on every
load), and a candidate tied at the cut gets the credit (k - g) / e (g
strictly above, e tied including itself), so each draw hands out exactly k.
"""

from collections.abc import Hashable, Sequence
from dataclasses import dataclass

import numpy as np

Z90 = 1.6448536269514722  # two-sided 90%: the 95th percentile of N(0, 1)
DRAWS = 4000
SEED = 20261122
CLEARLY_IN = 0.95
# Candidates more than this many SEs below the cut cannot reach it (p < 1e-9).
FAR_BELOW = 6.0
TIE_DECIMALS = 9


@dataclass(frozen=True)
class Pooled:
    sd: float | None  # None when no candidate has two totals
    df: int


def pooled_residual_sd(groups: np.ndarray, totals: np.ndarray) -> Pooled:
    """SD of totals around their own candidate's mean, pooled over candidates."""
    keep = ~np.isnan(totals)
    groups, totals = groups[keep], totals[keep]
    _, g = np.unique(groups, return_inverse=True)
    counts = np.bincount(g)
    means = np.bincount(g, weights=totals) / np.maximum(counts, 1)
    residual = totals - means[g]
    df = int((counts - 1).sum())
    if df <= 0:
        return Pooled(None, 0)
    return Pooled(float(np.sqrt(residual @ residual / df)), df)


def standard_errors(pooled: Pooled, raters_per_candidate: np.ndarray) -> np.ndarray:
    """s_pooled / sqrt(m_c); NaN where the SE cannot be had."""
    m = np.asarray(raters_per_candidate, dtype=float)
    if pooled.sd is None:
        return np.full(len(m), np.nan)
    with np.errstate(divide="ignore"):
        return np.where(m > 0, pooled.sd / np.sqrt(m), np.nan)


def p_top_k(scores: Sequence[float], ses: Sequence[float], k: int) -> np.ndarray:
    """Probability of each candidate being among the best k, summing to k.

    A missing SE counts as 0 (the score taken as exact). Candidates far
    below the cut are given 0 without simulation, which keeps a large
    opening fast and changes no probability above 1e-9.
    """
    s = np.asarray(scores, dtype=float)
    se = np.nan_to_num(np.asarray(ses, dtype=float))
    n = len(s)
    if k >= n:
        return np.ones(n)
    if k <= 0:
        return np.zeros(n)
    cut = np.partition(-(s - FAR_BELOW * se), k - 1)[k - 1] * -1
    near = np.flatnonzero(s + FAR_BELOW * se >= cut)
    rng = np.random.default_rng(SEED)
    credit = np.zeros(len(near))
    for size in _chunks(DRAWS, 1000):
        draws = s[near] + se[near] * rng.standard_normal((size, len(near)))
        credit += _top_k_credit(np.round(draws, TIE_DECIMALS), k).sum(axis=0)
    probabilities = np.zeros(n)
    probabilities[near] = credit / DRAWS
    return probabilities


def _chunks(total: int, size: int):
    while total > 0:
        yield min(size, total)
        total -= size


def _top_k_credit(draws: np.ndarray, k: int) -> np.ndarray:
    """Per draw (row): 1 above the k-th value, (k - g)/e at it, 0 below."""
    threshold = -np.partition(-draws, k - 1, axis=1)[:, k - 1 : k]
    above = draws > threshold
    at = draws == threshold
    g = above.sum(axis=1, keepdims=True)
    e = at.sum(axis=1, keepdims=True)
    return above + at * (k - g) / e


def distinguishable(a: float, se_a: float, b: float, se_b: float) -> bool:
    """True when two scores differ by more than the 90% margin of their difference."""
    if np.isnan(se_a) or np.isnan(se_b):
        return bool(a != b)
    return bool(abs(a - b) > Z90 * float(np.hypot(se_a, se_b)))


@dataclass(frozen=True)
class ScoreConfidence:
    se: float | None
    low: float | None  # 90% interval
    high: float | None
    p_top_k: float
    apart_from_next: bool  # can be told apart from the next candidate down


def confidence(
    keys: Sequence[Hashable],
    scores: Sequence[float],
    raters: Sequence[int],
    pooled: Pooled,
    k: int,
) -> dict[Hashable, ScoreConfidence]:
    """Interval, P(top k) and separation from the next, for ranked candidates best first."""
    s = np.asarray(scores, dtype=float)
    se = standard_errors(pooled, np.asarray(raters))
    p = p_top_k(s, se, k)
    result = {}
    for i, key in enumerate(keys):
        known = not np.isnan(se[i])
        apart = i + 1 >= len(s) or distinguishable(s[i], se[i], s[i + 1], se[i + 1])
        result[key] = ScoreConfidence(
            se=float(se[i]) if known else None,
            low=float(s[i] - Z90 * se[i]) if known else None,
            high=float(s[i] + Z90 * se[i]) if known else None,
            p_top_k=float(p[i]),
            apart_from_next=apart,
        )
    return result

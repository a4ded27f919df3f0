"""How sure the ranking is (docs/scoring.md §5), pure numpy.

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
# Draws whose credits are summed together (then added to the total): it fixes the floats.
CHUNK = 1000
# At most this many values drawn at once (8 MB), whatever the size of the opening.
BLOCK_VALUES = 1 << 20
SEED = 20261122
CLEARLY_IN = 0.95
# At most this often in the top k: clearly out (the mirror of CLEARLY_IN).
CLEARLY_OUT = 0.05
# Candidates more than this many SEs below the cut cannot reach it (p < 1e-9).
FAR_BELOW = 6.0
TIE_DECIMALS = 9
# A draw's cut is bounded by the k-th best draw of the LEADERS * k highest scores.
LEADERS = 4
# Relative slack under that bound: far wider than rounding to TIE_DECIMALS moves a value.
ROUNDING_MARGIN = 1e-8


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
    opening fast and changes no probability above 1e-9. The near ones are
    drawn from one seeded stream a block of rows at a time; only a draw's
    few contenders for the cut are rounded and credited.
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
    s_near, se_near = s[near], se[near]
    leaders = _leaders(s_near, k)
    rng = np.random.default_rng(SEED)
    block = np.empty((max(1, min(CHUNK, BLOCK_VALUES // len(near))), len(near)))
    credit = np.zeros(len(near))
    for size in _chunks(DRAWS, CHUNK):
        columns, earned = [], []
        for rows in _chunks(size, len(block)):
            draws = block[:rows]
            rng.standard_normal(out=draws)  # the same stream as one CHUNK x near call
            draws *= se_near
            draws += s_near
            contenders, credits = _contender_credit(draws, leaders, k)
            columns.append(contenders)
            earned.append(credits)
        # One sum per CHUNK, draw after draw: the floats of the column sums first specified.
        credit += np.bincount(
            np.concatenate(columns), weights=np.concatenate(earned), minlength=len(near)
        )
    probabilities = np.zeros(n)
    probabilities[near] = credit / DRAWS
    return probabilities


def _chunks(total: int, size: int):
    while total > 0:
        yield min(size, total)
        total -= size


def _leaders(scores: np.ndarray, k: int) -> np.ndarray:
    """Positions of the LEADERS * k best scores (all when fewer): their k-th draw bounds the cut."""
    count = min(len(scores), LEADERS * k)
    return np.argpartition(-scores, count - 1)[:count]


def _contender_credit(draws: np.ndarray, leaders: np.ndarray, k: int):
    """Per draw (row), its contenders' columns and credits: 1 above the cut, (k - g)/e at it.

    The cut of a draw, its k-th highest rounded value, is at least the k-th
    highest among the leaders, so whoever drew below that bound (less a
    margin far wider than the rounding to TIE_DECIMALS) gets 0: only the
    rest are rounded and ranked. Contenders come draw by draw, in column
    order within a draw.
    """
    bound = -np.partition(-draws[:, leaders], k - 1, axis=1)[:, k - 1]
    bound -= ROUNDING_MARGIN * np.maximum(1.0, np.abs(bound))
    # flatnonzero then divmod: several times faster than a 2-D nonzero here.
    rows, columns = np.divmod(np.flatnonzero(draws >= bound[:, np.newaxis]), draws.shape[1])
    values = np.round(draws[rows, columns], TIE_DECIMALS)
    order = np.lexsort((-values, rows))  # each draw's contenders, best first
    first = np.searchsorted(rows, np.arange(len(draws)))
    cut = values[order[first + k - 1]]
    above = values > cut[rows]
    at = values == cut[rows]
    g = np.bincount(rows, weights=above, minlength=len(draws))
    e = np.bincount(rows, weights=at, minlength=len(draws))
    shared = (k - g) / e  # e >= 1: the cut is a contender's own value
    return columns, np.where(above, 1.0, np.where(at, shared[rows], 0.0))


def apart_from_next(scores: np.ndarray, ses: np.ndarray) -> np.ndarray:
    """For candidates best first: differs from the next by more than the 90% margin.

    The margin is that of the difference, Z90 * sqrt(se_a^2 + se_b^2); without
    SEs only a different score counts. The last candidate has nobody below.
    """
    if len(scores) == 0:
        return np.zeros(0, dtype=bool)
    gap = np.abs(scores[:-1] - scores[1:])
    margin = Z90 * np.hypot(ses[:-1], ses[1:])
    with np.errstate(invalid="ignore"):
        apart = np.where(np.isnan(margin), gap != 0, gap > margin)
    return np.append(apart, True)


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
    apart = apart_from_next(s, se)
    # Plain Python lists: building objects from numpy scalars one by one is slow.
    se_list = [None if np.isnan(x) else x for x in se.tolist()]
    return {
        key: ScoreConfidence(
            se=e,
            low=None if e is None else score - Z90 * e,
            high=None if e is None else score + Z90 * e,
            p_top_k=probability,
            apart_from_next=far,
        )
        for key, score, e, probability, far in zip(
            keys, s.tolist(), se_list, p.tolist(), apart.tolist(), strict=True
        )
    }

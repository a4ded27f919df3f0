"""Does the interview predict the job (docs/scoring.md §8), pure numpy.

Predictors are interview numbers per hired candidate (a dimension's mean over
submitted scorecards, or the weighted score); outcomes are post-hire measures
(sales attainment, customer satisfaction, retention, the manager's rating).
Missing values are NaN on both sides and are dropped pair by pair.

Everything here returns numbers and short codes, never sentences: the pages
choose the words. Below `MIN_N` complete pairs a correlation is None, never a
number, because with a handful of hires r swings across most of [-1, 1].
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass
from statistics import NormalDist

import numpy as np
from numpy.typing import ArrayLike

MIN_N = 10
LEVEL = 0.95
# Fisher's standard error 1 / sqrt(n - 3) needs at least four pairs.
FISHER_MIN_N = 4

STRENGTH_NEGLIGIBLE = "negligible"
STRENGTH_SMALL = "small"
STRENGTH_MODERATE = "moderate"
STRENGTH_LARGE = "large"
# Cohen (1988): |r| below each bound reads as the band's code; .50 and above is large.
STRENGTH_BANDS = ((0.10, STRENGTH_NEGLIGIBLE), (0.30, STRENGTH_SMALL), (0.50, STRENGTH_MODERATE))

HALO_THRESHOLD = 0.8
PROPOSAL_METHOD = "correlation"
# ceil() of a quotient that is an integer up to float error must not add a rater.
RATERS_TOLERANCE = 1e-9
# Relative size under which a pairwise sum of squares counts as zero (constant data).
ZERO_VARIANCE = 1e-12


@dataclass(frozen=True)
class Correlation:
    """Pearson r with its confidence interval; r, low and high are None when refused."""

    r: float | None
    low: float | None
    high: float | None
    n: int  # complete pairs

    @property
    def enough(self) -> bool:
        return self.r is not None and self.n >= MIN_N

    @property
    def excludes_zero(self) -> bool:
        """The whole interval lies on one side of 0 (a 0 at an end does not count)."""
        if self.low is None or self.high is None:
            return False
        return self.low > 0 or self.high < 0


@dataclass(frozen=True)
class Proposal:
    """Weights in points (two decimals, summing to the requested total)."""

    points: tuple[float, ...]  # one per dimension, in the order given
    n: int  # the smallest number of hires behind a usable correlation
    method: str = PROPOSAL_METHOD


def correlate(
    x: ArrayLike, y: ArrayLike, *, min_n: int = MIN_N, level: float = LEVEL
) -> Correlation:
    """Pearson r of x and y over the pairs where both are finite, with Fisher's interval.

    x and y are 1-d sequences of the same length; NaN (or any non-finite
    value) is missing and drops that pair only. The interval is
    tanh(atanh(r) +/- q / sqrt(n - 3)) with q the two-sided normal quantile of
    `level` (1.959964 for 0.95); it assumes roughly bivariate-normal data and
    independent pairs. r is None (and so are the ends) below `min_n` pairs or
    when either side is constant over the pairs. At |r| = 1 the interval is
    [r, r]. `min_n` must be at least 4 and `level` strictly between 0 and 1.
    """
    if min_n < FISHER_MIN_N:
        raise ValueError(f"min_n must be at least {FISHER_MIN_N}")
    if not 0 < level < 1:
        raise ValueError("level must lie strictly between 0 and 1")
    xs = np.asarray(x, dtype=float)
    ys = np.asarray(y, dtype=float)
    if xs.ndim != 1 or xs.shape != ys.shape:
        raise ValueError("x and y must be 1-d and of the same length")
    complete = np.isfinite(xs) & np.isfinite(ys)
    xs, ys = xs[complete], ys[complete]
    n = int(xs.size)
    if n < min_n or np.all(xs == xs[0]) or np.all(ys == ys[0]):
        return Correlation(r=None, low=None, high=None, n=n)
    dx, dy = xs - xs.mean(), ys - ys.mean()
    r = float(np.clip(dx @ dy / math.sqrt((dx @ dx) * (dy @ dy)), -1.0, 1.0))
    low, high = fisher_interval(r, n, level=level)
    return Correlation(r=r, low=low, high=high, n=n)


def fisher_interval(r: float, n: int, *, level: float = LEVEL) -> tuple[float, float]:
    """The `level` interval for a correlation r from n pairs (n >= 4), by Fisher's z."""
    if abs(r) >= 1:
        return r, r
    q = NormalDist().inv_cdf(0.5 + level / 2)
    z = math.atanh(r)
    half = q / math.sqrt(n - 3)
    return math.tanh(z - half), math.tanh(z + half)


def strength(r: float | None) -> str | None:
    """Cohen's (1988) band for |r|: negligible < .10 <= small < .30 <= moderate < .50 <= large.

    The sign is the caller's to say. None (or NaN) gives None.
    """
    if r is None or not math.isfinite(r):
        return None
    size = abs(r)
    for bound, code in STRENGTH_BANDS:
        if size < bound:
            return code
    return STRENGTH_LARGE


def range_corrected(
    r: float | None, *, sd_applicants: float | None, sd_hired: float | None
) -> float | None:
    """Thorndike's Case II correction of r for selection on the predictor.

    R = r u / sqrt(1 + r^2 (u^2 - 1)), u = sd_applicants / sd_hired, both SDs
    of the predictor (same units, e.g. the weighted score on the rubric's
    scale). It assumes selection was directly on the predictor and that the
    regression of outcome on predictor is linear and homoscedastic; if the
    hires were chosen on other grounds too, R is only an estimate. None when r
    is None and when either SD is missing, not finite or not positive.
    """
    if r is None or sd_applicants is None or sd_hired is None:
        return None
    values = (r, sd_applicants, sd_hired)
    if not all(math.isfinite(v) for v in values) or sd_applicants <= 0 or sd_hired <= 0:
        return None
    u = sd_applicants / sd_hired
    return r * u / math.sqrt(1 + r * r * (u * u - 1))


def weighted_scores(means: ArrayLike, weights: ArrayLike) -> np.ndarray:
    """Per candidate, the weighted mean of the dimension means over the scored dimensions.

    means is (candidates, dimensions) in scale units, NaN where a dimension was
    not scored; weights is (dimensions,) relative points, finite and >= 0.
    S = sum_scored w * m / sum_scored w, the ranking's proration (docs/scoring.md
    §1.1): an unscored dimension leaves numerator and denominator. NaN where no
    dimension with weight above 0 is scored.
    """
    m = np.asarray(means, dtype=float)
    w = np.asarray(weights, dtype=float)
    if m.ndim != 2 or w.shape != (m.shape[1],):
        raise ValueError("means must be (candidates, dimensions) and weights (dimensions,)")
    if not np.all(np.isfinite(w)) or np.any(w < 0):
        raise ValueError("weights must be finite and not negative")
    scored = np.isfinite(m)
    scored_weight = scored @ w
    weighted_sum = np.where(scored, m, 0.0) @ w
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(scored_weight > 0, weighted_sum / scored_weight, np.nan)


def equal_weights(dimensions: int) -> np.ndarray:
    """One point per dimension: the robust baseline (Dawes 1979)."""
    return np.ones(dimensions)


def propose_weights(
    correlations: Sequence[Correlation], *, total: float = 100.0
) -> Proposal | None:
    """Points proportional to max(r, 0), from one correlation per dimension.

    A dimension whose correlation is not `enough`, or whose r <= 0, gets 0.
    Weights follow each dimension's own validity rather than a regression:
    with tens of hires and ten correlated dimensions, least-squares weights
    fit the noise of the sample and predict new hires worse than simple
    weights do (Dawes 1979). Points are rounded to two decimals and the
    rounding remainder goes to the largest, so they sum to `total` (> 0)
    exactly in hundredths. n is the smallest n among the usable correlations.
    None when no usable correlation is positive.
    """
    if not math.isfinite(total) or total <= 0:
        raise ValueError("total must be a positive number")
    target = round(total * 100)
    if target <= 0:
        raise ValueError("total must be at least 0.01")
    usable = [c for c in correlations if c.enough]
    raw = np.array([max(c.r, 0.0) if c.enough else 0.0 for c in correlations])
    if not usable or raw.sum() <= 0:
        return None
    cents = np.round(raw / raw.sum() * target).astype(np.int64)
    largest = int(np.argmax(cents))
    cents[largest] += target - int(cents.sum())
    return Proposal(points=tuple((cents / 100).tolist()), n=min(c.n for c in usable))


def dimension_correlations(values: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    """Pairwise-complete Pearson r between the columns of values, and the pairs behind each.

    values is (scorecards, dimensions), NaN where a dimension was not assessed.
    For columns i, j only the rows scored on both count. Returns (r, n), both
    (dimensions, dimensions): r is NaN where fewer than two rows are shared or
    either column is constant over them; n counts the shared rows. The sums run
    as (d x rows) @ (rows x d) matrix products, so 30,000 scorecards take
    milliseconds.
    """
    x = np.asarray(values, dtype=float)
    if x.ndim != 2:
        raise ValueError("values must be (scorecards, dimensions)")
    scored = np.isfinite(x)
    mask = scored.astype(float)
    # Centring on each column's own mean changes no correlation and keeps the sums small.
    counts = mask.sum(axis=0)
    zeroed = np.where(scored, x, 0.0)
    centre = np.divide(zeroed.sum(axis=0), counts, out=np.zeros(x.shape[1]), where=counts > 0)
    centred = np.where(scored, x - centre, 0.0)
    n = mask.T @ mask
    # [i, j] sums column i over the rows where j is scored too (unscored cells are 0).
    sum_i = centred.T @ mask
    squares_i = (centred * centred).T @ mask
    products = centred.T @ centred
    with np.errstate(divide="ignore", invalid="ignore"):
        cov = products - sum_i * sum_i.T / n
        var_i = squares_i - sum_i * sum_i / n
        var_j = var_i.T
        constant = (var_i <= ZERO_VARIANCE * squares_i) | (var_j <= ZERO_VARIANCE * squares_i.T)
        r = cov / np.sqrt(var_i * var_j)
    r = np.where((n >= 2) & ~constant & np.isfinite(r), np.clip(r, -1.0, 1.0), np.nan)
    # A column against itself is 1 exactly, not 1 up to the rounding of sqrt(v * v).
    diagonal = np.diag_indices_from(r)
    r[diagonal] = np.where(np.isnan(r[diagonal]), np.nan, 1.0)
    return r, n.astype(np.int64)


def halo_pairs(
    r: np.ndarray, n: np.ndarray, *, threshold: float = HALO_THRESHOLD, min_n: int = MIN_N
) -> list[tuple[int, int, float]]:
    """Pairs (i, j, r) with i < j, r > threshold and at least min_n shared scorecards.

    Such dimensions may be read as one impression (halo) rather than two
    things. Highest r first; equal r in index order.
    """
    i, j = np.triu_indices(r.shape[0], k=1)
    values = r[i, j]
    with np.errstate(invalid="ignore"):
        keep = np.isfinite(values) & (values > threshold) & (n[i, j] >= min_n)
    pairs = [
        (int(a), int(b), float(v)) for a, b, v in zip(i[keep], j[keep], values[keep], strict=True)
    ]
    return sorted(pairs, key=lambda pair: (-pair[2], pair[0], pair[1]))


def spearman_brown(r1: float, k: float) -> float:
    """Reliability of the mean of k raters from one rater's r1: k r1 / (1 + (k - 1) r1).

    Assumes the raters are parallel (equally reliable, errors independent).
    r1 in [-1, 1], k > 0; a non-positive denominator (r1 very negative) has no
    meaning and is refused with ValueError.
    """
    if not (math.isfinite(r1) and math.isfinite(k)) or abs(r1) > 1 or k <= 0:
        raise ValueError("r1 must lie in [-1, 1] and k be positive")
    denominator = 1 + (k - 1) * r1
    if denominator <= 0:
        raise ValueError("Spearman-Brown is undefined for this r1 and k")
    return k * r1 / denominator


def raters_needed(r1: float | None, target: float) -> int | None:
    """Fewest parallel raters whose mean reaches reliability `target` (0 < target < 1).

    k = target (1 - r1) / (r1 (1 - target)), rounded up (a quotient within 1e-9
    of an integer is that integer). 1 when r1 >= target; None when r1 is None
    or r1 <= 0, as no number of raters then gets there.
    """
    if not (math.isfinite(target) and 0 < target < 1):
        raise ValueError("target must lie strictly between 0 and 1")
    if r1 is None or not math.isfinite(r1) or r1 <= 0:
        return None
    if r1 >= target:
        return 1
    k = target * (1 - r1) / (r1 * (1 - target))
    return max(1, math.ceil(k - RATERS_TOLERANCE))

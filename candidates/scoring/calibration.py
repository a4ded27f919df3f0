"""Interviewer leniency from the additive model (docs/scoring.md §3), pure numpy.

Model: x(r, u) = theta(u) + b(r) + e, where a unit u is one application on
one dimension and b(r) is how much more generously interviewer r scores than
the others on the same candidates. Candidate and interviewer effects are
estimated jointly by least squares with sum b = 0, so an interviewer who met
only strong finalists is not mistaken for a lenient one.

Eliminating theta leaves the interviewers' normal equations L b = y, where L
is the Laplacian of the graph linking interviewers who rated the same unit
(weight 1/n_u per shared unit). Its pseudo-inverse gives the sum-zero
solution and, times the residual variance, the covariance of b. The
estimates are then shrunk towards 0 by var_b / (var_b + se^2) (empirical
Bayes; var_b by the method of moments), the n_r / (n_r + var_e/var_b) factor
of docs/scoring.md §3 written with each interviewer's own standard error.

A correction is applied only where it is safe: enough ratings over enough
candidates, linked to the other interviewers, and a spread of scores that
shows the interviewer uses the scale.
"""

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, replace

import numpy as np
from threadpoolctl import ThreadpoolController

from candidates.scoring.matrix import ScorecardMatrix

MIN_RATINGS = 15
MIN_CANDIDATES = 5
MIN_SD = 0.5

FEW_RATINGS = "few_ratings"
FEW_CANDIDATES = "few_candidates"
NOT_LINKED = "not_linked"
LOW_SD = "low_sd"

# Found once: looking the BLAS libraries up on every fit would cost 0.5 ms each time.
_BLAS = ThreadpoolController()


@dataclass(frozen=True)
class Conduct:
    """How an interviewer fills in scorecards, beside how generously they score.

    Over their submitted scorecards: the focus dimensions of the interviews'
    plan rounds they were asked to score and how many of them they did score
    (a value, not "not assessed"), and how many scorecards they left with no
    decision.
    """

    focus_asked: int = 0
    focus_scored: int = 0
    no_decision: int = 0

    @property
    def adherence(self) -> float | None:
        """Share of the focus dimensions scored, 0..1; None without a round with focus."""
        return self.focus_scored / self.focus_asked if self.focus_asked else None


@dataclass(frozen=True)
class RaterEffect:
    """One interviewer's diagnostics and estimated leniency (scale points)."""

    rater: Hashable
    ratings: int
    candidates: int
    mean: float
    sd: float | None  # sample SD of the interviewer's scores; None with one rating
    leniency: float | None  # least squares; None when not linked to anybody
    se: float | None
    shrunk: float | None  # the correction applied when safe
    reasons: tuple[str, ...]  # why the correction is not safe; empty when it is
    conduct: Conduct = Conduct()  # filled in for the calibration page only

    @property
    def correctable(self) -> bool:
        return not self.reasons


@dataclass(frozen=True)
class Calibration:
    raters: dict[Hashable, RaterEffect]
    components: int  # groups of interviewers linked through shared candidates
    residual_sd: float | None

    @property
    def connected(self) -> bool:
        return self.components <= 1

    def corrections(self) -> dict[Hashable, float]:
        """What to subtract from each correctable interviewer's scores."""
        return {r: e.shrunk for r, e in self.raters.items() if e.correctable}

    def with_conduct(self, conduct: Mapping[Hashable, Conduct]) -> "Calibration":
        """The same calibration with each interviewer's `Conduct` attached."""
        return replace(
            self,
            raters={
                r: replace(e, conduct=conduct.get(r, Conduct())) for r, e in self.raters.items()
            },
        )


def _laplacian(unit: np.ndarray, rater: np.ndarray, n_raters: int) -> np.ndarray:
    """diag(n_r) - sum_u N_u N_u^T / n_u, built from the pairs inside each unit."""
    order = np.argsort(unit, kind="stable")
    unit, rater = unit[order], rater[order]
    sizes = np.bincount(unit)
    start = np.concatenate(([0], np.cumsum(sizes)[:-1]))[unit]
    size = sizes[unit]
    pairs = np.zeros(n_raters * n_raters)
    for offset in range(int(sizes.max(initial=0))):
        valid = offset < size
        partner = rater[(start + offset)[valid]]
        pairs += np.bincount(
            rater[valid] * n_raters + partner,
            weights=1.0 / size[valid],
            minlength=n_raters * n_raters,
        )
    counts = np.bincount(rater, minlength=n_raters)
    return np.diag(counts.astype(float)) - pairs.reshape(n_raters, n_raters)


def _components(laplacian: np.ndarray) -> np.ndarray:
    """A component label per interviewer; linked means sharing a unit, directly or not."""
    linked = (np.abs(laplacian) > 1e-12) & ~np.eye(len(laplacian), dtype=bool)
    label = np.full(len(laplacian), -1)
    for seed in range(len(laplacian)):
        if label[seed] >= 0:
            continue
        label[seed] = seed
        frontier = [seed]
        while frontier:
            reached = np.flatnonzero(linked[frontier].any(axis=0) & (label < 0))
            label[reached] = seed
            frontier = reached.tolist()
    return label


def _pseudo_inverse(
    laplacian: np.ndarray, label: np.ndarray, isolated: np.ndarray
) -> tuple[np.ndarray, int]:
    """The Laplacian's pseudo-inverse and rank, one linked group at a time.

    The Laplacian is block-diagonal by linked group, so its pseudo-inverse is
    too: inverting each block costs the sum of the cubes of the groups'
    sizes, not the cube of every interviewer on the rubric, and a group from
    another opening's panel adds only its own small block. A linked group of
    m interviewers has rank m - 1 with the constant vector as null space, so
    its pseudo-inverse is (L + J/m)^-1 - J/m (J all ones); an isolated
    interviewer's is 0.
    """
    inverse = np.zeros_like(laplacian)
    rank = 0
    for group in np.unique(label[~isolated]).tolist():
        chosen = label == group
        members = np.ix_(chosen, chosen)
        m = int(np.count_nonzero(chosen))
        inverse[members] = np.linalg.inv(laplacian[members] + 1.0 / m) - 1.0 / m
        rank += m - 1
    return inverse, rank


@dataclass(frozen=True, eq=False)
class Sums:
    """What the fit needs of some ratings, as sums that add up across openings.

    An opening's ratings give one `Sums`; the rubric's fit is the fit of their
    total (`combined`), so a change on one opening recomputes that opening's
    sums only, whatever the size of the others. With N_u the number of
    ratings each interviewer gave unit u, n_u their total and S_u their sum:
    `pairs` is sum_u N_u N_u^T / n_u, `unit_share` sum_u S_u N_u / n_u and
    `unit_square` sum_u S_u^2 / n_u; the rest are per interviewer.
    """

    raters: np.ndarray  # (R,) interviewer keys, sorted
    pairs: np.ndarray  # (R, R)
    counts: np.ndarray  # (R,) ratings
    totals: np.ndarray  # (R,) sum of scores
    squares: np.ndarray  # (R,) sum of squared scores
    unit_share: np.ndarray  # (R,)
    candidates: np.ndarray  # (R,) distinct candidates (applications are one opening's)
    units: int
    unit_square: float


def sums_of(
    units: Sequence[Hashable],
    raters: Sequence[Hashable],
    values: Sequence[float],
    candidates: Sequence[Hashable],
) -> Sums:
    """The sums of parallel arrays, one entry per rating (see `fit`)."""
    x = np.asarray(values, dtype=float)
    if not len(x):
        return combined([])
    rater_keys, r = np.unique(np.asarray(raters), return_inverse=True)
    _, u = np.unique(np.asarray(units), return_inverse=True)
    n = len(rater_keys)
    unit_size = np.bincount(u)
    unit_sum = np.bincount(u, weights=x)
    counts = np.bincount(r, minlength=n)
    laplacian = _laplacian(u, r, n)
    return Sums(
        raters=rater_keys,
        pairs=np.diag(counts.astype(float)) - laplacian,
        counts=counts,
        totals=np.bincount(r, weights=x, minlength=n),
        squares=np.bincount(r, weights=x * x, minlength=n),
        unit_share=np.bincount(r, weights=(unit_sum / unit_size)[u], minlength=n),
        candidates=_candidates_per_rater(r, candidates, n),
        units=len(unit_size),
        unit_square=float((unit_sum**2 / unit_size).sum()),
    )


def combined(parts: Sequence[Sums]) -> Sums:
    """The sums of several sets of ratings together (each opening's, say)."""
    keys = np.unique(np.concatenate([part.raters for part in parts] or [np.zeros(0, int)]))
    n = len(keys)
    total = Sums(
        raters=keys,
        pairs=np.zeros((n, n)),
        counts=np.zeros(n, int),
        totals=np.zeros(n),
        squares=np.zeros(n),
        unit_share=np.zeros(n),
        candidates=np.zeros(n, int),
        units=0,
        unit_square=0.0,
    )
    units, unit_square = 0, 0.0
    for part in parts:
        at = np.searchsorted(keys, part.raters)
        total.pairs[np.ix_(at, at)] += part.pairs
        for name in ("counts", "totals", "squares", "unit_share", "candidates"):
            getattr(total, name)[at] += getattr(part, name)
        units += part.units
        unit_square += part.unit_square
    return replace(total, units=units, unit_square=unit_square)


def _candidates_per_rater(r: np.ndarray, candidates: Sequence[Hashable], n: int) -> np.ndarray:
    """How many distinct candidates each interviewer scored."""
    _, candidate = np.unique(np.asarray(candidates), return_inverse=True)
    span = int(candidate.max(initial=0)) + 1
    # One entry per (interviewer, candidate): sorted by hand, as numpy 2's
    # hashed np.unique is 20x slower on these integers.
    pairs = np.sort(r * span + candidate)
    first = np.concatenate(([True], pairs[1:] != pairs[:-1]))
    return np.bincount(pairs[first] // span, minlength=n)


def fit(
    units: Sequence[Hashable],
    raters: Sequence[Hashable],
    values: Sequence[float],
    candidates: Sequence[Hashable],
) -> Calibration:
    """Leniency of every interviewer from parallel arrays, one entry per rating.

    `units` name what was rated (an application on a dimension), `candidates`
    whose it was (for the "over at least 5 candidates" rule).
    """
    return fit_sums(sums_of(units, raters, values, candidates))


def fit_sums(sums: Sums) -> Calibration:
    """Leniency of every interviewer from the sums of their ratings.

    With the candidate effects eliminated, the residual sum of squares is
    sum x^2 - 2 b.totals + sum n_r b_r^2 - (unit_square - 2 b.unit_share
    + b' pairs b). BLAS runs single-threaded: on matrices this size its
    threads cost more than they save, and far more on cores the other
    requests are busy with.
    """
    n_raters = len(sums.raters)
    if not n_raters:
        return Calibration({}, 0, None)
    counts = sums.counts
    laplacian = np.diag(counts.astype(float)) - sums.pairs
    y = sums.totals - sums.unit_share
    label = _components(laplacian)
    isolated = np.abs(np.diag(laplacian)) < 1e-12
    with _BLAS.limit(limits=1, user_api="blas"):
        inverse, rank = _pseudo_inverse(laplacian, label, isolated)
        b = inverse @ y
        explained = sums.unit_square - 2 * b @ sums.unit_share + b @ sums.pairs @ b
    ratings = int(counts.sum())
    residual_ss = float(sums.squares.sum() - 2 * b @ sums.totals + counts @ b**2 - explained)
    components = len(np.unique(label[~isolated])) + int(isolated.sum())
    df = ratings - sums.units - rank
    variance = max(residual_ss, 0.0) / df if df > 0 else None
    se = np.sqrt(np.clip(np.diag(inverse), 0, None) * variance) if variance is not None else None
    shrink = _shrinkage(b, se, isolated)

    main = _main_component(label, isolated, counts)
    means = sums.totals / np.maximum(counts, 1)
    with np.errstate(invalid="ignore", divide="ignore"):
        spread = (sums.squares - counts * means**2) / (counts - 1)
    effects = {}
    for i, key in enumerate(sums.raters.tolist()):
        many = counts[i] > 1
        sd = float(np.sqrt(max(spread[i], 0.0))) if many else None
        linked = not isolated[i] and label[i] == main
        effects[key] = RaterEffect(
            rater=key,
            ratings=int(counts[i]),
            candidates=int(sums.candidates[i]),
            mean=float(means[i]),
            sd=sd,
            leniency=None if isolated[i] else float(b[i]),
            se=None if se is None or isolated[i] else float(se[i]),
            shrunk=None if isolated[i] else float(b[i] * shrink[i]),
            reasons=_unsafe(int(counts[i]), int(sums.candidates[i]), sd, linked),
        )
    residual_sd = None if variance is None else variance**0.5
    return Calibration(effects, components, residual_sd)


def _shrinkage(b: np.ndarray, se: np.ndarray | None, isolated: np.ndarray) -> np.ndarray:
    """var_b / (var_b + se^2) per interviewer; 1 where an estimate has no noise."""
    if se is None:
        return np.ones_like(b)
    estimable = ~isolated
    var_b = max(float(np.mean(b[estimable] ** 2 - se[estimable] ** 2)), 0.0)
    noise = se**2
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(noise > 0, var_b / (var_b + noise), 1.0)


def _main_component(label: np.ndarray, isolated: np.ndarray, counts: np.ndarray) -> int | None:
    """The label of the linked group holding the most ratings."""
    linked = ~isolated
    if not linked.any():
        return None
    totals = np.bincount(label[linked], weights=counts[linked])
    return int(np.argmax(totals))


def _unsafe(ratings: int, candidates: int, sd: float | None, linked: bool) -> tuple[str, ...]:
    reasons = []
    if ratings < MIN_RATINGS:
        reasons.append(FEW_RATINGS)
    if candidates < MIN_CANDIDATES:
        reasons.append(FEW_CANDIDATES)
    if not linked:
        reasons.append(NOT_LINKED)
    if sd is None or sd < MIN_SD:
        reasons.append(LOW_SD)
    return tuple(reasons)


def matrix_sums(matrix: ScorecardMatrix) -> Sums:
    """The sums of a matrix's ratings; a unit is one application on one dimension.

    What `sums_of` gives for the matrix's ratings one by one (tested to agree),
    computed scorecard by scorecard instead: interviewers i and j who both
    scored application a share sum_d [both scored d] / n_ad of `pairs`, with
    n_ad the scores a got on d. A large opening has ten times more ratings
    than scorecards, and this never sorts the ratings.
    """
    scored = matrix.scored
    if not scored.any():
        return combined([])
    values = np.where(scored, matrix.values, 0.0)
    keys, rater = np.unique(matrix.raters, return_inverse=True)
    n = len(keys)
    _, application = np.unique(matrix.applications, return_inverse=True)
    order = np.argsort(application, kind="stable")  # each application's scorecards together
    application, rater = application[order], rater[order]
    scored, values = scored[order], values[order]
    sizes = np.bincount(application)  # scorecards per application
    first = np.cumsum(sizes) - sizes
    unit_size = np.add.reduceat(scored, first, axis=0)
    unit_sum = np.add.reduceat(values, first, axis=0)
    rated = unit_size > 0
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(rated, 1.0 / unit_size, 0.0)  # 1 / n_ad
        mean = np.where(rated, unit_sum / unit_size, 0.0)
    pairs = np.zeros(n * n)
    start, size = first[application], sizes[application]
    for offset in range(int(sizes.max(initial=0))):
        mine = np.flatnonzero(offset < size)
        theirs = start[mine] + offset
        weight = ((scored[mine] & scored[theirs]) * share[application[mine]]).sum(axis=1)
        pairs += np.bincount(rater[mine] * n + rater[theirs], weights=weight, minlength=n * n)
    ratings = scored.sum(axis=1)
    return Sums(
        raters=keys,
        pairs=pairs.reshape(n, n),
        counts=np.bincount(rater, weights=ratings, minlength=n).astype(int),
        totals=np.bincount(rater, weights=values.sum(axis=1), minlength=n),
        squares=np.bincount(rater, weights=(values * values).sum(axis=1), minlength=n),
        unit_share=np.bincount(
            rater, weights=(scored * mean[application]).sum(axis=1), minlength=n
        ),
        candidates=_candidates_per_rater(rater[ratings > 0], application[ratings > 0], n),
        units=int(rated.sum()),
        unit_square=float(np.where(rated, unit_sum * mean, 0.0).sum()),
    )


def calibration_of(matrix: ScorecardMatrix) -> Calibration:
    """Fit the additive model to a matrix's ratings."""
    return fit_sums(matrix_sums(matrix))

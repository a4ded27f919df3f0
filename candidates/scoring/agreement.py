"""Inter-rater agreement statistics: Krippendorff's alpha and the Shrout & Fleiss ICCs.

Pure computation, deliberately free of Django and the ORM so the figures can be
checked against published cases (``tests/data/reference_cases.json``) without a
database. The formulas are in docs/scoring.md §4.

Ratings enter as ``(unit, rater, value)`` triples, ``value`` ``None`` meaning
"not assessed". Missing is never turned into a number. Scores already in a
float matrix (NaN for "not assessed") go through the ``*_from_arrays``
functions instead, which give the same figures without looking at each value
in Python: the pages' agreement reads thousands of scorecards.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np

from candidates.scoring.coincidences import nominal_disagreements
from candidates.scoring.labels import compact, count_distinct, pairable_arrays

Metric = Literal["nominal", "ordinal", "interval"]
Rating = tuple[Hashable, Hashable, object]
METRICS: tuple[str, ...] = ("nominal", "ordinal", "interval")


# --------------------------------------------------------------------------
# Input handling shared by alpha and the ICC matrix builder
# --------------------------------------------------------------------------


def _is_number(value: object) -> bool:
    """True for real numbers; bool is excluded because True/False are not scale points."""
    return isinstance(value, int | float) and not isinstance(value, bool)


def _collect(
    ratings: Iterable[Rating],
) -> tuple[dict[Hashable, dict[Hashable, object]], list[Hashable]]:
    """Group triples as ``{unit: {rater: value}}`` (None kept) plus raters in first-seen order.

    Assumes each rater rates a unit at most once: a second rating of the same
    cell would silently double that rater's weight, so it is rejected.
    NaN is rejected too, because a caller passing NaN for "missing" should say
    so explicitly with None rather than have a number quietly dropped.
    """
    by_unit: dict[Hashable, dict[Hashable, object]] = {}
    raters: dict[Hashable, None] = {}  # dict keeps first-seen order, unlike set
    for unit, rater, value in ratings:
        if isinstance(value, float) and math.isnan(value):
            raise ValueError(f"NaN rating for unit {unit!r}, rater {rater!r}: use None for missing")
        cells = by_unit.setdefault(unit, {})
        if rater in cells:
            raise ValueError(f"rater {rater!r} rated unit {unit!r} more than once")
        cells[rater] = value
        raters.setdefault(rater, None)
    return by_unit, list(raters)


# --------------------------------------------------------------------------
# Krippendorff's alpha
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class AlphaResult:
    """Krippendorff's alpha with the quantities behind it.

    ``observed_disagreement`` and ``expected_disagreement`` are normalised as in
    Krippendorff's text (Do = sum d*o_ck / n, De = sum d*n_c*n_k / (n(n-1))), so
    they are the published Do and De and ``alpha = 1 - Do/De``.
    ``alpha`` is None ("not estimable") when De is 0, i.e. fewer than two
    distinct values were pairable. ``units`` counts units with two or more
    values; ``raters`` counts raters who contributed at least one of those values.
    """

    alpha: float | None
    observed_disagreement: float
    expected_disagreement: float
    pairable_values: int
    units: int
    raters: int
    metric: str


def krippendorff_alpha(ratings: Iterable[Rating], *, metric: Metric = "interval") -> AlphaResult:
    """Krippendorff's alpha from ``(unit, rater, value)`` triples, None = missing.

    Assumptions: any number of raters, any pattern of missing cells; a unit
    counts only if it has two or more non-missing values (a lone value has
    nothing to agree with). ``nominal`` accepts any hashable values;
    ``ordinal`` and ``interval`` need real numbers. The ordinal distances use
    the marginal counts n_g of the pairable values, so they depend on the data
    as Krippendorff defines them. With no pairable unit at all, Do and De are
    reported as 0.0 and alpha as None.
    """
    if metric not in METRICS:
        raise ValueError(f"unknown metric {metric!r}; expected one of {', '.join(METRICS)}")
    by_unit, _ = _collect(ratings)
    pairable = _pairable_units(by_unit)
    if metric != "nominal":
        _require_numbers(pairable)
    contributing_raters = {rater for cells in pairable.values() for rater in cells}
    if not pairable:
        return AlphaResult(None, 0.0, 0.0, 0, 0, 0, metric)
    if metric == "nominal":
        observed, expected, n, distinct = nominal_disagreements(pairable)
    else:
        observed, expected, n, distinct = _squared_disagreements(pairable, metric == "ordinal")
    # De is 0 exactly when one value is all there is (every d(c,k) with c != k
    # is positive); alpha is then 0/0, which is "not estimable", never 1.
    alpha = None if distinct < 2 else 1.0 - observed / expected
    return AlphaResult(
        alpha=alpha,
        observed_disagreement=observed,
        expected_disagreement=expected,
        pairable_values=n,
        units=len(pairable),
        raters=len(contributing_raters),
        metric=metric,
    )


def _squared_disagreements(
    pairable: dict[Hashable, dict[Hashable, object]], ordinal: bool
) -> tuple[float, float, int, int]:
    """Do, De, n and the number of distinct values of the triples' pairable units."""
    groups = list(pairable.values())
    x = np.array([float(v) for cells in groups for v in cells.values()])  # type: ignore[arg-type]
    unit = np.repeat(np.arange(len(groups)), [len(cells) for cells in groups])
    return _squared_alpha(unit, x, ordinal)


def _squared_alpha(unit: np.ndarray, x: np.ndarray, ordinal: bool) -> tuple[float, float, int, int]:
    """Do and De for the interval metric (c-k)^2, in closed form with numpy.

    ``unit`` numbers the pairable units 0, 1, ... (each with two or more
    values), ``x`` holds the values. Summing (x_i - x_j)^2 over the ordered
    pairs of a set of m values gives 2m times its sum of squares about the
    mean, so Do = sum_u 2 m_u SS_u / (m_u - 1) / n and De = 2 SS / (n - 1):
    linear in the number of values, where the coincidence matrix grows with
    the square of the distinct values (a weighted score takes thousands).

    The ordinal distance (sum_{g=c..k} n_g - (n_c + n_k)/2)^2 is the squared
    difference of the values' mid-ranks M_c = sum_{g<c} n_g + n_c/2, so the
    ordinal alpha is the interval alpha of the mid-ranks.
    """
    sizes = np.bincount(unit)
    distinct, inverse, counts = np.unique(x, return_inverse=True, return_counts=True)
    if ordinal:
        x = (np.cumsum(counts) - counts / 2.0)[inverse]
    n = len(x)
    means = np.bincount(unit, weights=x) / sizes
    within = np.bincount(unit, weights=(x - means[unit]) ** 2)
    observed = float(np.sum(2.0 * sizes * within / (sizes - 1))) / n
    expected = 2.0 * float(np.sum((x - x.mean()) ** 2)) / (n - 1)
    return observed, expected, n, len(distinct)


def alpha_from_arrays(
    units: np.ndarray, raters: np.ndarray, values: np.ndarray, *, metric: Metric = "interval"
) -> AlphaResult:
    """Krippendorff's interval or ordinal alpha of parallel arrays, one entry per rating.

    The same figures as ``krippendorff_alpha`` for data already in a float
    matrix, with NaN for "not assessed"; nothing is checked value by value:
    the caller vouches that each rater rates a unit at most once (one entry
    per scorecard and unit, say). ``units`` and ``raters`` are any sortable
    labels.
    """
    if metric not in ("interval", "ordinal"):
        raise ValueError(f"alpha_from_arrays takes interval or ordinal, not {metric!r}")
    unit, x, kept = pairable_arrays(np.asarray(units), np.asarray(values, dtype=float))
    if not len(x):
        return AlphaResult(None, 0.0, 0.0, 0, 0, 0, metric)
    observed, expected, n, distinct = _squared_alpha(unit, x, metric == "ordinal")
    return AlphaResult(
        alpha=None if distinct < 2 else 1.0 - observed / expected,
        observed_disagreement=observed,
        expected_disagreement=expected,
        pairable_values=n,
        units=int(unit.max()) + 1,
        raters=count_distinct(np.asarray(raters)[kept]),
        metric=metric,
    )


def _pairable_units(
    by_unit: dict[Hashable, dict[Hashable, object]],
) -> dict[Hashable, dict[Hashable, object]]:
    """Keep units with two or more non-missing values, dropping their missing cells."""
    pairable = {}
    for unit, cells in by_unit.items():
        present = {rater: value for rater, value in cells.items() if value is not None}
        if len(present) >= 2:
            pairable[unit] = present
    return pairable


def _require_numbers(pairable: dict[Hashable, dict[Hashable, object]]) -> None:
    """Ordinal and interval distances are arithmetic on values, so they must be numbers."""
    for unit, cells in pairable.items():
        for rater, value in cells.items():
            if not _is_number(value):
                raise ValueError(
                    f"non-numeric rating {value!r} (unit {unit!r}, rater {rater!r}); "
                    "ordinal and interval alpha need numbers"
                )


def interpret_alpha(alpha: float | None) -> str:
    """Krippendorff's bands: ``acceptable`` (>= .800), ``tentative`` (>= .667), ``unacceptable``.

    None (expected disagreement 0) maps to ``not_estimable``. Codes, not prose:
    the web layer translates them.
    """
    if alpha is None:
        return "not_estimable"
    if alpha >= 0.800:
        return "acceptable"
    if alpha >= 0.667:
        return "tentative"
    return "unacceptable"


# --------------------------------------------------------------------------
# Intraclass correlation (Shrout & Fleiss 1979; McGraw & Wong 1996)
# --------------------------------------------------------------------------

ICC_FORMS: tuple[str, ...] = (
    "ICC(1,1)",
    "ICC(2,1)",
    "ICC(3,1)",
    "ICC(1,k)",
    "ICC(2,k)",
    "ICC(3,k)",
)


@dataclass(frozen=True)
class IccResult:
    """Two-way ANOVA mean squares and the six Shrout & Fleiss ICC forms.

    ``bms`` between targets, ``wms`` within targets, ``jms`` between raters
    (judges), ``ems`` residual; ``n`` targets, ``k`` raters. ``forms`` maps
    "ICC(1,1)" ... "ICC(3,k)" to the value, or to None when its denominator is
    0 (e.g. every rating identical). Values are not truncated at 0: a negative
    ICC is reported as such.
    """

    bms: float
    wms: float
    jms: float
    ems: float
    n: int
    k: int
    forms: dict[str, float | None]


def icc(matrix: Sequence[Sequence[float | None]]) -> IccResult:
    """Shrout & Fleiss ICCs of a complete targets x raters matrix (rows targets, columns raters).

    Assumes complete, balanced data: every target rated by every rater. The
    classic ANOVA estimators are biased on unbalanced data, so a missing cell
    raises ValueError rather than being imputed; so do fewer than 2 targets or
    2 raters (no variance to partition).
    """
    return icc_from_array(np.array(_validated_matrix(matrix)))


def icc_from_array(cells: np.ndarray) -> IccResult:
    """``icc`` of a float targets x raters array, checked as a whole, not value by value.

    NaN is a missing cell, so it raises as ``icc`` does; so do fewer than 2
    targets or 2 raters.
    """
    n, k = cells.shape
    if n < 2:
        raise ValueError(f"ICC needs at least 2 targets (rows); got {n}")
    if k < 2:
        raise ValueError(f"ICC needs at least 2 raters (columns); got {k}")
    if np.isnan(cells).any():
        raise ValueError("ICC needs complete data: a cell is missing")
    bms, wms, jms, ems = _mean_squares(cells)
    return IccResult(bms, wms, jms, ems, n, k, _icc_forms(bms, wms, jms, ems, n, k))


def _validated_matrix(matrix: Sequence[Sequence[float | None]]) -> list[list[float]]:
    """Check shape and cells; return the matrix as floats."""
    rows = [list(row) for row in matrix]
    if len(rows) < 2:
        raise ValueError(f"ICC needs at least 2 targets (rows); got {len(rows)}")
    k = len(rows[0])
    if k < 2:
        raise ValueError(f"ICC needs at least 2 raters (columns); got {k}")
    for i, row in enumerate(rows):
        if len(row) != k:
            raise ValueError(
                f"ICC needs complete data: row {i} has {len(row)} ratings, expected {k}"
            )
        for j, value in enumerate(row):
            if value is None or (isinstance(value, float) and math.isnan(value)):
                raise ValueError(f"ICC needs complete data: cell ({i}, {j}) is missing")
            if not _is_number(value):
                raise ValueError(f"non-numeric rating {value!r} in cell ({i}, {j})")
    return [[float(value) for value in row] for row in rows]


def _mean_squares(cells: np.ndarray) -> tuple[float, float, float, float]:
    """BMS, WMS, JMS, EMS of the two-way layout without replication."""
    n, k = cells.shape
    grand = cells.mean()
    ss_total = float(np.sum((cells - grand) ** 2))
    ss_targets = k * float(np.sum((cells.mean(axis=1) - grand) ** 2))
    ss_raters = n * float(np.sum((cells.mean(axis=0) - grand) ** 2))
    ss_within = ss_total - ss_targets
    # Clamp rounding noise: a residual that is 0 in exact arithmetic can come out as -1e-16.
    ss_residual = max(ss_within - ss_raters, 0.0)

    bms = ss_targets / (n - 1)
    wms = ss_within / (n * (k - 1))
    jms = ss_raters / (k - 1)
    ems = ss_residual / ((n - 1) * (k - 1))
    return bms, wms, jms, ems


def _icc_forms(
    bms: float, wms: float, jms: float, ems: float, n: int, k: int
) -> dict[str, float | None]:
    """The six forms of docs/scoring.md §4 (Shrout & Fleiss 1979, Table 1)."""
    return {
        "ICC(1,1)": _ratio(bms - wms, bms + (k - 1) * wms),
        "ICC(2,1)": _ratio(bms - ems, bms + (k - 1) * ems + k * (jms - ems) / n),
        "ICC(3,1)": _ratio(bms - ems, bms + (k - 1) * ems),
        "ICC(1,k)": _ratio(bms - wms, bms),
        "ICC(2,k)": _ratio(bms - ems, bms + (jms - ems) / n),
        "ICC(3,k)": _ratio(bms - ems, bms),
    }


def _ratio(numerator: float, denominator: float) -> float | None:
    """numerator / denominator, or None when the ICC is undefined (denominator 0)."""
    return None if denominator == 0 else numerator / denominator


def complete_matrix(ratings: Iterable[Rating]) -> list[list[float]] | None:
    """The units x raters matrix if every unit has a value from every rater, else None.

    Rows follow the units' and columns the raters' first appearance. A rater
    counts as a column as soon as any triple names them, even with value None,
    because an explicit "not assessed" is a missing cell, not an absent rater.
    None tells the caller "ICC needs complete data". Empty input gives [], which
    ``icc`` then rejects as too few targets.
    """
    by_unit, raters = _collect(ratings)
    matrix = []
    for unit, cells in by_unit.items():
        row = []
        for rater in raters:
            value = cells.get(rater)
            if value is None:
                return None
            if not _is_number(value):
                raise ValueError(f"non-numeric rating {value!r} (unit {unit!r}, rater {rater!r})")
            row.append(float(value))  # type: ignore[arg-type]
        matrix.append(row)
    return matrix


def crossed_matrix(units: np.ndarray, raters: np.ndarray, values: np.ndarray) -> np.ndarray | None:
    """The units x raters array of parallel arrays if it is complete, else None.

    A NaN entry is no rating at all, as a score-less cell is no triple for
    ``complete_matrix``. Complete means every unit has exactly one value from
    every rater with a value: a missing cell, or a rater rating a unit twice,
    is not a crossed design. Rows and columns follow the sorted labels (the
    ICC does not depend on their order).
    """
    values = np.asarray(values, dtype=float)
    kept = ~np.isnan(values)
    values = values[kept]
    if not len(values):
        return None
    unit, units_count = compact(np.asarray(units)[kept])
    rater, raters_count = compact(np.asarray(raters)[kept])
    shape = (units_count, raters_count)
    if len(values) != shape[0] * shape[1]:
        return None
    cells = np.full(shape, np.nan)
    cells[unit, rater] = values
    # As many entries as cells: a rater's second rating of a unit leaves some cell empty.
    return None if np.isnan(cells).any() else cells


def interpret_icc(value: float | None) -> str:
    """Koo & Li (2016) bands for an ICC.

    ``poor`` below .50, ``moderate`` .50 to below .75, ``good`` .75 to .90
    inclusive, ``excellent`` above .90.

    None (an undefined form) maps to ``not_estimable``. Codes, not prose: the
    web layer translates them.
    """
    if value is None:
        return "not_estimable"
    if value < 0.50:
        return "poor"
    if value < 0.75:
        return "moderate"
    if value <= 0.90:
        return "good"
    return "excellent"


@dataclass(frozen=True)
class OneWayIcc:
    """One-way random-effects ICC for unbalanced data (variance components).

    ``single`` is ICC(1,1), the reliability of one rater; ``average`` is
    ICC(1,k) for the typical number of raters ``k`` (n0 below, which is the
    plain k when every unit has k ratings, and then both equal the
    Shrout & Fleiss forms).
    """

    single: float | None
    average: float | None
    k: float
    units: int
    msb: float
    msw: float


def one_way_icc(groups: Iterable[Sequence[float]]) -> OneWayIcc | None:
    """ICC(1,1) and ICC(1,k) when units are rated by different, unequal sets of raters.

    The two-way forms need every rater to rate every unit; interview panels
    rarely do, so the one-way model (rater differences folded into the
    error) is the one the design allows. Only units with two or more ratings
    count, as for alpha. n0 = (N - sum n_i^2 / N) / (a - 1) replaces k
    (Searle's ANOVA estimator). None with fewer than two such units.
    """
    groups = [[float(x) for x in group] for group in groups]
    units = np.repeat(np.arange(len(groups)), [len(group) for group in groups])
    return one_way_icc_from_arrays(units, np.array([x for group in groups for x in group]))


def one_way_icc_from_arrays(units: np.ndarray, values: np.ndarray) -> OneWayIcc | None:
    """``one_way_icc`` of parallel arrays, one entry per rating, NaN for "not assessed"."""
    unit, x, _kept = pairable_arrays(np.asarray(units), np.asarray(values, dtype=float))
    sizes = np.bincount(unit)
    a = len(sizes)
    if a < 2:
        return None
    total = len(x)
    means = np.bincount(unit, weights=x) / sizes
    ss_between = float(np.sum(sizes * (means - x.mean()) ** 2))
    ss_within = float(np.sum((x - means[unit]) ** 2))
    msb = ss_between / (a - 1)
    msw = ss_within / (total - a)
    n0 = (total - float(np.sum(sizes * sizes)) / total) / (a - 1)
    return OneWayIcc(
        single=_ratio(msb - msw, msb + (n0 - 1) * msw),
        average=_ratio(msb - msw, msb),
        k=n0,
        units=a,
        msb=msb,
        msw=msw,
    )

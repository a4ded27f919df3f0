"""Saaty's analytic hierarchy process (AHP) for dimension weights (docs/scoring.md §7).

Pure Python plus numpy. Priorities come from the principal right eigenvector
of a reciprocal pairwise-comparison matrix, with the consistency index and
ratio and the comparisons most worth revising; a helper turns upper-triangle
judgements keyed by dimension code into the full matrix, and
`pairwise_proposal` shares a set of dimensions' points out by the priorities.

Pairwise entries are ratios "row is x times as important as column"; the
Saaty 1-9 scale is conventional but not enforced. The published figures these
functions reproduce are in tests/data/reference_cases.json and, for Saaty's
house example, tests/rubrics/test_ahp.py; the random-index tables are
constants here because the app never reads test data. The pages name the
tables in words (`rubrics.forms.RI_TABLE_NAMES`), never by these keys.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np

__all__ = [
    "CR_THRESHOLD",
    "DEFAULT_RI_TABLE",
    "RECIPROCAL_REL_TOL",
    "RI_TABLE_FOR_LARGE_N",
    "RI_TABLES",
    "AhpResult",
    "ahp",
    "least_consistent_comparisons",
    "pairwise_matrix_from_judgements",
    "default_ri_table",
    "largest_order",
    "random_index",
    "pairwise_proposal",
]

# ---------------------------------------------------------------------------
# Random-index (RI) tables
# ---------------------------------------------------------------------------
# The published tables (also in tests/data/reference_cases.json, case
# "saaty_random_index_tables"). Keys are
# the matrix order n, values the mean CI of random reciprocal matrices of that
# order. Several tables circulate and they disagree in the second decimal, so
# every result records which table produced its CR. MappingProxyType keeps the
# published facts read-only.

_SAATY_1980: dict[int, float] = {
    # Saaty (1980), The Analytic Hierarchy Process, McGraw-Hill: the classic
    # table, the one textbooks and most AHP software quote.
    1: 0.0,
    2: 0.0,
    3: 0.58,
    4: 0.90,
    5: 1.12,
    6: 1.24,
    7: 1.32,
    8: 1.41,
    9: 1.45,
    10: 1.49,
}

_SAATY_2005: dict[int, float] = {
    # Saaty (2005), Theory and Applications of the ANP, p. 31; also Saaty (2008).
    1: 0.0,
    2: 0.0,
    3: 0.52,
    4: 0.89,
    5: 1.11,
    6: 1.25,
    7: 1.35,
    8: 1.40,
    9: 1.45,
    10: 1.49,
    11: 1.52,
    12: 1.54,
    13: 1.56,
    14: 1.58,
    15: 1.59,
}

_DONEGAN_DODD_1991: dict[int, float] = {
    # Donegan & Dodd (1991). The source starts at n = 3; n <= 2 never needs an
    # RI because such matrices are always consistent (see ``ahp``).
    3: 0.4914,
    4: 0.8286,
    5: 1.0591,
    6: 1.1797,
    7: 1.2519,
    8: 1.3171,
    9: 1.3733,
    10: 1.4055,
}

RI_TABLES: Mapping[str, Mapping[int, float]] = MappingProxyType(
    {
        "saaty_1980": MappingProxyType(_SAATY_1980),
        "saaty_2005": MappingProxyType(_SAATY_2005),
        "donegan_dodd_1991": MappingProxyType(_DONEGAN_DODD_1991),
    }
)
"""Random-index tables by source name: ``{table_name: {n: RI(n)}}``."""

# Saaty's classic 1980 table is the default: it is the one textbooks and most
# software quote, so the CR an admin reads matches theirs (Saaty's house
# example, n = 8: CR 0.169 with RI(8) = 1.41; the 2005 table gives 0.170).
DEFAULT_RI_TABLE: str = "saaty_1980"

# The classic table stops at n = 10; beyond it the default falls back to
# Saaty (2005), the only table here reaching n = 15.
RI_TABLE_FOR_LARGE_N: str = "saaty_2005"

# Saaty's acceptance rule (docs/scoring.md §7). (Saaty also
# suggests stricter 0.05 / 0.08 for n = 3 / 4; the project uses one threshold.)
CR_THRESHOLD: float = 0.10

# Relative tolerance for "a_ji == 1 / a_ij" and "a_ii == 1". Tight enough to
# catch a mistyped judgement, loose enough to accept reciprocals that went
# through a float round-trip (e.g. 1/3 stored and read back from a database).
RECIPROCAL_REL_TOL: float = 1e-6


# ---------------------------------------------------------------------------
# AHP
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class AhpResult:
    """Outcome of :func:`ahp` for one pairwise-comparison matrix.

    Attributes:
        priorities: normalised principal right eigenvector, one dimensionless
            weight per matrix row (same order), summing to 1.
        lambda_max: principal (Perron) eigenvalue; equals ``n`` exactly for a
            perfectly consistent matrix and exceeds it otherwise.
        consistency_index: ``CI = (lambda_max - n) / (n - 1)``, floored at 0
            (negative values are floating-point noise, see ``ahp``).
        consistency_ratio: ``CR = CI / RI(n)``; 0.0 for ``n <= 2``.
        consistent: ``CR <= CR_THRESHOLD`` (0.10).
        ri_table: name of the RI table used (a key of ``RI_TABLES``).
        random_index: the ``RI(n)`` value divided by; 0.0 for ``n <= 2``,
            where no division happens.
        n: matrix order (number of compared items).
    """

    priorities: tuple[float, ...]
    lambda_max: float
    consistency_index: float
    consistency_ratio: float
    consistent: bool
    ri_table: str
    random_index: float
    n: int


def largest_order(ri_table: str) -> int:
    """The largest matrix order ``n`` the named table gives an RI for."""
    return max(RI_TABLES[ri_table])


def default_ri_table(n: int) -> str:
    """The table to offer first for ``n`` items: the classic one while it reaches ``n``."""
    return DEFAULT_RI_TABLE if n <= largest_order(DEFAULT_RI_TABLE) else RI_TABLE_FOR_LARGE_N


def random_index(n: int, ri_table: str = DEFAULT_RI_TABLE) -> float:
    """``RI(n)`` from the named table (dimensionless).

    Returns 0.0 for ``n <= 2`` in every table, because 1x1 and 2x2
    reciprocal matrices are always consistent and need no random index (the
    Donegan-Dodd table omits those orders). Raises ``ValueError`` for an
    unknown table or an ``n`` the table does not cover.
    """
    if ri_table not in RI_TABLES:
        raise ValueError(f"unknown RI table {ri_table!r}; choose one of {sorted(RI_TABLES)}")
    if n <= 2:
        return 0.0
    table = RI_TABLES[ri_table]
    if n not in table:
        raise ValueError(
            f"RI table {ri_table!r} covers n = {min(table)}..{max(table)}, not n = {n}"
        )
    return table[n]


def _validated_matrix(matrix: Sequence[Sequence[float]]) -> np.ndarray:
    """Check ``matrix`` is a valid AHP pairwise matrix and return it as floats.

    Valid means: square, order ``n >= 2``, every entry a positive finite
    number, ones on the diagonal and ``a_ji = 1 / a_ij`` within
    ``RECIPROCAL_REL_TOL``. Raises ``ValueError`` naming the first problem,
    with 0-based (row, column) indices.
    """
    rows = list(matrix)
    n = len(rows)
    if n < 2:
        raise ValueError(f"pairwise matrix must be at least 2x2, got {n} row(s)")
    for i, row in enumerate(rows):
        if len(row) != n:
            raise ValueError(
                f"pairwise matrix must be square: {n} rows but row {i} has {len(row)} entries"
            )
    try:
        a = np.array([[float(x) for x in row] for row in rows], dtype=float)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"pairwise matrix entries must be numbers: {exc}") from exc
    for i in range(n):
        for j in range(n):
            if not (math.isfinite(a[i, j]) and a[i, j] > 0):
                raise ValueError(
                    f"pairwise matrix entries must be positive and finite; "
                    f"a[{i}][{j}] = {a[i, j]!r}"
                )
    for i in range(n):
        if not math.isclose(a[i, i], 1.0, rel_tol=RECIPROCAL_REL_TOL):
            raise ValueError(f"pairwise matrix diagonal must be 1; a[{i}][{i}] = {a[i, i]!r}")
    for i in range(n):
        for j in range(i + 1, n):
            # Compare the product with 1 rather than a_ji with 1/a_ij so the
            # tolerance is symmetric in the two entries.
            if not math.isclose(a[i, j] * a[j, i], 1.0, rel_tol=RECIPROCAL_REL_TOL):
                raise ValueError(
                    f"pairwise matrix must be reciprocal: a[{i}][{j}] = "
                    f"{a[i, j]!r} but a[{j}][{i}] = {a[j, i]!r} "
                    f"(expected {1.0 / a[i, j]!r})"
                )
    return a


def ahp(matrix: Sequence[Sequence[float]], *, ri_table: str = DEFAULT_RI_TABLE) -> AhpResult:
    """Saaty AHP priorities and consistency for a pairwise-comparison matrix.

    ``matrix[i][j]`` says how many times more important item ``i`` is than
    item ``j``; the matrix must be square (``n >= 2``), positive, reciprocal
    and have ones on the diagonal, otherwise ``ValueError`` is raised.

    Priorities are the principal right eigenvector (real part, for the
    eigenvalue with the largest real part) normalised to sum to 1.
    ``CI = (lambda_max - n) / (n - 1)`` and ``CR = CI / RI(n)`` with ``RI``
    from ``RI_TABLES[ri_table]``; ``consistent`` is ``CR <= 0.10``.

    Choice for ``n <= 2``: every 2x2 reciprocal matrix is perfectly
    consistent and ``RI(2) = 0``, so CR is reported as 0.0 (not None) and
    ``random_index`` as 0.0. An unknown ``ri_table``, or an ``n`` outside its
    range, raises ``ValueError``.
    """
    a = _validated_matrix(matrix)
    n = a.shape[0]
    # Look up RI before the eigen-decomposition so an unsupported n fails fast.
    ri = random_index(n, ri_table)

    eigenvalues, eigenvectors = np.linalg.eig(a)
    # Perron-Frobenius: a positive matrix has a unique real eigenvalue of
    # largest modulus with a positive eigenvector. Picking the largest real
    # part selects it; complex partners of other eigenvalues have smaller
    # real parts.
    k = int(np.argmax(eigenvalues.real))
    lambda_max = float(eigenvalues[k].real)
    vector = eigenvectors[:, k].real
    # numpy may return the eigenvector with either sign; dividing by the sum
    # fixes both the sign and the scale.
    priorities = vector / vector.sum()

    # For positive reciprocal matrices lambda_max >= n (Saaty), so a negative
    # CI is only rounding noise on a consistent matrix; flooring it avoids
    # showing the admin "CR = -0.000".
    ci = max(0.0, (lambda_max - n) / (n - 1))
    cr = 0.0 if n <= 2 else ci / ri
    return AhpResult(
        priorities=tuple(float(p) for p in priorities),
        lambda_max=lambda_max,
        consistency_index=ci,
        consistency_ratio=cr,
        consistent=cr <= CR_THRESHOLD,
        ri_table=ri_table,
        random_index=ri,
        n=n,
    )


def least_consistent_comparisons(
    matrix: Sequence[Sequence[float]],
    priorities: Sequence[float],
    *,
    limit: int = 3,
) -> list[tuple[int, int, float, float]]:
    """The judgements that disagree most with the derived priorities.

    For each pair ``i < j`` (0-based row/column indices) the deviation is
    ``|log(a_ij * w_j / w_i)|``: 0 when the judgement equals the ratio the
    priorities imply, and symmetric for over- and under-statement by the
    same factor (a judgement of 4 where 2 is implied ranks with 1 where 2 is
    implied). Returns up to ``limit`` tuples ``(i, j, a_ij, w_i / w_j)``,
    worst first; ties keep (i, j) order. Meant to show the admin what to
    revise when CR > 0.10; it does not itself check CR.

    ``priorities`` is normally ``ahp(matrix).priorities``; it must have one
    positive entry per row. Raises ``ValueError`` for an invalid matrix,
    mismatched or non-positive priorities, or a negative ``limit``.
    """
    a = _validated_matrix(matrix)
    n = a.shape[0]
    w = [float(p) for p in priorities]
    if len(w) != n:
        raise ValueError(f"priorities has {len(w)} entries but the matrix is {n}x{n}")
    if not all(math.isfinite(p) and p > 0 for p in w):
        raise ValueError(f"priorities must be positive and finite, got {w}")
    if limit < 0:
        raise ValueError(f"limit must be non-negative, got {limit}")

    scored: list[tuple[float, int, int, float, float]] = []
    for i in range(n):
        for j in range(i + 1, n):
            given = float(a[i, j])
            implied = w[i] / w[j]
            # log of the ratio given/implied: a multiplicative error measure,
            # matching the ratio scale on which the judgements are made.
            deviation = abs(math.log(given / implied))
            scored.append((deviation, i, j, given, implied))
    # Python's sort is stable, so equal deviations stay in (i, j) order.
    scored.sort(key=lambda item: item[0], reverse=True)
    return [(i, j, given, implied) for _, i, j, given, implied in scored[:limit]]


def pairwise_matrix_from_judgements(
    codes: Sequence[str], judgements: Mapping[tuple[str, str], float]
) -> list[list[float]]:
    """Full reciprocal pairwise matrix from one judgement per pair.

    ``codes`` fixes the row/column order. ``judgements[(a, b)]`` is how many
    times more important ``a`` is than ``b`` (a positive ratio). Each
    unordered pair needs exactly one judgement; it is normally keyed in
    upper-triangle order ``(codes[i], codes[j])`` with ``i < j``, but the
    reverse key ``(codes[j], codes[i])`` is accepted too and inverted, so
    forms need not care about order. The diagonal is 1 and the lower
    triangle the exact reciprocals, so the result always passes ``ahp``'s
    reciprocity check.

    Raises ``ValueError`` for fewer than two codes, duplicate codes, a
    missing pair (named), a pair given in both orientations, a key that does
    not name two distinct listed codes, or a non-positive / non-finite value.
    """
    order = list(codes)
    if len(order) < 2:
        raise ValueError(f"need at least two codes to compare, got {order}")
    if len(set(order)) != len(order):
        raise ValueError(f"duplicate codes: {order}")
    index = {code: i for i, code in enumerate(order)}

    # Reject stray keys up front: a typo in a code would otherwise surface as
    # a confusing "missing pair" error for the pair the admin meant to enter.
    for key in judgements:
        if len(key) != 2 or key[0] not in index or key[1] not in index or key[0] == key[1]:
            raise ValueError(f"judgement key {key!r} must name two different codes from {order}")

    n = len(order)
    matrix = [[1.0] * n for _ in range(n)]
    for i in range(n):
        for j in range(i + 1, n):
            forward = (order[i], order[j])
            backward = (order[j], order[i])
            if forward in judgements and backward in judgements:
                raise ValueError(
                    f"pair {forward!r} is judged twice (also as {backward!r}); "
                    "give one judgement per pair"
                )
            if forward in judgements:
                value = float(judgements[forward])
                key = forward
            elif backward in judgements:
                key = backward
                value = float(judgements[backward])
            else:
                raise ValueError(f"missing judgement for pair {forward!r}")
            if not (math.isfinite(value) and value > 0):
                raise ValueError(
                    f"judgement for {key!r} must be positive and finite, got {value!r}"
                )
            a_ij = value if key == forward else 1.0 / value
            matrix[i][j] = a_ij
            matrix[j][i] = 1.0 / a_ij
    return matrix


@dataclass(frozen=True)
class PairwiseProposal:
    result: AhpResult
    shares: list[tuple[object, float]]  # (dimension, priority)
    worst: list[tuple[object, object, float, float]]  # (a, b, given, implied)
    proposal: dict[str, float]  # points for every dimension of the rubric


def pairwise_proposal(
    *,
    chosen: Sequence,
    judgements: Mapping[tuple[str, str], float],
    every: Sequence,
    ri_table: str = DEFAULT_RI_TABLE,
) -> PairwiseProposal:
    """AHP over the `chosen` dimensions, as points for `every` dimension of the rubric.

    The chosen set keeps its current total of points, shared out by the AHP
    priorities (100 when they had none); the other dimensions keep theirs.
    CR is computed with the named random-index table.
    """
    codes = [d.code for d in chosen]
    matrix = pairwise_matrix_from_judgements(codes, judgements)
    result = ahp(matrix, ri_table=ri_table)
    pool = sum(float(d.weight) for d in chosen) or 100.0
    proposal = {d.code: float(d.weight) for d in every}
    for dimension, priority in zip(chosen, result.priorities, strict=True):
        proposal[dimension.code] = priority * pool
    worst = [
        (chosen[i], chosen[j], given, implied)
        for i, j, given, implied in least_consistent_comparisons(matrix, result.priorities)
    ]
    return PairwiseProposal(
        result=result,
        shares=list(zip(chosen, result.priorities, strict=True)),
        worst=worst,
        proposal=proposal,
    )

"""Krippendorff's nominal alpha through the coincidence matrix (docs/scoring.md §4).

The nominal metric compares labels, which may be any hashable values, so it
works on the matrix of value pairs rather than on numbers;
``candidates.scoring.agreement`` calls it for ``metric="nominal"``. The
interval and ordinal metrics have closed forms there instead.
"""

import math
from collections.abc import Callable, Hashable

# Coincidence-matrix keys are pairs of values: (c, k) -> weight.
Coincidences = dict[tuple[Hashable, Hashable], float]
Difference = Callable[[Hashable, Hashable], float]


def nominal_disagreements(
    pairable: dict[Hashable, dict[Hashable, object]],
) -> tuple[float, float, int, int]:
    """Do, De, n and the number of distinct values, through the coincidence matrix."""
    coincidences = _coincidence_matrix(pairable)
    marginals = _marginals(coincidences)
    n = sum(marginals.values())

    def difference(c: Hashable, k: Hashable) -> float:
        return 0.0 if c == k else 1.0

    observed = _observed_disagreement(coincidences, difference, n)
    expected = _expected_disagreement(marginals, difference, n)
    return observed, expected, round(n), len(marginals)


def _coincidence_matrix(pairable: dict[Hashable, dict[Hashable, object]]) -> Coincidences:
    """o_ck = sum over units of (number of c-k pairs from different raters) / (m_u - 1).

    Dividing by m_u - 1 gives every pairable value a total weight of 1, so the
    marginals n_c are plain value counts whatever the number of raters per unit.
    """
    coincidences: Coincidences = {}
    for cells in pairable.values():
        counts: dict[Hashable, int] = {}
        for value in cells.values():
            counts[value] = counts.get(value, 0) + 1
        m_u = len(cells)
        for c, n_c in counts.items():
            for k, n_k in counts.items():
                # A value is never paired with itself: same value, same rater.
                pairs = n_c * (n_c - 1) if c == k else n_c * n_k
                if pairs:
                    coincidences[(c, k)] = coincidences.get((c, k), 0.0) + pairs / (m_u - 1)
    return coincidences


def _marginals(coincidences: Coincidences) -> dict[Hashable, float]:
    """n_c = sum_k o_ck: how often each value occurs among the pairable values."""
    marginals: dict[Hashable, float] = {}
    for (c, _k), weight in coincidences.items():
        marginals[c] = marginals.get(c, 0.0) + weight
    return marginals


def _observed_disagreement(coincidences: Coincidences, difference: Difference, n: float) -> float:
    """Do = sum_c sum_k o_ck * d(c, k) / n."""
    return math.fsum(weight * difference(c, k) for (c, k), weight in coincidences.items()) / n


def _expected_disagreement(
    marginals: dict[Hashable, float], difference: Difference, n: float
) -> float:
    """De = sum_c sum_k n_c * n_k * d(c, k) / (n (n - 1)).

    n(n - 1), not n^2, because a value cannot be paired with itself.
    """
    total = math.fsum(
        n_c * n_k * difference(c, k) for c, n_c in marginals.items() for k, n_k in marginals.items()
    )
    return total / (n * (n - 1))

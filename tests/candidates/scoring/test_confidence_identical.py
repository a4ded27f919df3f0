"""P(top k) stays exactly what it was when the simulation was made cheaper.

`reference_p_top_k` is the straightforward simulation as first written (every
near candidate's draw rounded, a partition per draw, four full-size
temporaries): the figures a page showed before. The fast version must give
the same floats bit for bit with the same seed, ties and tie credit included.
"""

import tracemalloc

import numpy as np
import pytest

from candidates.scoring import confidence as confidence_module
from candidates.scoring.confidence import (
    DRAWS,
    FAR_BELOW,
    SEED,
    TIE_DECIMALS,
    Z90,
    Pooled,
    confidence,
    p_top_k,
    standard_errors,
)


def reference_p_top_k(scores, ses, k: int) -> np.ndarray:
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
    for size in [1000] * (DRAWS // 1000):
        draws = s[near] + se[near] * rng.standard_normal((size, len(near)))
        draws = np.round(draws, TIE_DECIMALS)
        threshold = -np.partition(-draws, k - 1, axis=1)[:, k - 1 : k]
        above = draws > threshold
        at = draws == threshold
        g = above.sum(axis=1, keepdims=True)
        e = at.sum(axis=1, keepdims=True)
        credit += (above + at * (k - g) / e).sum(axis=0)
    probabilities = np.zeros(n)
    probabilities[near] = credit / DRAWS
    return probabilities


def opening(seed: int, n: int, se: float, grid: float | None = None):
    """Scores like an opening's (around 3 on a 1-5 scale), optionally on a grid (ties)."""
    rng = np.random.default_rng(seed)
    scores = np.clip(rng.normal(3.2, 0.5, n), 1, 5)
    if grid is not None:
        scores = np.round(scores / grid) * grid
    return scores, np.full(n, se)


def mixed_ses(seed: int, n: int):
    """Pooled SE over 1 to 4 raters, some candidates with no SE (counted as 0)."""
    rng = np.random.default_rng(seed)
    scores = np.round(rng.normal(3.0, 0.6, n), 2)  # two decimals: many exact ties
    se = standard_errors(Pooled(0.5, 100), rng.integers(0, 5, n))
    return scores, se


def exact_ties_among_rivals():
    """Five exact scores tied at the cut, rivals drawn around them: tie credit varies by draw."""
    rng = np.random.default_rng(13)
    scores = np.concatenate([np.full(5, 3.5), rng.normal(3.4, 0.1, 8), rng.normal(2.5, 0.3, 200)])
    ses = np.concatenate([np.zeros(5), np.full(208, 0.2)])
    return scores, ses


CASES = {
    "small, smooth": (*opening(1, 12, 0.2), 3),
    "small, k one below n": (*opening(2, 12, 0.3), 11),
    "small, k = 1": (*opening(3, 7, 0.4), 1),
    "two candidates": (np.array([3.0, 3.0]), np.array([0.1, 0.1]), 1),
    "ties without SE": (np.array([4.0, 3.5, 3.5, 3.5, 2.0]), np.zeros(5), 2),
    "everyone tied, no SE": (np.full(40, 3.0), np.full(40, np.nan), 7),
    "ties below the rounding": (np.full(30, 3.0), np.full(30, 1e-12), 4),
    "exact ties among rivals": (*exact_ties_among_rivals(), 6),
    "grid scores, SE 0": (*opening(4, 500, 0.0, grid=1 / 3), 25),
    "grid scores, noisy": (*opening(5, 500, 0.15, grid=1 / 3), 25),
    "mixed SE with exact ties": (*mixed_ses(6, 800), 10),
    "mixed SE, k near n": (*mixed_ses(7, 300), 290),
    "large, k = 3": (*opening(8, 10_000, 0.2), 3),
    "large, k = 25": (*mixed_ses(9, 10_000), 25),
    "large, wide SE, k = 500": (*opening(10, 5_000, 0.6), 500),
}


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_p_top_k_is_bit_for_bit_the_first_simulation(case) -> None:
    scores, ses, k = case

    fast = p_top_k(scores, ses, k)

    np.testing.assert_array_equal(fast, reference_p_top_k(scores, ses, k))


def test_unsorted_input_gives_the_same_figures() -> None:
    """The selector passes candidates best first; the simulation must not rely on it."""
    scores, ses = mixed_ses(11, 600)

    np.testing.assert_array_equal(p_top_k(scores, ses, 8), reference_p_top_k(scores, ses, 8))


def test_intervals_and_probabilities_on_the_page_are_unchanged() -> None:
    scores, _ = mixed_ses(12, 400)
    order = np.argsort(-scores, kind="stable")
    scores = scores[order]
    raters = np.random.default_rng(12).integers(0, 5, 400)
    keys = list(range(400))
    pooled = Pooled(0.45, 300)

    rows = confidence(keys, scores.tolist(), raters.tolist(), pooled, 5)

    se = standard_errors(pooled, raters)
    expected = reference_p_top_k(scores, se, 5)
    assert [rows[key].p_top_k for key in keys] == expected.tolist()
    for key in keys:
        e = None if np.isnan(se[key]) else float(se[key])
        assert rows[key].se == e
        if e is not None:
            assert (rows[key].low, rows[key].high) == (scores[key] - Z90 * e, scores[key] + Z90 * e)


@pytest.mark.parametrize(
    "name", ["ties without SE", "exact ties among rivals", "grid scores, SE 0"]
)
def test_drawing_in_small_blocks_changes_nothing(name, monkeypatch) -> None:
    """Blocks of 7 rows (not dividing a chunk) still sum each chunk's credits draw after draw."""
    scores, ses, k = CASES[name]
    reference = reference_p_top_k(scores, ses, k)
    monkeypatch.setattr(confidence_module, "BLOCK_VALUES", 7 * len(scores))

    np.testing.assert_array_equal(p_top_k(scores, ses, k), reference)


def test_a_large_opening_draws_in_bounded_memory() -> None:
    """10,000 candidates, 9,045 near the cut: the first version peaked at 235 MB here."""
    scores, ses, k = CASES["large, k = 3"]
    tracemalloc.start()
    try:
        p_top_k(scores, ses, k)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert peak < 4 * confidence_module.BLOCK_VALUES * 8

"""Confidence in the ranking: pooled SE, 90% interval, P(top k) with tie credit."""

import numpy as np
import pytest

from candidates.scoring.confidence import (
    Z90,
    Pooled,
    apart_from_next,
    confidence,
    p_top_k,
    pooled_residual_sd,
    standard_errors,
)


def test_pooled_sd_uses_every_candidates_residuals() -> None:
    groups = np.array([1, 1, 1, 2, 2, 3])
    totals = np.array([3.0, 4.0, 5.0, 2.0, 4.0, 4.5])  # candidate 3 has one total: no residual

    pooled = pooled_residual_sd(groups, totals)

    # residual sums of squares 2 and 2 over 2 + 1 degrees of freedom
    assert pooled.df == 3
    assert pooled.sd == pytest.approx(np.sqrt(4 / 3))


def test_pooled_sd_is_unknown_without_a_second_rater_anywhere() -> None:
    assert pooled_residual_sd(np.array([1, 2]), np.array([3.0, 4.0])) == Pooled(None, 0)


def test_standard_error_shrinks_with_more_raters() -> None:
    se = standard_errors(Pooled(0.6, 10), np.array([1, 4, 9]))

    assert se.tolist() == pytest.approx([0.6, 0.3, 0.2])


@pytest.mark.parametrize("k", [1, 2, 3, 4])
def test_probabilities_sum_to_k_with_ties_inside_the_cut(k: int) -> None:
    scores = [4.0, 3.5, 3.5, 3.5, 2.0]

    p = p_top_k(scores, [0, 0, 0, 0, 0], k)

    assert p.sum() == pytest.approx(k)
    if k == 2:  # one place left for three tied candidates: a third each
        assert p.tolist() == pytest.approx([1, 1 / 3, 1 / 3, 1 / 3, 0])


def test_probabilities_sum_to_k_with_noise() -> None:
    rng = np.random.default_rng(3)
    scores = rng.normal(3, 0.4, 200)

    p = p_top_k(scores, np.full(200, 0.15), 5)

    assert p.sum() == pytest.approx(5)
    assert np.all((p >= 0) & (p <= 1))
    assert np.argmax(p) == np.argmax(scores)


def test_clear_leader_is_certain_and_close_pair_is_shared() -> None:
    p = p_top_k([4.8, 3.01, 3.0, 1.0], [0.1, 0.1, 0.1, 0.1], 2)

    assert p[0] == pytest.approx(1)
    assert p[1] == pytest.approx(0.5, abs=0.05)
    assert p[2] == pytest.approx(0.5, abs=0.05)
    assert p[3] == 0


def test_interval_and_neighbour_separation() -> None:
    result = confidence(["a", "b", "c"], [4.0, 3.9, 2.0], [4, 4, 4], Pooled(0.4, 9), k=1)

    assert result["a"].se == pytest.approx(0.2)
    assert (result["a"].low, result["a"].high) == pytest.approx((4 - Z90 * 0.2, 4 + Z90 * 0.2))
    assert not result["a"].apart_from_next  # 0.1 apart, margin 0.47
    assert result["b"].apart_from_next
    assert result["c"].apart_from_next  # the last has nobody below


def test_apart_needs_more_than_the_margin_of_the_difference() -> None:
    margin = Z90 * np.hypot(0.1, 0.1)
    scores = np.array([3.0 + margin * 1.01, 3.0, 3.0 - margin * 0.99])
    ses = np.full(3, 0.1)

    assert apart_from_next(scores, ses).tolist() == [True, False, True]
    without_se = apart_from_next(np.array([4.0, 4.0, 3.0]), np.full(3, np.nan))
    assert without_se.tolist() == [False, True, True]


def test_nobody_ranked_gives_no_figures() -> None:
    """An opening with no ranked candidate: the shortlist page failed with a 500 here."""
    assert confidence([], [], [], Pooled(None, 0), 3) == {}

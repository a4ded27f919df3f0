"""Criterion validity (docs/scoring.md §8): against scipy, numpy and numbers worked by hand.

scipy is a test-only dependency: the app computes everything with numpy and
the standard library, and scipy is the independent check.
"""

import math

import numpy as np
import pytest

from candidates.scoring.ranking import RubricRules, ScoreTable, score_rows
from candidates.scoring.validity import (
    MIN_N,
    Correlation,
    correlate,
    dimension_correlations,
    equal_weights,
    fisher_interval,
    halo_pairs,
    propose_weights,
    range_corrected,
    raters_needed,
    spearman_brown,
    strength,
    weighted_scores,
)


@pytest.fixture
def stats():
    """scipy.stats, the independent check."""
    from scipy import stats

    return stats


def with_holes(rng: np.random.Generator, values: np.ndarray, share: float) -> np.ndarray:
    holes = rng.random(values.shape) < share
    return np.where(holes, np.nan, values)


# --- correlate -----------------------------------------------------------------------


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5])
def test_correlate_matches_scipy_on_the_complete_pairs(seed, stats):
    rng = np.random.default_rng(seed)
    x = rng.normal(3, 1, 40)
    y = 0.4 * x + rng.normal(0, 1, 40)
    x, y = with_holes(rng, x, 0.15), with_holes(rng, y, 0.15)
    both = ~np.isnan(x) & ~np.isnan(y)

    result = correlate(x, y)
    expected = stats.pearsonr(x[both], y[both])

    assert result.n == int(both.sum())
    assert result.r == pytest.approx(expected.statistic, abs=1e-12)
    low, high = expected.confidence_interval(0.95)
    assert (result.low, result.high) == pytest.approx((low, high), abs=1e-9)


@pytest.mark.parametrize("level", [0.80, 0.90, 0.95, 0.99])
def test_fisher_interval_matches_an_independent_computation(level, stats):
    rng = np.random.default_rng(11)
    x = rng.normal(size=25)
    y = -0.6 * x + rng.normal(size=25)
    result = correlate(x, y, level=level)

    # Independently: Fisher's z with scipy's normal quantile rather than NormalDist.
    z = 0.5 * math.log((1 + result.r) / (1 - result.r))
    half = stats.norm.ppf(0.5 + level / 2) / math.sqrt(25 - 3)
    assert result.low == pytest.approx(math.tanh(z - half), abs=1e-12)
    assert result.high == pytest.approx(math.tanh(z + half), abs=1e-12)
    low, high = stats.pearsonr(x, y).confidence_interval(level)
    assert (result.low, result.high) == pytest.approx((low, high), abs=1e-9)


def test_fisher_interval_worked_by_hand():
    # r = .5, n = 28: z = atanh(.5) = 0.549306, se = 1/sqrt(25) = 0.2,
    # z -/+ 1.959964 * 0.2 = 0.157313 / 0.941299, tanh -> 0.1560 / 0.7358.
    low, high = fisher_interval(0.5, 28)
    assert round(low, 4) == 0.1560
    assert round(high, 4) == 0.7358


def test_perfect_correlation_has_a_degenerate_interval():
    x = np.arange(12.0)
    up, down = correlate(x, 2 * x + 1), correlate(x, -x)
    assert (up.r, up.low, up.high) == (1.0, 1.0, 1.0)
    assert (down.r, down.low, down.high) == (-1.0, -1.0, -1.0)


def test_nine_hires_are_not_enough():
    rng = np.random.default_rng(3)
    x = rng.normal(size=9)
    result = correlate(x, x + rng.normal(size=9))
    assert (result.r, result.low, result.high, result.n) == (None, None, None, 9)
    assert not result.enough
    assert not result.excludes_zero


def test_ten_complete_pairs_are_enough_even_with_more_rows():
    rng = np.random.default_rng(4)
    x, y = rng.normal(size=14), rng.normal(size=14)
    y[:4] = np.nan
    result = correlate(x, y)
    assert result.n == MIN_N
    assert result.enough


def test_a_constant_outcome_gives_no_correlation():
    x = np.arange(20.0)
    result = correlate(x, np.full(20, 0.1))
    assert (result.r, result.low, result.high, result.n) == (None, None, None, 20)
    assert correlate(np.full(20, 3.0), x).r is None


def test_excludes_zero_reads_the_interval():
    assert Correlation(r=0.5, low=0.16, high=0.74, n=28).excludes_zero
    assert Correlation(r=-0.5, low=-0.74, high=-0.16, n=28).excludes_zero
    assert not Correlation(r=0.2, low=-0.1, high=0.5, n=28).excludes_zero
    assert not Correlation(r=0.4, low=0.0, high=0.7, n=28).excludes_zero


@pytest.mark.parametrize("kwargs", [{"min_n": 3}, {"level": 0.0}, {"level": 1.0}, {"level": 95}])
def test_correlate_refuses_unusable_settings(kwargs):
    with pytest.raises(ValueError):
        correlate(np.arange(20.0), np.arange(20.0), **kwargs)


def test_correlate_refuses_arrays_of_different_lengths():
    with pytest.raises(ValueError):
        correlate(np.arange(20.0), np.arange(19.0))


# --- strength ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("r", "band"),
    [
        (0.0, "negligible"),
        (-0.099, "negligible"),
        (0.10, "small"),
        (-0.29, "small"),
        (0.30, "moderate"),
        (0.49, "moderate"),
        (0.50, "large"),
        (-0.95, "large"),
        (None, None),
        (float("nan"), None),
    ],
)
def test_strength_follows_cohens_bands_on_the_absolute_value(r, band):
    assert strength(r) == band


# --- range restriction ---------------------------------------------------------------


def test_thorndike_case_two_worked_by_hand():
    # r = .30, u = 0.6 / 0.4 = 1.5: .45 / sqrt(1 + .09 * 1.25) = .45 / 1.054751 = 0.4266.
    corrected = range_corrected(0.30, sd_applicants=0.6, sd_hired=0.4)
    assert round(corrected, 4) == 0.4266


def test_no_restriction_leaves_r_alone():
    assert range_corrected(0.35, sd_applicants=0.5, sd_hired=0.5) == pytest.approx(0.35)


@pytest.mark.parametrize(
    ("r", "sd_applicants", "sd_hired"),
    [(None, 0.6, 0.4), (0.3, 0.6, 0.0), (0.3, 0.0, 0.4), (0.3, None, 0.4), (0.3, 0.6, math.nan)],
)
def test_range_correction_refuses_unusable_inputs(r, sd_applicants, sd_hired):
    assert range_corrected(r, sd_applicants=sd_applicants, sd_hired=sd_hired) is None


# --- weighted scores -----------------------------------------------------------------


def test_weighted_scores_prorate_over_the_scored_dimensions():
    means = np.array(
        [
            [4.0, 3.0, 5.0],  # (200 + 90 + 100) / 100 = 3.9
            [5.0, 3.0, np.nan],  # c drops from both sides: (250 + 90) / 80 = 4.25
            [np.nan, np.nan, np.nan],  # nothing scored
            [np.nan, np.nan, 4.0],  # only a zero-weight dimension would be scored
        ]
    )
    scores = weighted_scores(means, np.array([50.0, 30.0, 20.0]))
    assert scores[:2] == pytest.approx([3.9, 4.25])
    assert np.isnan(scores[2])
    assert np.isnan(weighted_scores(means[3:], np.array([50.0, 30.0, 0.0]))[0])


def test_equal_weights_average_the_scored_means():
    means = np.array([[4.0, np.nan, 2.0, 3.0]])
    assert weighted_scores(means, equal_weights(4))[0] == pytest.approx(3.0)


def test_weighted_scores_are_the_rankings_scores():
    rng = np.random.default_rng(8)
    means = with_holes(rng, rng.uniform(1, 5, (30, 5)), 0.2)
    weights = np.array([20.0, 16.0, 8.0, 0.0, 8.0])
    codes = tuple("abcde")
    table = ScoreTable(
        keys=list(range(30)),
        labels=[str(i) for i in range(30)],
        scorecards=np.full(30, 2),
        codes=codes,
        means=means,
        counts=np.isfinite(means).astype(int),
        spreads=np.zeros_like(means),
    )
    rules = RubricRules(scale_min=1, scale_max=5, min_coverage=0.8, min_scorecards=2)
    ranked = score_rows(table, weights=dict(zip(codes, weights, strict=True)), rules=rules)
    np.testing.assert_allclose(weighted_scores(means, weights), ranked.score, rtol=1e-15)


@pytest.mark.parametrize("weights", [[1.0, -1.0], [1.0, math.nan], [1.0, 1.0, 1.0]])
def test_weighted_scores_refuse_bad_weights(weights):
    with pytest.raises(ValueError):
        weighted_scores(np.ones((3, 2)), np.array(weights))


# --- weight proposal -----------------------------------------------------------------


def driven_by_the_third_dimension(seed: int) -> list[Correlation]:
    """60 hires, 4 dimensions; the outcome follows dimension 2, dimension 3 runs against it."""
    rng = np.random.default_rng(seed)
    means = rng.normal(3, 0.7, (60, 4))
    outcome = means[:, 2] + rng.normal(0, 0.5, 60)
    means[:, 3] = 6 - outcome + rng.normal(0, 0.5, 60)
    return [correlate(means[:, d], outcome) for d in range(4)]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_proposal_gives_most_points_to_the_dimension_that_predicts(seed):
    correlations = driven_by_the_third_dimension(seed)
    proposal = propose_weights(correlations)

    assert proposal is not None
    assert max(range(4), key=lambda d: proposal.points[d]) == 2
    assert proposal.points[3] == 0  # r < 0
    assert round(sum(proposal.points) * 100) == 10_000
    assert all(round(p, 2) == p for p in proposal.points)
    assert proposal.n == 60
    assert proposal.method == "correlation"
    positive = [max(c.r, 0) for c in correlations]
    for d in range(4):
        assert proposal.points[d] == pytest.approx(100 * positive[d] / sum(positive), abs=0.011)


def test_proposal_rounds_and_gives_the_remainder_to_the_largest():
    equal = [Correlation(r=0.3, low=0.0, high=0.5, n=40)] * 3
    assert propose_weights(equal).points == (33.34, 33.33, 33.33)
    assert propose_weights(equal, total=10).points == (3.34, 3.33, 3.33)


def test_proposal_ignores_dimensions_without_enough_hires():
    correlations = [
        Correlation(r=0.4, low=0.1, high=0.6, n=30),
        Correlation(r=None, low=None, high=None, n=9),
        Correlation(r=0.2, low=-0.1, high=0.5, n=25),
    ]
    proposal = propose_weights(correlations)
    assert proposal.points == (66.67, 0.0, 33.33)
    assert proposal.n == 25


def test_no_proposal_without_a_positive_usable_correlation():
    assert propose_weights([]) is None
    assert propose_weights([Correlation(r=None, low=None, high=None, n=4)]) is None
    assert propose_weights([Correlation(r=-0.2, low=-0.5, high=0.1, n=40)] * 2) is None
    assert propose_weights([Correlation(r=0.0, low=-0.3, high=0.3, n=40)]) is None


# --- halo ----------------------------------------------------------------------------


def test_dimension_correlations_match_numpy_on_complete_data():
    rng = np.random.default_rng(5)
    values = rng.integers(1, 6, (200, 6)).astype(float)
    values[:, 1] = np.clip(values[:, 0] + rng.integers(-1, 2, 200), 1, 5)
    r, n = dimension_correlations(values)
    np.testing.assert_allclose(r, np.corrcoef(values, rowvar=False), atol=1e-12)
    assert (n == 200).all()


def pairwise_by_hand(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    d = values.shape[1]
    r, n = np.full((d, d), np.nan), np.zeros((d, d), int)
    for i in range(d):
        for j in range(d):
            both = ~np.isnan(values[:, i]) & ~np.isnan(values[:, j])
            a, b = values[both, i], values[both, j]
            n[i, j] = both.sum()
            da, db = a - a.mean(), b - b.mean()
            if n[i, j] >= 2 and (da @ da) > 0 and (db @ db) > 0:
                r[i, j] = (da @ db) / math.sqrt((da @ da) * (db @ db))
    return r, n


@pytest.mark.parametrize("seed", [6, 7])
def test_dimension_correlations_are_pairwise_complete(seed):
    rng = np.random.default_rng(seed)
    values = with_holes(rng, rng.integers(1, 6, (3000, 5)).astype(float), 0.3)
    values[:, 4] = np.where(np.isnan(values[:, 4]), np.nan, values[:, 0])  # NaN where 0 is
    values[:100, 3] = np.nan
    r, n = dimension_correlations(values)
    expected_r, expected_n = pairwise_by_hand(values)
    np.testing.assert_array_equal(n, expected_n)
    np.testing.assert_allclose(r, expected_r, atol=1e-10)


def test_dimension_correlations_leave_uncomputable_pairs_empty():
    values = np.array(
        [
            [1.0, 3.0, np.nan, 2.0],
            [2.0, 3.0, np.nan, np.nan],
            [3.0, 3.0, 4.0, np.nan],
            [4.0, 3.0, np.nan, 5.0],
        ]
    )
    r, n = dimension_correlations(values)
    assert np.isnan(r[0, 1])  # column 1 is constant
    assert np.isnan(r[0, 2]) and n[0, 2] == 1  # one shared scorecard
    assert np.isnan(r[2, 2])  # one score on dimension 2
    assert np.isnan(r[2, 3]) and n[2, 3] == 0
    assert r[0, 3] == pytest.approx(1.0) and n[0, 3] == 2
    assert r[0, 0] == 1.0


def test_a_planted_pair_is_flagged_and_independent_dimensions_are_not():
    rng = np.random.default_rng(9)
    values = rng.normal(3, 1, (500, 5))
    values[:, 3] = values[:, 1] + rng.normal(0, 0.2, 500)  # B = A + small noise
    values = with_holes(rng, values, 0.1)
    r, n = dimension_correlations(values)

    pairs = halo_pairs(r, n)
    assert [(i, j) for i, j, _ in pairs] == [(1, 3)]
    assert pairs[0][2] == pytest.approx(r[1, 3])
    assert pairs[0][2] > 0.9


def test_halo_pairs_need_enough_scorecards_and_come_highest_first():
    r = np.array(
        [
            [1.0, 0.85, 0.95, 0.81],
            [0.85, 1.0, 0.80, 0.99],
            [0.95, 0.80, 1.0, np.nan],
            [0.81, 0.99, np.nan, 1.0],
        ]
    )
    n = np.full((4, 4), 50)
    n[1, 3] = n[3, 1] = MIN_N - 1
    assert halo_pairs(r, n) == [(0, 2, 0.95), (0, 1, 0.85), (0, 3, 0.81)]
    assert halo_pairs(r, n, threshold=0.9) == [(0, 2, 0.95)]


# --- Spearman-Brown ------------------------------------------------------------------


def test_spearman_brown_worked_by_hand():
    # 3 (.44) / (1 + 2 (.44)) = 1.32 / 1.88 = 0.702128
    assert spearman_brown(0.44, 3) == pytest.approx(1.32 / 1.88)
    assert round(spearman_brown(0.44, 3), 4) == 0.7021
    assert spearman_brown(0.44, 1) == pytest.approx(0.44)


@pytest.mark.parametrize(
    ("r1", "target", "raters"),
    [
        (0.44, 0.70, 3),  # .70 (.56) / (.44 (.30)) = .392 / .132 = 2.97
        (0.44, 0.80, 6),  # .80 (.56) / (.44 (.20)) = .448 / .088 = 5.09
        (0.10, 0.40, 6),  # exactly 6, which floats make 6.000000000000001
        (0.50, 0.50, 1),
        (0.90, 0.80, 1),
        (0.0, 0.70, None),
        (-0.2, 0.70, None),
        (None, 0.70, None),
    ],
)
def test_raters_needed(r1, target, raters):
    assert raters_needed(r1, target) == raters


def test_raters_needed_is_the_fewest_that_reach_the_target():
    for r1 in np.linspace(0.05, 0.95, 19):
        for target in (0.6, 0.7, 0.8, 0.9):
            k = raters_needed(float(r1), target)
            assert spearman_brown(float(r1), k) >= target - 1e-9
            if k > 1:
                assert spearman_brown(float(r1), k - 1) < target


@pytest.mark.parametrize(("r1", "k"), [(1.2, 3), (0.4, 0), (math.nan, 2), (-0.6, 3)])
def test_spearman_brown_refuses_meaningless_inputs(r1, k):
    with pytest.raises(ValueError):
        spearman_brown(r1, k)

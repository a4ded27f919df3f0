"""Interviewer calibration: the additive model recovers leniencies, refuses unsafe corrections."""

import numpy as np
import pytest
from threadpoolctl import threadpool_info

from candidates.scoring.calibration import (
    FEW_CANDIDATES,
    FEW_RATINGS,
    LOW_SD,
    NOT_LINKED,
    combined,
    fit,
    fit_sums,
    matrix_sums,
    sums_of,
)
from candidates.scoring.matrix import ScorecardMatrix

LENIENCY = {"lenient": 0.6, "severe": -0.5, "fair": 0.0, "kind": 0.3, "strict": -0.4}


def panel_ratings(noise: float = 0.0, seed: int = 7):
    """30 candidates x 4 dimensions, each met by 3 of 5 interviewers; abilities differ widely.

    Only the strong candidates meet the severe interviewer, so
    per-interviewer means alone would misjudge leniency.
    """
    rng = np.random.default_rng(seed)
    names = list(LENIENCY)
    units, raters, values, candidates = [], [], [], []
    for candidate in range(30):
        ability = 1.5 + candidate / 10
        others = [n for n in rng.permutation(names).tolist() if n != "severe"]
        panel = ["severe", *others[:2]] if candidate >= 20 else others[:3]
        for dimension in range(4):
            true_score = ability + rng.normal(0, 0.8)
            for rater in panel:
                units.append((candidate, dimension))
                raters.append(rater)
                values.append(true_score + LENIENCY[rater] + rng.normal(0, noise))
                candidates.append(candidate)
    units = [c * 10 + d for c, d in units]
    return units, raters, values, candidates


def test_noise_free_data_gives_back_the_leniencies_exactly() -> None:
    calibration = fit(*panel_ratings())

    assert calibration.connected
    for name, effect in calibration.raters.items():
        assert effect.leniency == pytest.approx(LENIENCY[name], abs=1e-9)
        assert effect.shrunk == pytest.approx(LENIENCY[name], abs=1e-9)
        assert effect.correctable
    assert calibration.residual_sd == pytest.approx(0, abs=1e-9)


def test_raw_means_mislead_where_the_model_does_not() -> None:
    units, raters, values, candidates = panel_ratings()
    severe_mean = np.mean([v for r, v in zip(raters, values, strict=True) if r == "severe"])
    fair_mean = np.mean([v for r, v in zip(raters, values, strict=True) if r == "fair"])

    assert severe_mean > fair_mean  # the severe interviewer met the strongest candidates
    calibration = fit(units, raters, values, candidates)
    assert calibration.raters["severe"].leniency < calibration.raters["fair"].leniency


def test_noisy_data_estimates_within_a_few_standard_errors_and_shrinks_towards_zero() -> None:
    calibration = fit(*panel_ratings(noise=0.4))

    for name, effect in calibration.raters.items():
        assert abs(effect.leniency - LENIENCY[name]) < 4 * effect.se
        assert abs(effect.shrunk) <= abs(effect.leniency)
    assert calibration.residual_sd == pytest.approx(0.4, rel=0.25)


def test_too_few_ratings_is_not_corrected() -> None:
    units, raters, values, candidates = panel_ratings()
    # A newcomer who rated one dimension of three candidates.
    for candidate in range(3):
        units.append(candidate * 10)
        raters.append("newcomer")
        values.append(values[units.index(candidate * 10)] + 1.0)
        candidates.append(candidate)

    effect = fit(units, raters, values, candidates).raters["newcomer"]

    assert not effect.correctable
    assert FEW_RATINGS in effect.reasons and FEW_CANDIDATES in effect.reasons
    assert effect.ratings == 3 and effect.candidates == 3


def test_interviewers_not_linked_to_the_others_are_not_corrected() -> None:
    units, raters, values, candidates = panel_ratings()
    for candidate in range(100, 120):  # candidates nobody else met
        for dimension in range(2):
            units.append(candidate * 10 + dimension)
            raters.append("island")
            values.append(1 + (candidate + dimension) % 5)
            candidates.append(candidate)

    calibration = fit(units, raters, values, candidates)

    assert not calibration.connected
    assert NOT_LINKED in calibration.raters["island"].reasons
    assert calibration.raters["lenient"].correctable


def test_an_interviewer_who_gives_the_same_score_everywhere_is_not_corrected() -> None:
    units, raters, values, candidates = panel_ratings()
    values = [3.0 if r == "fair" else v for r, v in zip(raters, values, strict=True)]

    effect = fit(units, raters, values, candidates).raters["fair"]

    assert effect.sd == 0
    assert LOW_SD in effect.reasons


def test_corrections_list_only_the_safe_interviewers() -> None:
    units, raters, values, candidates = panel_ratings()
    units.append(0)
    raters.append("newcomer")
    values.append(4.0)
    candidates.append(0)

    corrections = fit(units, raters, values, candidates).corrections()

    assert set(corrections) == set(LENIENCY)
    assert sum(corrections.values()) == pytest.approx(
        -fit(units, raters, values, candidates).raters["newcomer"].leniency
    )


def separate_panels(seed: int = 3):
    """Two openings on one rubric, each with its own panel of three: whole-point scores.

    150 candidates x 10 dimensions per opening, every candidate met by the
    whole panel; no interviewer sits on both panels, so there are two linked
    groups.
    """
    rng = np.random.default_rng(seed)
    offsets = {"a1": 0.5, "a2": 0.0, "a3": -0.5, "b1": 0.4, "b2": -0.1, "b3": -0.3}
    units, raters, values, candidates = [], [], [], []
    for candidate in range(300):
        panel = ["a1", "a2", "a3"] if candidate < 150 else ["b1", "b2", "b3"]
        ability = rng.normal(3, 0.7)
        for dimension in range(10):
            for rater in panel:
                score = ability + offsets[rater] + rng.normal(0, 0.5)
                units.append(candidate * 10 + dimension)
                raters.append(rater)
                values.append(float(np.clip(np.round(score), 1, 5)))
                candidates.append(candidate)
    return offsets, (units, raters, values, candidates)


def test_separate_panels_each_get_their_leniency_and_a_small_standard_error() -> None:
    # The pseudo-inverse of the whole matrix once kept rounding noise (1e-12) as
    # an eigenvalue: standard errors of 1e5 points and every correction shrunk to 0.
    offsets, ratings = separate_panels()

    calibration = fit(*ratings)

    assert calibration.components == 2
    for panel in ("a", "b"):
        members = [name for name in offsets if name.startswith(panel)]
        mean_offset = np.mean([offsets[name] for name in members])
        for name in members:
            effect = calibration.raters[name]
            assert effect.se < 0.05
            # Sum-zero within the panel: the estimate is the offset from the panel's mean.
            assert effect.leniency == pytest.approx(offsets[name] - mean_offset, abs=0.1)
            assert effect.shrunk == pytest.approx(effect.leniency, abs=0.01)


def test_the_fit_keeps_blas_to_one_thread(monkeypatch) -> None:
    # Two busy cores: OpenBLAS's threads made a 300-interviewer fit 2 s instead of 0.1 s.
    seen = []
    inverse = np.linalg.inv

    def recording_inverse(matrix):
        # numpy's own BLAS: scipy, a test-only package, loads another that the app never uses.
        seen.extend(
            lib["num_threads"]
            for lib in threadpool_info()
            if lib["user_api"] == "blas" and "numpy" in lib["filepath"]
        )
        return inverse(matrix)

    monkeypatch.setattr(np.linalg, "inv", recording_inverse)
    fit(*panel_ratings())

    assert seen and set(seen) == {1}


def split_by_candidate(ratings, parts: int):
    """The ratings as `parts` openings: each candidate (and so each unit) in one of them."""
    units, raters, values, candidates = ratings
    groups = [([], [], [], []) for _ in range(parts)]
    for entry in zip(units, raters, values, candidates, strict=True):
        for column, value in zip(groups[entry[3] % parts], entry, strict=True):
            column.append(value)
    return groups


def direct_residual_sd(ratings, calibration) -> float:
    """The residual SD computed the long way: theta per unit, then every residual."""
    units, raters, values, _candidates = ratings
    b = {key: effect.leniency or 0.0 for key, effect in calibration.raters.items()}
    corrected = {}
    for unit, rater, value in zip(units, raters, values, strict=True):
        corrected.setdefault(unit, []).append(value - b[rater])
    residuals = [
        value - b[rater] - np.mean(corrected[unit])
        for unit, rater, value in zip(units, raters, values, strict=True)
    ]
    linked = {key for key, effect in calibration.raters.items() if effect.leniency is not None}
    rank = len(linked) - 1
    df = len(values) - len(corrected) - rank
    return float(np.sqrt(np.sum(np.square(residuals)) / df))


def test_the_fit_of_each_openings_sums_added_up_is_the_fit_of_all_ratings() -> None:
    ratings = panel_ratings(noise=0.4, seed=11)
    whole = fit(*ratings)
    parts = combined([sums_of(*part) for part in split_by_candidate(ratings, 3)])
    together = fit_sums(parts)
    assert together.raters.keys() == whole.raters.keys()
    for key, effect in whole.raters.items():
        other = together.raters[key]
        assert (other.ratings, other.candidates, other.reasons) == (
            effect.ratings,
            effect.candidates,
            effect.reasons,
        )
        for name in ("mean", "sd", "leniency", "se", "shrunk"):
            assert getattr(other, name) == pytest.approx(getattr(effect, name), abs=1e-9), name
    assert together.residual_sd == pytest.approx(whole.residual_sd, abs=1e-9)
    assert whole.residual_sd == pytest.approx(direct_residual_sd(ratings, whole), abs=1e-9)
    assert whole.residual_sd > 0.2  # the noise is there: the check is not of zeros


def random_matrix(seed: int, applications: int, raters: int, missing: float) -> ScorecardMatrix:
    """1 to 4 scorecards per application by random interviewers, some scores not given."""
    rng = np.random.default_rng(seed)
    per = rng.integers(1, 5, applications)
    keys = rng.permutation(np.arange(1000, 1000 + 7 * applications, 7))
    rows = int(per.sum())
    values = rng.integers(1, 6, (rows, 4)).astype(float)
    values[rng.random((rows, 4)) < missing] = np.nan
    shuffled = rng.permutation(rows)  # the database gives scorecards in no order
    return ScorecardMatrix(
        scorecards=np.arange(rows)[shuffled],
        applications=np.repeat(keys, per)[shuffled],
        raters=rng.integers(1, raters + 1, rows)[shuffled] * 11,
        codes=("a", "b", "c", "d"),
        values=values[shuffled],
    )


@pytest.mark.parametrize(
    ("seed", "applications", "raters", "missing"),
    [(1, 40, 6, 0.0), (2, 300, 25, 0.2), (3, 120, 4, 0.6), (4, 5, 2, 1.0), (5, 0, 3, 0.0)],
)
def test_the_sums_of_a_matrix_are_those_of_its_ratings_one_by_one(
    seed, applications, raters, missing
) -> None:
    matrix = random_matrix(seed, applications, raters, missing)
    rows, columns, values = matrix.long()
    owners = matrix.applications[rows]
    expected = sums_of(owners * 4 + columns, matrix.raters[rows], values, owners)
    got = matrix_sums(matrix)
    np.testing.assert_array_equal(got.raters, expected.raters)
    for name in ("counts", "candidates"):
        np.testing.assert_array_equal(getattr(got, name), getattr(expected, name), name)
    for name in ("pairs", "totals", "squares", "unit_share"):
        np.testing.assert_allclose(getattr(got, name), getattr(expected, name), atol=1e-9)
    assert got.units == expected.units
    assert got.unit_square == pytest.approx(expected.unit_square, abs=1e-9)

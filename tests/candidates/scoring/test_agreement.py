"""Agreement statistics against published cases (tests/data/reference_cases.json) and the
``krippendorff`` package.

Published figures are compared the way cases.json's "how_to_use" asks: compute in
double precision, round half away from zero to the published decimals, compare.
"""

from __future__ import annotations

import math

import krippendorff
import numpy as np
import pytest

from candidates.scoring.agreement import (
    ICC_FORMS,
    alpha_from_arrays,
    complete_matrix,
    crossed_matrix,
    icc,
    icc_from_array,
    interpret_alpha,
    interpret_icc,
    krippendorff_alpha,
    one_way_icc,
    one_way_icc_from_arrays,
)
from tests.reference import reference_cases, round_half_away

CASES = reference_cases()

SHROUT_FLEISS = CASES["shrout_fleiss_1979_table2"]
PUBLISHED_ICCS = SHROUT_FLEISS["published_results"]["icc"]


def matches_published(computed: float, published: float, decimals: int) -> bool:
    return round_half_away(computed, decimals) == round_half_away(published, decimals)


def triples_from_rows(rows: list[list[float | None]]) -> list[tuple[int, int, float | None]]:
    """cases.json's Krippendorff layout (rows = raters, columns = units) as (unit, rater, value)."""
    return [
        (unit, rater, value) for rater, row in enumerate(rows) for unit, value in enumerate(row)
    ]


def triples_from_matrix(matrix: list[list[float | None]]) -> list[tuple[int, int, float | None]]:
    """A targets x raters matrix as (unit, rater, value) triples."""
    return [
        (unit, rater, value) for unit, row in enumerate(matrix) for rater, value in enumerate(row)
    ]


# --- Shrout & Fleiss (1979) ------------------------------------------------


def _our_form_name(published_name: str, k: int) -> str:
    """cases.json writes the mean-of-k forms with the actual k, e.g. "ICC(2,4)"."""
    return published_name.replace(f",{k})", ",k)")


@pytest.mark.parametrize("published", PUBLISHED_ICCS, ids=[p["statistic"] for p in PUBLISHED_ICCS])
def test_shrout_fleiss_table2_icc_forms_match_published(published: dict) -> None:
    result = icc(SHROUT_FLEISS["input"]["ratings"])

    value = result.forms[_our_form_name(published["statistic"], result.k)]

    assert matches_published(value, published["published"], published["published_decimals"])


def test_shrout_fleiss_table2_mean_squares_match_published() -> None:
    anova = SHROUT_FLEISS["published_results"]["anova_mean_squares"]
    result = icc(SHROUT_FLEISS["input"]["ratings"])

    computed = {"BMS": result.bms, "WMS": result.wms, "JMS": result.jms, "EMS": result.ems}

    for name, published in anova["values"].items():
        assert matches_published(computed[name], published, anova["decimals"]), name


def test_shrout_fleiss_table2_f_ratios_match_published() -> None:
    # F for ICC(1,*) is BMS/WMS, for ICC(2,*) and ICC(3,*) BMS/EMS; 6 dp in cases.json.
    result = icc(SHROUT_FLEISS["input"]["ratings"])
    f_by_model = {"1": result.bms / result.wms, "2": result.bms / result.ems}
    f_by_model["3"] = f_by_model["2"]

    for published in PUBLISHED_ICCS:
        model = published["statistic"][4]
        assert matches_published(f_by_model[model], published["F"], 6), published["statistic"]


def test_shrout_fleiss_table2_design_size_is_six_targets_four_raters() -> None:
    result = icc(SHROUT_FLEISS["input"]["ratings"])

    assert (result.n, result.k) == (6, 4)
    assert tuple(result.forms) == ICC_FORMS


# --- Krippendorff: published cases ------------------------------------------


def test_krippendorff_2004_binary_alpha_do_de_match_published() -> None:
    case = CASES["krippendorff_2004_binary"]
    published = case["published_results"]
    decimals = published["decimals"]

    result = krippendorff_alpha(triples_from_rows(case["input"]["data"]), metric="nominal")

    assert matches_published(result.alpha, published["alpha"], decimals)
    assert matches_published(result.observed_disagreement, published["Do"], decimals)
    assert matches_published(result.expected_disagreement, published["De"], decimals)
    assert (result.pairable_values, result.units, result.raters) == (20, 10, 2)


def test_krippendorff_2004_nominal_two_observers_alpha_do_de_match_published() -> None:
    case = CASES["krippendorff_2004_nominal_two_observers"]
    published = case["published_results"]
    # cases.json gives the precision as prose; fail loudly if it ever changes.
    assert published["decimals"] == "alpha 3 dp; Do/De 4 dp"

    result = krippendorff_alpha(triples_from_rows(case["input"]["data"]), metric="nominal")

    assert matches_published(result.alpha, published["alpha"], 3)
    assert matches_published(result.observed_disagreement, published["Do"], 4)
    assert matches_published(result.expected_disagreement, published["De"], 4)


def test_wikipedia_example_nominal_alpha_matches_published() -> None:
    case = CASES["wikipedia_krippendorff_example"]
    published = case["published_results"]

    result = krippendorff_alpha(triples_from_rows(case["input"]["data"]), metric="nominal")

    assert matches_published(result.alpha, published["alpha_nominal"], published["decimals"])
    # Units 2 and 14 have no value and unit 1 only one; 12 units with 26 values remain.
    assert (result.units, result.pairable_values, result.raters) == (12, 26, 3)


def test_wikipedia_example_interval_alpha_agrees_with_krippendorff_package() -> None:
    # cases.json marks the interval figure (.811) as unconfirmed, so check it against
    # the package rather than as a published value.
    data = CASES["wikipedia_krippendorff_example"]["input"]["data"]
    reliability = np.array([[np.nan if v is None else v for v in row] for row in data], float)

    result = krippendorff_alpha(triples_from_rows(data), metric="interval")
    expected = krippendorff.alpha(reliability, level_of_measurement="interval")

    assert math.isclose(result.alpha, expected, rel_tol=0, abs_tol=1e-9)


# --- Krippendorff: behaviour -------------------------------------------------


def _random_reliability_data(seed: int) -> np.ndarray:
    """4 raters x 40 units on a 1-5 scale with about 30 % of cells missing."""
    rng = np.random.default_rng(seed)
    data = rng.integers(1, 6, size=(4, 40)).astype(float)
    data[rng.random(data.shape) < 0.3] = np.nan
    return data


def _triples_from_array(data: np.ndarray) -> list[tuple[int, int, float | None]]:
    return [
        (unit, rater, None if np.isnan(data[rater, unit]) else float(data[rater, unit]))
        for rater in range(data.shape[0])
        for unit in range(data.shape[1])
    ]


@pytest.mark.parametrize("metric", ["nominal", "ordinal", "interval"])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_alpha_with_missing_values_agrees_with_krippendorff_package(metric: str, seed: int) -> None:
    data = _random_reliability_data(seed)

    result = krippendorff_alpha(_triples_from_array(data), metric=metric)
    expected = krippendorff.alpha(data, level_of_measurement=metric)

    assert math.isclose(result.alpha, expected, rel_tol=0, abs_tol=1e-9)


def test_alpha_is_not_estimable_when_every_rating_is_the_same() -> None:
    ratings = [(unit, rater, 3) for unit in range(5) for rater in ("a", "b", "c")]

    for metric in ("nominal", "ordinal", "interval"):
        result = krippendorff_alpha(ratings, metric=metric)
        assert result.alpha is None
        assert result.expected_disagreement == 0.0
        assert interpret_alpha(result.alpha) == "not_estimable"


def test_alpha_ignores_units_with_a_single_value() -> None:
    paired = [("u1", "a", 1), ("u1", "b", 2), ("u2", "a", 3), ("u2", "b", 3)]
    lone = [("u3", "a", 5), ("u3", "b", None), ("u4", "c", 1)]

    with_lone = krippendorff_alpha(paired + lone)
    without = krippendorff_alpha(paired)

    assert with_lone == without
    assert (with_lone.units, with_lone.raters, with_lone.pairable_values) == (2, 2, 4)


def test_alpha_without_pairable_units_is_not_estimable() -> None:
    result = krippendorff_alpha([("u1", "a", 1), ("u2", "b", 2)])

    assert result.alpha is None
    assert (result.units, result.pairable_values) == (0, 0)


def test_alpha_is_one_for_perfect_agreement_on_varied_values() -> None:
    ratings = [(unit, rater, unit % 5 + 1) for unit in range(10) for rater in ("a", "b")]

    assert krippendorff_alpha(ratings).alpha == 1.0


def test_alpha_rejects_unknown_metric() -> None:
    with pytest.raises(ValueError, match="unknown metric"):
        krippendorff_alpha([("u", "a", 1), ("u", "b", 2)], metric="ratio")  # type: ignore[arg-type]


def test_alpha_rejects_a_rater_rating_the_same_unit_twice() -> None:
    with pytest.raises(ValueError, match="more than once"):
        krippendorff_alpha([("u", "a", 1), ("u", "a", 2), ("u", "b", 2)])


def test_interval_alpha_rejects_non_numeric_values() -> None:
    with pytest.raises(ValueError, match="non-numeric"):
        krippendorff_alpha([("u", "a", "high"), ("u", "b", "low")], metric="interval")


def test_nominal_alpha_accepts_labels() -> None:
    ratings = [("u1", "a", "yes"), ("u1", "b", "yes"), ("u2", "a", "no"), ("u2", "b", "no")]

    assert krippendorff_alpha(ratings, metric="nominal").alpha == 1.0


def test_alpha_rejects_nan_instead_of_treating_it_as_missing() -> None:
    with pytest.raises(ValueError, match="use None"):
        krippendorff_alpha([("u", "a", 1.0), ("u", "b", float("nan"))])


# --- ICC: behaviour ----------------------------------------------------------


def test_icc_raises_on_missing_cell() -> None:
    matrix = [[1, 2, 3], [2, None, 4], [3, 4, 5]]

    with pytest.raises(ValueError, match="complete data"):
        icc(matrix)


def test_icc_raises_on_ragged_rows() -> None:
    with pytest.raises(ValueError, match="complete data"):
        icc([[1, 2, 3], [2, 3], [3, 4, 5]])


def test_icc_raises_with_fewer_than_two_targets() -> None:
    with pytest.raises(ValueError, match="2 targets"):
        icc([[1, 2, 3]])


def test_icc_raises_with_fewer_than_two_raters() -> None:
    with pytest.raises(ValueError, match="2 raters"):
        icc([[1], [2], [3]])


def test_icc_forms_are_none_when_every_rating_is_identical() -> None:
    result = icc([[3, 3], [3, 3], [3, 3]])

    assert all(value is None for value in result.forms.values())
    assert interpret_icc(result.forms["ICC(2,1)"]) == "not_estimable"


def test_icc_consistency_forms_are_one_when_raters_differ_by_a_constant() -> None:
    result = icc([[1, 2], [2, 3], [4, 5], [5, 6]])

    assert math.isclose(result.forms["ICC(3,1)"], 1.0)
    assert math.isclose(result.forms["ICC(3,k)"], 1.0)
    assert result.forms["ICC(2,1)"] < 1.0  # absolute agreement sees the offset


# --- complete_matrix ---------------------------------------------------------


def test_complete_matrix_builds_units_by_raters_in_first_seen_order() -> None:
    ratings = [("c1", "ann", 4), ("c1", "bob", 3), ("c2", "bob", 5), ("c2", "ann", 2)]

    assert complete_matrix(ratings) == [[4.0, 3.0], [2.0, 5.0]]


def test_complete_matrix_returns_none_when_a_cell_is_missing() -> None:
    absent = [("c1", "ann", 4), ("c1", "bob", 3), ("c2", "ann", 2)]
    explicit_none = [("c1", "ann", 4), ("c1", "bob", 3), ("c2", "ann", 2), ("c2", "bob", None)]

    assert complete_matrix(absent) is None
    assert complete_matrix(explicit_none) is None


def test_complete_matrix_of_shrout_fleiss_triples_reproduces_the_icc() -> None:
    matrix = SHROUT_FLEISS["input"]["ratings"]

    rebuilt = complete_matrix(triples_from_matrix(matrix))

    assert rebuilt == [[float(v) for v in row] for row in matrix]
    assert icc(rebuilt).forms == icc(matrix).forms


# --- interpretation bands ----------------------------------------------------


@pytest.mark.parametrize(
    ("alpha", "band"),
    [
        (None, "not_estimable"),
        (1.0, "acceptable"),
        (0.800, "acceptable"),
        (0.7999, "tentative"),
        (0.667, "tentative"),
        (0.6669, "unacceptable"),
        (-0.2, "unacceptable"),
    ],
)
def test_interpret_alpha_uses_krippendorff_bands(alpha: float | None, band: str) -> None:
    assert interpret_alpha(alpha) == band


@pytest.mark.parametrize(
    ("value", "band"),
    [
        (None, "not_estimable"),
        (-0.1, "poor"),
        (0.4999, "poor"),
        (0.50, "moderate"),
        (0.7499, "moderate"),
        (0.75, "good"),
        (0.90, "good"),
        (0.9001, "excellent"),
    ],
)
def test_interpret_icc_uses_koo_li_bands(value: float | None, band: str) -> None:
    assert interpret_icc(value) == band


@pytest.mark.parametrize("metric", ["ordinal", "interval"])
def test_alpha_on_continuous_scores_agrees_with_krippendorff_package(metric: str) -> None:
    """Weighted scores take many distinct values: the closed forms must still hold."""
    rng = np.random.default_rng(11)
    truth = rng.normal(3, 0.7, size=60)
    data = truth + rng.normal(0, 0.4, size=(3, 60))
    data[rng.random((3, 60)) < 0.2] = np.nan

    result = krippendorff_alpha(_triples_from_array(data), metric=metric)
    expected = krippendorff.alpha(data, level_of_measurement=metric)

    assert math.isclose(result.alpha, expected, rel_tol=0, abs_tol=1e-9)


# --- the same figures from a float matrix -------------------------------------


def _arrays_from_data(data: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Reliability data (raters x units, NaN missing) as parallel unit, rater, value arrays."""
    raters, units = np.indices(data.shape)
    return units.ravel(), raters.ravel(), data.ravel()


@pytest.mark.parametrize("metric", ["ordinal", "interval"])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_alpha_from_arrays_gives_the_triples_figures(metric: str, seed: int) -> None:
    data = _random_reliability_data(seed)

    fast = alpha_from_arrays(*_arrays_from_data(data), metric=metric)
    reference = krippendorff_alpha(_triples_from_array(data), metric=metric)

    assert fast.alpha == pytest.approx(reference.alpha, abs=1e-12)
    assert fast.observed_disagreement == pytest.approx(reference.observed_disagreement, abs=1e-12)
    assert fast.expected_disagreement == pytest.approx(reference.expected_disagreement, abs=1e-12)
    counts = (fast.pairable_values, fast.units, fast.raters)
    assert counts == (reference.pairable_values, reference.units, reference.raters)


def test_alpha_from_arrays_is_not_estimable_without_pairs_or_spread() -> None:
    lone = alpha_from_arrays(np.array([1, 2]), np.array([7, 8]), np.array([3.0, 4.0]))
    same = alpha_from_arrays(np.array([1, 1, 2, 2]), np.array([7, 8, 7, 8]), np.full(4, 3.0))

    assert lone.alpha is None and (lone.units, lone.pairable_values) == (0, 0)
    assert same.alpha is None and same.units == 2


def test_alpha_from_arrays_leaves_nominal_to_the_triples() -> None:
    with pytest.raises(ValueError, match="interval or ordinal"):
        alpha_from_arrays(
            np.array([1, 1]), np.array([7, 8]), np.array([1.0, 2.0]), metric="nominal"
        )


def test_icc_from_array_matches_the_published_shrout_fleiss_figures() -> None:
    ratings = SHROUT_FLEISS["input"]["ratings"]

    fast = icc_from_array(np.array(ratings, dtype=float))

    for published in PUBLISHED_ICCS:
        value = fast.forms[_our_form_name(published["statistic"], fast.k)]
        assert matches_published(value, published["published"], published["published_decimals"])
    assert fast.forms == pytest.approx(icc(ratings).forms, abs=1e-12)


def test_icc_from_array_refuses_a_missing_cell() -> None:
    with pytest.raises(ValueError, match="complete data"):
        icc_from_array(np.array([[1.0, 2.0], [np.nan, 3.0], [2.0, 4.0]]))


def test_crossed_matrix_holds_the_same_cells_as_complete_matrix() -> None:
    # Labels out of order and a rater's NaN on a unit nobody else rated either.
    units = np.array([20, 20, 10, 10, 30])
    raters = np.array([2, 1, 1, 2, 1])
    values = np.array([5.0, 4.0, 3.0, 2.0, np.nan])

    cells = crossed_matrix(units, raters, values)
    rows = list(zip(units.tolist(), raters.tolist(), values.tolist(), strict=True))[:4]

    assert cells.tolist() == [[3.0, 2.0], [4.0, 5.0]]  # sorted units, sorted raters
    assert sorted(map(sorted, complete_matrix(rows))) == sorted(map(sorted, cells.tolist()))


def test_crossed_matrix_is_none_for_a_missing_cell_or_a_second_rating() -> None:
    missing = crossed_matrix(np.array([1, 1, 2]), np.array([7, 8, 7]), np.array([1.0, 2.0, 3.0]))
    twice = crossed_matrix(
        np.array([1, 1, 2, 2]), np.array([7, 8, 7, 7]), np.array([1.0, 2.0, 3.0, 4.0])
    )

    assert missing is None and twice is None


def test_one_way_icc_from_arrays_gives_the_grouped_figures() -> None:
    groups = [[3, 4, 4], [2, 2], [5], [1, 3, 2, 2], [4, 5]]
    units = np.repeat(np.arange(len(groups)), [len(group) for group in groups])
    values = np.array([x for group in groups for x in group], dtype=float)

    fast = one_way_icc_from_arrays(units, values)
    reference = one_way_icc(groups)

    assert (fast.units, fast.k) == (reference.units, pytest.approx(reference.k))
    assert fast.single == pytest.approx(reference.single, abs=1e-12)
    assert fast.average == pytest.approx(reference.average, abs=1e-12)


def numbers(result) -> dict:
    return {name: value for name, value in vars(result).items() if not isinstance(value, str)}


@pytest.mark.parametrize("seed", range(5))
def test_database_ids_and_any_other_labels_give_the_same_figures(seed):
    """Integer ids take the counting path, strings the sorting one: same alpha and ICC."""
    rng = np.random.default_rng(seed)
    units = rng.choice([3, 7, 8, 20, 41, 500, 9000], size=60)
    raters = rng.choice([1, 2, 5, 11], size=60)
    values = rng.integers(1, 6, size=60).astype(float)
    values[rng.random(60) < 0.2] = np.nan
    as_text = units.astype(str), raters.astype(str)
    for metric in ("interval", "ordinal"):
        by_id = alpha_from_arrays(units, raters, values, metric=metric)
        by_text = alpha_from_arrays(as_text[0], as_text[1], values, metric=metric)
        assert by_id.metric == by_text.metric
        assert numbers(by_id) == pytest.approx(numbers(by_text), rel=1e-12)
    grid_units = np.repeat([10, 30, 70], 2)
    grid_raters = np.tile([4, 9], 3)
    grid = rng.integers(1, 6, size=6).astype(float)
    assert np.array_equal(
        crossed_matrix(grid_units, grid_raters, grid),
        crossed_matrix(grid_units.astype(str), grid_raters.astype(str), grid),
    )
    # Text sorts "20" before "3", so the units are summed in another order: equal to rounding.
    by_id, by_text = (
        one_way_icc_from_arrays(units, values),
        one_way_icc_from_arrays(as_text[0], values),
    )
    assert numbers(by_id) == pytest.approx(numbers(by_text), rel=1e-12)

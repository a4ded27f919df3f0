"""Weight arithmetic (rubrics.weighting): the one weight check, and rank-order centroid
weights against the published cases in tests/data/reference_cases.json."""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction

import pytest

from rubrics.weighting import (
    WeightsError,
    check_weights,
    rank_order_centroid,
    weight_errors,
    weights_from_order,
    weights_from_text,
)
from tests.reference import reference_case, round_half_away

case = reference_case


def parse_matrix(rows: list[list[str]]) -> list[list[float]]:
    # The JSON writes entries as "1/9" etc.; Fraction parses them exactly.
    return [[float(Fraction(entry)) for entry in row] for row in rows]


def consistent_matrix(weights: list[float]) -> list[list[float]]:
    return [[wi / wj for wj in weights] for wi in weights]


# --- rank-order centroid -------------------------------------------------------


def test_rounding_helper_rounds_half_away_from_zero() -> None:
    assert round_half_away(0.125, 2) == 0.13
    assert round_half_away(-0.125, 2) == -0.13
    assert round_half_away(0.0625, 2) == 0.06


def test_roc_for_four_matches_published_example() -> None:
    published = case("rank_order_centroid_weights")["published_results"]
    decimals = published["decimals"]
    weights = rank_order_centroid(4)
    assert [round_half_away(w, decimals) for w in weights] == published["n4_example"]


def test_roc_for_four_matches_hand_computed_values() -> None:
    weights = rank_order_centroid(4)
    assert [round_half_away(w, 4) for w in weights] == [0.5208, 0.2708, 0.1458, 0.0625]
    # Exact: (25/12)/4, (13/12)/4, (7/12)/4, (3/12)/4.
    expected = [25 / 48, 13 / 48, 7 / 48, 3 / 48]
    assert all(math.isclose(w, e, rel_tol=1e-15) for w, e in zip(weights, expected, strict=True))


@pytest.mark.parametrize("n", range(1, 13))
def test_roc_weights_sum_to_one_and_decrease(n: int) -> None:
    weights = rank_order_centroid(n)
    assert len(weights) == n
    assert math.isclose(sum(weights), 1.0, abs_tol=1e-12)
    assert all(a > b for a, b in zip(weights, weights[1:], strict=False))


def test_roc_for_ten_matches_formula() -> None:
    # n = 10 is the other size the case lists; check against the formula
    # evaluated term by term with exact fractions.
    weights = rank_order_centroid(10)
    for i, w in enumerate(weights, start=1):
        exact = sum(Fraction(1, k) for k in range(i, 11)) / 10
        assert math.isclose(w, float(exact), rel_tol=1e-14)


def test_roc_rejects_non_positive_n() -> None:
    with pytest.raises(ValueError):
        rank_order_centroid(0)


def test_weights_from_order_scales_roc_to_total_and_keys_by_code() -> None:
    result = weights_from_order(["clarity", "rigour", "style", "length"])
    assert list(result) == ["clarity", "rigour", "style", "length"]
    assert math.isclose(sum(result.values()), 100.0, rel_tol=1e-12)
    assert math.isclose(result["clarity"], 100 * 25 / 48, rel_tol=1e-12)
    assert math.isclose(result["length"], 100 * 3 / 48, rel_tol=1e-12)

    ten = weights_from_order(["a", "b"], total=10)
    assert math.isclose(ten["a"], 7.5) and math.isclose(ten["b"], 2.5)


def test_weights_from_order_rejects_duplicates_empty_and_bad_total() -> None:
    with pytest.raises(ValueError, match="duplicate"):
        weights_from_order(["a", "b", "a"])
    with pytest.raises(ValueError):
        weights_from_order([])
    with pytest.raises(ValueError):
        weights_from_order(["a"], total=0)


# --- the one weight check -------------------------------------------------------

CODES = ["experience", "crm", "ethics"]


def test_check_weights_keeps_two_decimals_and_needs_every_code_without_a_base() -> None:
    assert check_weights(codes=CODES, weights={"experience": "20", "crm": 7.126, "ethics": 0}) == {
        "experience": Decimal("20.00"),
        "crm": Decimal("7.13"),
        "ethics": Decimal("0.00"),
    }
    with pytest.raises(WeightsError) as missing:
        check_weights(codes=CODES, weights={"experience": 20})
    assert set(missing.value.message_dict) == {"crm", "ethics"}


def test_check_weights_takes_the_base_for_codes_left_out() -> None:
    base = {"experience": Decimal("20"), "crm": Decimal("8"), "ethics": Decimal("8")}
    checked = check_weights(codes=CODES, weights={"crm": "0"}, base=base)
    assert checked == {"experience": 20, "crm": 0, "ethics": 8}


@pytest.mark.parametrize(
    ("weights", "key", "message"),
    [
        ({"crm": "-1"}, "crm", "A weight cannot be negative."),
        ({"crm": "abc"}, "crm", "Enter a number."),
        ({"crm": "nan"}, "crm", "Enter a number."),
        ({"crm": "10000"}, "crm", "At most 9999.99 points."),
        (
            {"sales": "3"},
            "__all__",
            "Unknown dimension code “sales”; known codes: crm, ethics, experience.",
        ),
        (
            {"experience": "0", "crm": "0", "ethics": "0"},
            "__all__",
            "At least one weight must be above zero.",
        ),
    ],
)
def test_check_weights_names_what_is_wrong_by_code(weights, key, message) -> None:
    base = dict.fromkeys(CODES, Decimal("8"))
    with pytest.raises(WeightsError) as refused:
        check_weights(codes=CODES, weights=weights, base=base)
    assert refused.value.message_dict[key] == [message]


def test_weights_from_text_reads_code_equals_points() -> None:
    assert weights_from_text(" crm=3, ethics = 4.5 ,") == {"crm": "3", "ethics": "4.5"}
    with pytest.raises(WeightsError, match="is not code=points"):
        weights_from_text("crm")
    assert weight_errors(WeightsError({"crm": ["Enter a number."]})) == ["crm: Enter a number."]

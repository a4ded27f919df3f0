"""AHP (rubrics.ahp) against the published cases in tests/data/reference_cases.json
and Saaty's house example (below)."""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any

import pytest

from rubrics.ahp import (
    CR_THRESHOLD,
    DEFAULT_RI_TABLE,
    RI_TABLES,
    AhpResult,
    ahp,
    default_ri_table,
    least_consistent_comparisons,
    pairwise_matrix_from_judgements,
    random_index,
)
from tests.reference import reference_case, round_half_away

case = reference_case


def parse_matrix(rows: list[list[str]]) -> list[list[float]]:
    # The JSON writes entries as "1/9" etc.; Fraction parses them exactly.
    return [[float(Fraction(entry)) for entry in row] for row in rows]


def consistent_matrix(weights: list[float]) -> list[list[float]]:
    return [[wi / wj for wj in weights] for wi in weights]


# Saaty's house example: eight criteria for buying a house (size, bus lines,
# neighbourhood, age, yard, modern facilities, general condition, financing).
# Saaty, T. L. (1990). How to make a decision: the analytic hierarchy process.
# European Journal of Operational Research, 48(1), 9-26, table 2 (also in
# Saaty 1980): lambda_max 9.669, CI 0.238, CR 0.169 with RI(8) = 1.41,
# priorities .173 .054 .188 .018 .031 .036 .167 .333.
HOUSE = [
    ["1", "5", "3", "7", "6", "6", "1/3", "1/4"],
    ["1/5", "1", "1/3", "5", "3", "3", "1/5", "1/7"],
    ["1/3", "3", "1", "6", "3", "4", "6", "1/5"],
    ["1/7", "1/5", "1/6", "1", "1/3", "1/4", "1/7", "1/8"],
    ["1/6", "1/3", "1/3", "3", "1", "1/2", "1/5", "1/6"],
    ["1/6", "1/3", "1/4", "4", "2", "1", "1/5", "1/6"],
    ["3", "5", "1/6", "7", "5", "5", "1", "1/2"],
    ["4", "7", "5", "8", "6", "6", "2", "1"],
]
HOUSE_PRIORITIES = [0.173, 0.054, 0.188, 0.018, 0.031, 0.036, 0.167, 0.333]


# --- RI tables -----------------------------------------------------------------


def test_ri_tables_match_cases_json() -> None:
    published = case("saaty_random_index_tables")["published_results"]
    for name, table in RI_TABLES.items():
        assert {str(n): ri for n, ri in table.items()} == published[name]
    # Every numeric table in the JSON is carried by the module.
    json_tables = {k for k, v in published.items() if isinstance(v, dict)}
    assert json_tables == set(RI_TABLES)
    assert DEFAULT_RI_TABLE in RI_TABLES


def test_default_table_is_saatys_classic_one() -> None:
    """Saaty (1980) as textbooks print it; the default for every n it reaches."""
    classic = {3: 0.58, 4: 0.90, 5: 1.12, 6: 1.24, 7: 1.32, 8: 1.41, 9: 1.45, 10: 1.49}
    assert DEFAULT_RI_TABLE == "saaty_1980"
    assert {n: random_index(n) for n in classic} == classic
    assert default_ri_table(10) == DEFAULT_RI_TABLE
    # Beyond ten items the classic table has no RI: Saaty (2005) reaches 15.
    assert default_ri_table(11) == "saaty_2005"


def test_random_index_is_zero_for_two_items_and_rejects_uncovered_n() -> None:
    assert random_index(2, "donegan_dodd_1991") == 0.0
    with pytest.raises(ValueError, match="covers"):
        random_index(11, "saaty_1980")
    with pytest.raises(ValueError, match="unknown RI table"):
        random_index(3, "nope")


# --- AHP -----------------------------------------------------------------------


def test_saaty_drinks_reproduces_published_priorities_and_cr() -> None:
    drinks = case("saaty_2008_drinks")
    published = drinks["published_results"]
    decimals = published["decimals"]
    # The case uses the Saaty 2005/2008 table (RI(7) = 1.35): that is our
    # "saaty_2005" table.
    assert "RI(7) = 1.35" in drinks["citation"]
    assert RI_TABLES["saaty_2005"][7] == 1.35

    result = ahp(parse_matrix(drinks["input"]["matrix"]), ri_table="saaty_2005")

    assert isinstance(result, AhpResult)
    assert result.ri_table == "saaty_2005"
    assert result.random_index == 1.35
    got = {
        name: round_half_away(p, decimals)
        for name, p in zip(drinks["input"]["elements"], result.priorities, strict=True)
    }
    assert got == published["priorities"]
    assert round_half_away(result.consistency_ratio, decimals) == published["consistency_ratio"]
    assert result.consistent
    # Internal coherence of the reported figures (the case publishes no
    # lambda_max or CI, so check them against their definitions).
    assert math.isclose(result.consistency_index, (result.lambda_max - 7) / 6, rel_tol=1e-12)
    assert math.isclose(result.consistency_ratio, result.consistency_index / 1.35, rel_tol=1e-12)
    assert math.isclose(sum(result.priorities), 1.0, abs_tol=1e-12)


def test_saaty_house_example_gives_the_textbook_cr_with_the_default_table() -> None:
    result = ahp(parse_matrix(HOUSE))
    assert result.ri_table == "saaty_1980"
    assert result.random_index == 1.41
    assert round(result.lambda_max, 3) == 9.669
    assert round(result.consistency_index, 3) == 0.238
    assert round(result.consistency_ratio, 3) == 0.169
    assert [round(p, 3) for p in result.priorities] == HOUSE_PRIORITIES
    assert not result.consistent


@pytest.mark.parametrize(
    ("table", "ri", "cr"), [("saaty_2005", 1.40, 0.170), ("donegan_dodd_1991", 1.3171, 0.181)]
)
def test_saaty_house_example_with_another_table_divides_by_its_ri(
    table: str, ri: float, cr: float
) -> None:
    result = ahp(parse_matrix(HOUSE), ri_table=table)
    assert result.ri_table == table
    assert result.random_index == ri
    assert round(result.consistency_ratio, 3) == cr
    # The table changes CR only, never the priorities.
    assert [round(p, 3) for p in result.priorities] == HOUSE_PRIORITIES


def test_consistent_matrix_gives_zero_cr_and_returns_its_weights() -> None:
    weights = [0.4, 0.3, 0.2, 0.1]
    result = ahp(consistent_matrix(weights))
    assert all(
        math.isclose(p, w, rel_tol=1e-9) for p, w in zip(result.priorities, weights, strict=True)
    )
    assert math.isclose(result.lambda_max, 4.0, rel_tol=1e-12)
    assert result.consistency_ratio == pytest.approx(0.0, abs=1e-12)
    assert result.consistency_ratio >= 0.0
    assert result.consistent
    assert result.ri_table == DEFAULT_RI_TABLE


def test_two_by_two_matrix_reports_cr_zero() -> None:
    result = ahp([[1, 3], [1 / 3, 1]])
    assert result.consistency_ratio == 0.0
    assert result.random_index == 0.0
    assert result.priorities == pytest.approx((0.75, 0.25))


def test_tampered_matrix_is_inconsistent_and_tampered_pair_listed_first() -> None:
    matrix = consistent_matrix([0.4, 0.3, 0.2, 0.1])
    # Item 0 should be 4x item 3; claim the reverse.
    matrix[0][3], matrix[3][0] = 1 / 4, 4.0
    result = ahp(matrix)
    assert result.consistency_ratio > CR_THRESHOLD
    assert not result.consistent

    worst = least_consistent_comparisons(matrix, result.priorities)
    assert len(worst) == 3
    i, j, given, implied = worst[0]
    assert (i, j) == (0, 3)
    assert given == 0.25
    assert math.isclose(implied, result.priorities[0] / result.priorities[3])

    def deviation(row: tuple[int, int, float, float]) -> float:
        return abs(math.log(row[2] / row[3]))

    assert [deviation(r) for r in worst] == sorted((deviation(r) for r in worst), reverse=True)
    assert all(r[0] < r[1] for r in worst)


def test_least_consistent_comparisons_respects_limit() -> None:
    matrix = consistent_matrix([0.5, 0.3, 0.2])
    priorities = ahp(matrix).priorities
    assert len(least_consistent_comparisons(matrix, priorities, limit=10)) == 3
    assert least_consistent_comparisons(matrix, priorities, limit=0) == []


def test_least_consistent_comparisons_rejects_mismatched_priorities() -> None:
    with pytest.raises(ValueError, match="priorities"):
        least_consistent_comparisons(consistent_matrix([0.5, 0.5]), [1.0])


@pytest.mark.parametrize(
    ("matrix", "message"),
    [
        ([[1, 2, 3], [0.5, 1, 2]], "square"),
        ([[1, 2], [0.5]], "square"),
        ([[1]], "at least 2x2"),
        ([], "at least 2x2"),
        ([[1, 2], [0.4, 1]], "reciprocal"),
        ([[1, 0], [0, 1]], "positive"),
        ([[1, -2], [-0.5, 1]], "positive"),
        ([[1, math.inf], [0.0, 1]], "positive"),
        ([[2, 1], [1, 0.5]], "diagonal"),
        ([[1, "x"], [1, 1]], "numbers"),
    ],
)
def test_invalid_matrix_raises_value_error(matrix: list[list[Any]], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        ahp(matrix)


def test_ahp_rejects_unknown_ri_table() -> None:
    with pytest.raises(ValueError, match="unknown RI table"):
        ahp([[1, 2], [0.5, 1]], ri_table="made_up")


def test_ahp_rejects_order_beyond_ri_table() -> None:
    with pytest.raises(ValueError, match="covers"):
        ahp(consistent_matrix([1.0] * 11), ri_table="saaty_1980")


# --- building matrices from judgements -----------------------------------------


def test_pairwise_matrix_from_judgements_fills_reciprocals() -> None:
    matrix = pairwise_matrix_from_judgements(
        ["a", "b", "c"], {("a", "b"): 3, ("a", "c"): 5, ("b", "c"): 2}
    )
    assert matrix == [
        [1.0, 3.0, 5.0],
        [1 / 3, 1.0, 2.0],
        [1 / 5, 1 / 2, 1.0],
    ]
    ahp(matrix)  # passes validation


def test_pairwise_matrix_from_judgements_reproduces_drinks_matrix() -> None:
    drinks = case("saaty_2008_drinks")
    codes = drinks["input"]["elements"]
    full = parse_matrix(drinks["input"]["matrix"])
    judgements = {
        (codes[i], codes[j]): full[i][j]
        for i in range(len(codes))
        for j in range(i + 1, len(codes))
    }
    rebuilt = pairwise_matrix_from_judgements(codes, judgements)
    assert all(
        math.isclose(x, y, rel_tol=1e-15)
        for row_a, row_b in zip(rebuilt, full, strict=True)
        for x, y in zip(row_a, row_b, strict=True)
    )


def test_pairwise_matrix_accepts_reversed_key_as_reciprocal() -> None:
    matrix = pairwise_matrix_from_judgements(["a", "b"], {("b", "a"): 4})
    assert matrix == [[1.0, 0.25], [4.0, 1.0]]


def test_pairwise_matrix_missing_pair_names_the_pair() -> None:
    with pytest.raises(ValueError, match=r"missing judgement for pair \('b', 'c'\)"):
        pairwise_matrix_from_judgements(["a", "b", "c"], {("a", "b"): 3, ("a", "c"): 5})


def test_pairwise_matrix_rejects_unknown_codes_duplicates_and_bad_values() -> None:
    with pytest.raises(ValueError, match="two different codes"):
        pairwise_matrix_from_judgements(["a", "b"], {("a", "b"): 2, ("a", "z"): 2})
    with pytest.raises(ValueError, match="judged twice"):
        pairwise_matrix_from_judgements(["a", "b"], {("a", "b"): 2, ("b", "a"): 0.5})
    with pytest.raises(ValueError, match="duplicate"):
        pairwise_matrix_from_judgements(["a", "a"], {})
    with pytest.raises(ValueError, match="positive"):
        pairwise_matrix_from_judgements(["a", "b"], {("a", "b"): 0})

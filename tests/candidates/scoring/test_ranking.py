"""The ranking arithmetic against numbers worked by hand (docs/scoring.md §1).

Weights a=50, b=30, c=20 points; scale 1-5; minimum coverage 0.80; minimum
two scorecards.
"""

import pytest

from candidates.scoring.ranking import (
    FLAG_DISAGREEMENT,
    FLAG_GATE_FAILED,
    REASON_COVERAGE,
    REASON_GATE_UNSCORED,
    REASON_SCORECARDS,
    ApplicationScores,
    DimensionStat,
    Flag,
    Reason,
    RubricRules,
    rank_applications,
    score_application,
)

WEIGHTS = {"a": 50, "b": 30, "c": 20}
RULES = RubricRules(scale_min=1, scale_max=5, min_coverage=0.8, min_scorecards=2)


def app(key, scores, scorecards=2, label=None, spread=0.0):
    stats = {code: DimensionStat(mean=mean, n=2, spread=spread) for code, mean in scores.items()}
    return ApplicationScores(
        key=key, label=label or str(key), scorecards=scorecards, dimensions=stats
    )


def test_full_coverage_is_the_plain_weighted_mean():
    row = score_application(app(1, {"a": 4, "b": 3, "c": 5}), weights=WEIGHTS, rules=RULES)
    # (50*4 + 30*3 + 20*5) / 100 = 3.9 ; (3.9 - 1) / 4 * 100 = 72.5
    assert row.score == pytest.approx(3.9)
    assert row.score_100 == pytest.approx(72.5)
    assert row.coverage == pytest.approx(1.0)
    assert row.bracket == pytest.approx((3.9, 3.9))
    assert row.eligible


def test_missing_dimension_renormalises_and_brackets():
    row = score_application(app(1, {"a": 5, "b": 3}), weights=WEIGHTS, rules=RULES)
    # (50*5 + 30*3) / 80 = 4.25 ; coverage 80/100
    assert row.score == pytest.approx(4.25)
    assert row.coverage == pytest.approx(0.8)
    # missing c at 1: (340 + 20) / 100 = 3.6 ; at 5: (340 + 100) / 100 = 4.4
    assert row.bracket == pytest.approx((3.6, 4.4))


def test_coverage_exactly_at_the_minimum_is_enough():
    row = score_application(app(1, {"a": 5, "b": 3}), weights=WEIGHTS, rules=RULES)
    assert row.eligible


def test_coverage_below_the_minimum_needs_more_evidence():
    row = score_application(app(1, {"a": 5, "c": 3}), weights=WEIGHTS, rules=RULES)
    assert row.coverage == pytest.approx(0.7)
    assert row.reasons == (Reason(REASON_COVERAGE),)


def test_too_few_scorecards_needs_more_evidence():
    row = score_application(
        app(1, {"a": 4, "b": 4, "c": 4}, scorecards=1), weights=WEIGHTS, rules=RULES
    )
    assert row.reasons == (Reason(REASON_SCORECARDS),)
    assert row.score == pytest.approx(4.0)


def test_nothing_scored_has_no_score_and_zero_coverage():
    row = score_application(app(1, {}, scorecards=0), weights=WEIGHTS, rules=RULES)
    assert row.score is None and row.score_100 is None
    assert row.coverage == 0
    assert row.bracket == (1, 5)
    assert set(row.reasons) == {Reason(REASON_COVERAGE), Reason(REASON_SCORECARDS)}


def test_failed_gate_is_a_flag_and_unscored_gate_a_reason():
    rules = RubricRules(1, 5, 0.8, 2, gates={"b": 3.5, "c": 2})
    failed = score_application(app(1, {"a": 4, "b": 3, "c": 5}), weights=WEIGHTS, rules=rules)
    assert Flag(FLAG_GATE_FAILED, "b") in failed.flags
    assert failed.eligible
    unscored = score_application(app(2, {"a": 4, "b": 4}), weights=WEIGHTS, rules=rules)
    assert unscored.reasons == (Reason(REASON_GATE_UNSCORED, "c"),)


def test_two_point_spread_is_flagged_as_disagreement():
    row = score_application(
        app(1, {"a": 3, "b": 3, "c": 3}, spread=2), weights=WEIGHTS, rules=RULES
    )
    assert {flag.kind for flag in row.flags} == {FLAG_DISAGREEMENT}


def test_tied_scores_share_rank_in_a_stable_order():
    applications = [
        app(4, {"a": 3, "b": 3, "c": 3}, label="Dan"),
        app(2, {"a": 4, "b": 4, "c": 4}, label="Bea"),
        app(1, {"a": 5, "b": 5, "c": 5}, label="Ann"),
        app(3, {"a": 4, "b": 4, "c": 4}, label="Al"),
    ]
    ranking = rank_applications(applications, weights=WEIGHTS, rules=RULES)
    assert [(row.label, row.rank) for row in ranking.ranked] == [
        ("Ann", 1),
        ("Al", 2),
        ("Bea", 2),
        ("Dan", 4),
    ]


def test_ties_survive_float_noise_from_different_dimensions():
    # 0.1*3 + 0.2*3 ... : same total reached through different sums.
    weights = {"a": 0.1, "b": 0.2, "c": 0.7}
    x = app(1, {"a": 3.3, "b": 2.2, "c": 1.1}, label="X")
    y = app(2, {"a": 3.3, "b": 2.2, "c": 1.1}, label="Y")
    ranking = rank_applications([y, x], weights=weights, rules=RULES)
    assert [row.rank for row in ranking.ranked] == [1, 1]


def test_ineligible_are_listed_apart_not_dropped():
    applications = [
        app(1, {"a": 5, "b": 5, "c": 5}, scorecards=1),
        app(2, {"a": 2, "b": 2, "c": 2}),
    ]
    ranking = rank_applications(applications, weights=WEIGHTS, rules=RULES)
    assert [row.key for row in ranking.ranked] == [2]
    assert [row.key for row in ranking.needs_more_evidence] == [1]
    assert ranking.needs_more_evidence[0].rank is None


def test_what_if_weights_change_the_order():
    applications = [app(1, {"a": 5, "b": 1, "c": 1}), app(2, {"a": 1, "b": 4, "c": 4})]
    saved = rank_applications(applications, weights=WEIGHTS, rules=RULES)
    # saved: 1 -> (250 + 30 + 20) / 100 = 3.0 ; 2 -> (50 + 120 + 80) / 100 = 2.5
    assert [row.key for row in saved.ranked] == [1, 2]
    what_if = rank_applications(applications, weights={"a": 10, "b": 45, "c": 45}, rules=RULES)
    # what-if: 1 -> (50 + 45 + 45) / 100 = 1.4 ; 2 -> (10 + 180 + 180) / 100 = 3.7
    assert [row.key for row in what_if.ranked] == [2, 1]

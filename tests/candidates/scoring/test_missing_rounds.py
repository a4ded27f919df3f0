"""Plan rounds beside the "needs more evidence" reasons, and an interviewer's conduct: pure."""

from candidates.scoring.calibration import Conduct
from candidates.scoring.ranking import (
    REASON_ROUND_UNSCORED,
    REASON_SCORECARDS,
    ApplicationScores,
    DimensionStat,
    Reason,
    RubricRules,
    rank_applications,
    with_missing_rounds,
)

RULES = RubricRules(scale_min=1, scale_max=5, min_coverage=0.8, min_scorecards=2)
WEIGHTS = {"a": 1.0}
PLAN = [(10, "Written test"), (20, "Final interview")]


def ranking():
    return rank_applications(
        [
            ApplicationScores(1, "Ranked", 2, {"a": DimensionStat(4.0, 2)}),
            ApplicationScores(2, "Pending", 1, {"a": DimensionStat(3.0, 1)}),
        ],
        weights=WEIGHTS,
        rules=RULES,
    )


def test_missing_rounds_follow_the_other_reasons_in_plan_order():
    result = with_missing_rounds(ranking(), plan=PLAN, scored={1: {10}, 2: set()})
    (pending,) = result.needs_more_evidence
    assert pending.reasons == (
        Reason(REASON_SCORECARDS),
        Reason(REASON_ROUND_UNSCORED, round="Written test"),
        Reason(REASON_ROUND_UNSCORED, round="Final interview"),
    )
    (ranked,) = result.ranked
    assert ranked.eligible and ranked.rank == 1


def test_scored_rounds_and_no_plan_add_nothing():
    scored = with_missing_rounds(ranking(), plan=PLAN, scored={2: {10, 20}})
    assert scored.needs_more_evidence[0].reasons == (Reason(REASON_SCORECARDS),)
    unplanned = ranking()
    assert with_missing_rounds(unplanned, plan=[], scored={}) is unplanned


def test_adherence_is_scored_focus_over_asked_focus():
    assert Conduct(focus_asked=6, focus_scored=5).adherence == 5 / 6
    assert Conduct(no_decision=2).adherence is None

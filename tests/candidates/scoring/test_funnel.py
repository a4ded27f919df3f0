"""The funnel's arithmetic on numbers worked by hand (no database)."""

from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest

from candidates.scoring.funnel import (
    SECONDS_PER_DAY,
    Change,
    History,
    closed_stays,
    drop_off,
    highest_reached,
    median,
    pass_through,
    percentile,
    reached_counts,
    seconds_to_decision,
    stage_figures,
    summarise,
    weekly_load,
)

PIPELINE = ("applied", "screening", "interviewing", "shortlisted", "offer", "hired")
EXITS = ("rejected", "withdrawn", "on_hold")
START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def day(n: float) -> datetime:
    return START + timedelta(days=n)


def move(from_stage: str, to_stage: str, at: float, decision: bool = False) -> Change:
    return Change(from_stage, to_stage, decision, day(at))


def test_median_of_an_even_count_is_the_mean_of_the_middle_two():
    assert median([4, 1, 3, 2]) == 2.5


def test_ninetieth_percentile_interpolates_between_ranks():
    # Ranks 0..9; the 90th percentile sits at rank 8.1: 9 + 0.1 * (10 - 9).
    assert percentile(range(1, 11), 90) == pytest.approx(9.1)
    # Two values 0 and 10: rank 0.9, so 9.
    assert percentile([10, 0], 90) == pytest.approx(9.0)


def test_no_values_give_no_median_and_no_percentile():
    assert median([]) is None
    assert percentile([], 90) is None
    assert summarise([]).n == 0 and summarise([]).median is None and summarise([]).p90 is None


def test_summary_scales_to_days():
    summary = summarise([SECONDS_PER_DAY, 3 * SECONDS_PER_DAY]).scaled(SECONDS_PER_DAY)
    assert (summary.n, summary.median) == (2, 2.0)
    assert summary.p90 == pytest.approx(2.8)  # 1 + 0.9 * (3 - 1)


def test_pass_through_is_next_over_this_and_none_where_nobody_arrived():
    assert pass_through([10, 8, 4, 0, 0]) == [0.8, 0.5, 0.0, None, None]


def test_an_application_created_at_a_later_stage_reached_the_ones_before():
    created_interviewing = History(START, "interviewing", [move("applied", "interviewing", 0)])
    assert highest_reached(created_interviewing, PIPELINE) == 2
    rejected_at_once = History(START, "rejected")
    assert highest_reached(rejected_at_once, PIPELINE) == 0


def test_reached_counts_cumulate_from_the_furthest_stage():
    histories = [
        History(START, "applied"),
        History(START, "screening", [move("applied", "screening", 1)]),
        History(
            START,
            "rejected",
            [move("applied", "shortlisted", 1), move("shortlisted", "rejected", 2)],
        ),
        History(START, "hired", [move("offer", "hired", 3)]),
    ]
    # Furthest: applied, screening, shortlisted, hired.
    assert reached_counts(histories, PIPELINE) == [4, 3, 2, 2, 1, 1]


def test_stays_end_at_each_move_and_the_current_one_stays_open():
    history = History(
        START,
        "shortlisted",
        [
            move("applied", "screening", 2),
            move("screening", "screening", 3, decision=True),  # a decision, no move
            move("screening", "interviewing", 5),
            move("interviewing", "shortlisted", 5.5),
        ],
    )
    assert closed_stays(history) == [
        ("applied", 2 * SECONDS_PER_DAY),
        ("screening", 3 * SECONDS_PER_DAY),
        ("interviewing", 0.5 * SECONDS_PER_DAY),
    ]


def test_a_stay_whose_start_was_not_recorded_is_left_out():
    history = History(START, "rejected", [move("", "offer", 4), move("offer", "rejected", 6)])
    assert closed_stays(history) == [("offer", 2 * SECONDS_PER_DAY)]


def test_a_move_stamped_before_the_creation_counts_as_zero():
    history = History(day(1), "screening", [move("applied", "screening", 0)])
    assert closed_stays(history) == [("applied", 0.0)]


def test_time_to_decision_is_to_the_first_decision():
    history = History(
        START,
        "offer",
        [
            move("applied", "interviewing", 1),
            move("interviewing", "shortlisted", 3, True),
            move("shortlisted", "offer", 7, True),
        ],
    )
    assert seconds_to_decision(history) == 3 * SECONDS_PER_DAY
    assert (
        seconds_to_decision(History(START, "screening", [move("applied", "screening", 1)])) is None
    )


def test_drop_off_counts_under_the_last_pipeline_stage_before_leaving():
    histories = [
        History(
            START,
            "rejected",
            [move("applied", "interviewing", 1), move("interviewing", "rejected", 2)],
        ),
        # On hold, then withdrawn: it left from screening.
        History(
            START,
            "withdrawn",
            [
                move("applied", "screening", 1),
                move("screening", "on_hold", 2),
                move("on_hold", "withdrawn", 3),
            ],
        ),
        History(START, "on_hold", [move("applied", "on_hold", 1)]),
        History(START, "rejected"),  # created rejected: left from applied
        # Back from hold: not a drop-off.
        History(
            START, "screening", [move("applied", "on_hold", 1), move("on_hold", "screening", 2)]
        ),
    ]
    found = drop_off(histories, PIPELINE, EXITS)
    assert found["applied"] == Counter({"on_hold": 1, "rejected": 1})
    assert found["screening"] == Counter({"withdrawn": 1})
    assert found["interviewing"] == Counter({"rejected": 1})
    assert sum(sum(counter.values()) for counter in found.values()) == 4


def test_weekly_load_averages_over_the_weeks_with_interviews_only():
    load = weekly_load([(2026, 10), (2026, 10), (2026, 10), (2026, 12)])
    assert (load.interviews, load.weeks, load.busiest_week) == (4, 2, 3)
    assert load.per_week == 2.0
    nobody = weekly_load([])
    assert nobody.per_week is None and nobody.busiest_week == 0


def test_stage_figures_of_no_applications_divide_by_nothing():
    figures = stage_figures([], PIPELINE, EXITS)
    assert [line.reached for line in figures] == [0] * 6
    assert all(line.pass_through is None and line.share_of_applications is None for line in figures)
    assert all(line.days_in_stage.median is None for line in figures)


def test_stage_figures_put_the_pieces_together():
    histories = [
        History(START, "interviewing", [move("applied", "interviewing", 2)]),
        History(
            START, "rejected", [move("applied", "screening", 4), move("screening", "rejected", 5)]
        ),
    ]
    applied, screening, interviewing, *_rest = stage_figures(histories, PIPELINE, EXITS)
    assert (applied.reached, applied.pass_through, applied.share_of_applications) == (2, 1.0, 1.0)
    assert applied.days_in_stage.median == 3.0  # stays of 2 and 4 days
    assert (screening.reached, screening.pass_through) == (2, 0.5)
    assert screening.left == {"rejected": 1, "withdrawn": 0, "on_hold": 0}
    assert (interviewing.reached, interviewing.still_there, interviewing.days_in_stage.n) == (
        1,
        1,
        0,
    )

"""The funnel read from a hand-built history (tests/candidates/funnel_helpers.py), every
figure checked against the numbers worked out there, and its query count."""

from datetime import date

import pytest

from candidates.models import Stage, StageChange
from candidates.selectors.funnel import funnel_table, opening_funnel, overall_funnel
from hiring import roles
from tests.candidates.funnel_helpers import at, build_history, interview
from tests.factories import ApplicationFactory, InterviewerFactory, OpeningFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def opening(manager):
    made = OpeningFactory(title="Key accounts", hiring_managers=[manager])
    build_history(made)
    return made


def by_stage(report) -> dict:
    return {line.figures.stage: line for line in report.stages}


def test_reached_and_pass_through_follow_the_history(opening):
    report = opening_funnel(opening, since=None, until=None)
    assert report.applications == 4
    # A went to hired, B to interviewing, C to screening, D stayed applied.
    assert [line.figures.reached for line in report.stages] == [4, 3, 2, 1, 1, 1]
    rates = [line.figures.pass_through for line in report.stages]
    assert rates[:5] == [pytest.approx(0.75), pytest.approx(2 / 3), 0.5, 1.0, 1.0]
    assert rates[5] is None
    assert by_stage(report)[Stage.SCREENING].pass_through_percent == 66.7


def test_time_in_stage_counts_closed_stays_only(opening):
    stages = by_stage(opening_funnel(opening, since=None, until=None))
    applied = stages[Stage.APPLIED].figures
    # A 1 day, B 2 days, C 1 day; D is still there.
    assert (applied.days_in_stage.n, applied.days_in_stage.median, applied.still_there) == (
        3,
        1.0,
        1,
    )
    assert stages[Stage.SCREENING].figures.days_in_stage.median == 2.5  # A 2, C 3
    assert stages[Stage.INTERVIEWING].figures.days_in_stage.median == 2.5  # A 3, B 2
    assert stages[Stage.SHORTLISTED].figures.days_in_stage.median == 2.0
    hired = stages[Stage.HIRED].figures
    assert (hired.days_in_stage.n, hired.days_in_stage.median, hired.still_there) == (0, None, 1)


def test_time_to_decision_runs_to_the_first_decision(opening):
    report = opening_funnel(opening, since=None, until=None)
    # A decided after 6 days (shortlisted), B after 4; C and D undecided.
    assert report.decision_days.n == 2 and report.undecided == 2
    assert report.decision_days.median == 5.0
    assert report.decision_days.p90 == pytest.approx(5.8)  # 4 + 0.9 * (6 - 4)


def test_drop_off_is_counted_where_each_application_left(opening):
    stages = by_stage(opening_funnel(opening, since=None, until=None))
    assert stages[Stage.INTERVIEWING].figures.left[Stage.REJECTED] == 1
    assert stages[Stage.SCREENING].figures.left[Stage.WITHDRAWN] == 1
    assert sum(line.left_total for line in stages.values()) == 2


def test_turnaround_and_load_per_interviewer(opening):
    report = opening_funnel(opening, since=None, until=None)
    ann, bob = report.interviewers
    assert (ann.name, bob.name) == ("Ann", "Bob")
    assert (ann.turnaround_hours.n, ann.turnaround_hours.median) == (2, 15.0)
    assert ann.turnaround_hours.p90 == pytest.approx(23.0)  # 5 + 0.9 * (25 - 5)
    # Ann: two interviews in week 10, one in week 11; the cancelled one does not count.
    assert (ann.load.interviews, ann.load.weeks, ann.load.busiest_week) == (3, 2, 2)
    assert ann.load.per_week == 1.5
    assert (bob.load.interviews, bob.load.per_week, bob.turnaround_hours.median) == (1, 1.0, 2.0)
    every = report.turnaround_hours
    assert (every.n, every.median) == (3, 5.0)
    assert every.p90 == pytest.approx(21.0)  # sorted 2, 5, 25: 5 + 0.8 * 20


def test_the_period_keeps_applications_created_in_it(opening):
    report = opening_funnel(opening, since=date(2026, 3, 3), until=date(2026, 3, 4))
    # C (3 March) and D (4 March); A and B were created on 2 March.
    assert report.applications == 2
    assert [line.figures.reached for line in report.stages][:2] == [2, 1]
    assert report.interviewers == []
    assert opening_funnel(opening, since=date(2026, 3, 5), until=None).applications == 0


def test_an_opening_with_no_applications_has_empty_figures():
    report = opening_funnel(OpeningFactory(), since=None, until=None)
    assert report.applications == 0
    assert all(line.figures.pass_through is None for line in report.stages)
    assert report.decision_days.median is None and report.turnaround_hours.n == 0
    assert not report.has_stays and not report.has_drop_off
    headers, rows = funnel_table(report)
    assert len(headers) == 4 and all(len(row) == 4 for row in rows)


def test_overall_funnel_pools_only_the_managers_openings(opening, manager):
    elsewhere = OpeningFactory(title="Elsewhere")
    ApplicationFactory(opening=elsewhere)
    report = overall_funnel(manager, since=None, until=None)
    assert report.applications == 4
    assert [
        (line.title, line.applications, line.interviewing, line.hired) for line in report.openings
    ] == [("Key accounts", 4, 2, 1)]


def test_overall_funnel_for_hr_covers_every_opening(opening, hr):
    ApplicationFactory(opening=OpeningFactory(title="Elsewhere"))
    report = overall_funnel(hr, since=None, until=None)
    assert report.applications == 5
    assert [line.title for line in report.openings] == ["Elsewhere", "Key accounts"]


def grow(opening, n: int) -> None:
    """`n` more applications, each with two moves, an interview and a submitted card."""
    interviewer = InterviewerFactory()
    for i in range(n):
        made = ApplicationFactory(opening=opening, stage=Stage.INTERVIEWING)
        StageChange.objects.create(
            application=made, from_stage="applied", to_stage="screening", at=at(i)
        )
        StageChange.objects.create(
            application=made, from_stage="screening", to_stage="interviewing", at=at(i + 1)
        )
        interview(made, interviewer, i + 1, card_after=3)


@pytest.mark.parametrize("extra", [1, 25])
def test_queries_stay_the_same_whatever_the_number_of_applications(
    opening, manager, extra, django_assert_num_queries
):
    grow(opening, extra)
    with django_assert_num_queries(3):
        report = opening_funnel(opening, since=None, until=None)
    assert report.applications == 4 + extra
    roles.user_roles(manager)  # cached on the user: the page's role check has asked already
    with django_assert_num_queries(4):
        overall_funnel(manager, since=date(2026, 1, 1), until=None)

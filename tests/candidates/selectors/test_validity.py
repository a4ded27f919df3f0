"""The validity report from the database: which scores and which records it pairs."""

import datetime

import numpy as np
import pytest
from scipy import stats

from candidates.models import PerformanceRecord, Stage
from candidates.selectors.validity import validity_report
from tests.factories import (
    DEFAULT_CODES,
    ApplicationFactory,
    InterviewerFactory,
    InterviewFactory,
    OpeningFactory,
    submitted_scorecard,
)

pytestmark = pytest.mark.django_db


def hire(opening, *, scores: list[dict], overall: int | None, stage=Stage.HIRED, **record):
    """An application on `opening` with one submitted scorecard per entry of `scores`
    and, when `overall` is given, a 6-month record."""
    application = ApplicationFactory(opening=opening, stage=stage)
    for values in scores:
        interview = InterviewFactory(application=application, interviewer=InterviewerFactory())
        submitted_scorecard(interview, values)
    if overall is not None or record:
        PerformanceRecord.objects.create(
            candidate=application.candidate,
            measured_on=record.pop("measured_on", datetime.date(2026, 6, 1)),
            period_months=record.pop("period_months", 6),
            overall=overall,
            **record,
        )
    return application


def planted(opening, n: int, seed: int = 1) -> tuple[np.ndarray, np.ndarray]:
    """`n` hires whose overall rating follows their communication score; returns the
    per-candidate communication means and the ratings."""
    rng = np.random.default_rng(seed)
    means, ratings = [], []
    for _ in range(n):
        first, second = rng.integers(1, 6, size=2)
        rating = int(np.clip(round((first + second) / 2 + rng.normal(0, 0.7)), 1, 5))
        hire(
            opening,
            scores=[
                {"communication": int(first), "experience": int(rng.integers(1, 6))},
                {"communication": int(second), "experience": int(rng.integers(1, 6))},
            ],
            overall=rating,
        )
        means.append((first + second) / 2)
        ratings.append(rating)
    return np.array(means, dtype=float), np.array(ratings, dtype=float)


def test_each_dimension_correlates_the_candidates_means_with_their_rating(default_rubric):
    opening = OpeningFactory()
    means, ratings = planted(opening, 14)
    report = validity_report(rubric=default_rubric, outcome="overall")
    line = next(d for d in report.dimensions if d.code == "communication")
    assert report.n == 14
    assert line.correlation.n == 14
    assert line.correlation.r == pytest.approx(stats.pearsonr(means, ratings).statistic)
    interval = stats.pearsonr(means, ratings).confidence_interval(0.95)
    assert (line.correlation.low, line.correlation.high) == pytest.approx(
        (interval.low, interval.high), abs=1e-9
    )
    # Dimensions nobody scored have no pairs, hence no r.
    assert next(d for d in report.dimensions if d.code == "ethics").correlation.r is None


def test_below_ten_hires_there_is_no_number(default_rubric):
    planted(OpeningFactory(), 9)
    report = validity_report(rubric=default_rubric)
    assert report.n == 9
    assert not report.enough
    assert report.weighted.r is None and report.weighted.low is None
    assert all(line.correlation.r is None for line in report.dimensions)
    assert report.proposal is None


def test_a_candidate_without_interview_scores_is_left_out(default_rubric):
    opening = OpeningFactory()
    planted(opening, 10)
    hire(opening, scores=[], overall=5)
    assert validity_report(rubric=default_rubric).n == 10


def test_the_latest_record_measuring_the_outcome_is_used(default_rubric):
    opening = OpeningFactory()
    means, ratings = planted(opening, 12)
    # A later 12-month record for every candidate, measuring sales only: the rating
    # still comes from the 6-month record, while sales come from the later one.
    for record in list(PerformanceRecord.objects.all()):
        PerformanceRecord.objects.create(
            candidate=record.candidate,
            measured_on=datetime.date(2026, 12, 1),
            period_months=12,
            sales_attainment=50 + 10 * record.overall,
        )
    overall = validity_report(rubric=default_rubric, outcome="overall")
    sales = validity_report(rubric=default_rubric, outcome="sales_attainment")
    assert overall.n == sales.n == 12
    # Sales are a linear function of the rating, so both correlate alike.
    assert sales.weighted.r == pytest.approx(overall.weighted.r)


def test_an_opening_report_uses_that_opening_only(default_rubric):
    first, second = OpeningFactory(), OpeningFactory()
    planted(first, 10, seed=1)
    planted(second, 11, seed=2)
    assert validity_report(rubric=default_rubric, opening=first).n == 10
    assert validity_report(rubric=default_rubric, opening=second).n == 11
    assert validity_report(rubric=default_rubric).n == 21


def test_the_hired_application_predicts_when_a_candidate_applied_twice(default_rubric):
    hired = OpeningFactory()
    planted(hired, 10)
    candidate = PerformanceRecord.objects.first().candidate
    # The same candidate also applied to another opening of the rubric, later, with
    # other scores, and was rejected there: the hired application's scores count.
    other = ApplicationFactory(candidate=candidate, opening=OpeningFactory(), stage=Stage.REJECTED)
    interview = InterviewFactory(application=other, interviewer=InterviewerFactory())
    submitted_scorecard(interview, {code: 1 for code in DEFAULT_CODES})
    before = validity_report(rubric=default_rubric, opening=hired).weighted.r
    assert validity_report(rubric=default_rubric).weighted.r == pytest.approx(before)


def test_the_proposal_favours_the_predictive_dimension(default_rubric):
    planted(OpeningFactory(), 40)
    report = validity_report(rubric=default_rubric)
    points = {line.code: line.points for line in report.dimensions}
    assert report.proposal is not None
    assert max(points, key=points.get) == "communication"
    assert sum(points.values()) == pytest.approx(100)


def test_the_halo_check_flags_two_dimensions_scored_as_one(default_rubric):
    opening = OpeningFactory()
    rng = np.random.default_rng(3)
    for _ in range(15):
        value = int(rng.integers(1, 6))
        hire(
            opening,
            scores=[{"communication": value, "culture_fit": value, "crm": int(rng.integers(1, 6))}],
            overall=None,
        )
    pairs = validity_report(rubric=default_rubric).halo
    assert [{p.first, p.second} for p in pairs] == [{"Culture fit", "Communication"}]
    assert pairs[0].r == pytest.approx(1.0)


def test_range_restriction_is_corrected_upwards(default_rubric):
    opening = OpeningFactory()
    planted(opening, 12)
    # Applicants who were not hired spread the scores far wider than the hires.
    for value in (1, 1, 5, 5, 1, 5):
        hire(opening, scores=[{"communication": value}] * 2, overall=None, stage=Stage.REJECTED)
    report = validity_report(rubric=default_rubric)
    assert report.spread_ratio > 1
    assert abs(report.corrected) > abs(report.weighted.r)


def test_the_query_count_does_not_grow_with_the_hires(default_rubric, django_assert_num_queries):
    opening = OpeningFactory()
    planted(opening, 3)
    with django_assert_num_queries(5) as small:
        validity_report(rubric=default_rubric)
    planted(opening, 30, seed=5)
    with django_assert_num_queries(len(small.captured_queries)):
        validity_report(rubric=default_rubric)

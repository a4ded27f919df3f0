"""The pure parts of the load test: phases, percentiles, recovery, the loss check."""

import math

import pytest
from django.test import Client
from django.urls import reverse

from candidates.devtools.benchmark import build_opening
from candidates.models import Interview
from loadtest.report import (
    AFTER,
    BEFORE,
    DURING,
    Sample,
    Window,
    format_summary,
    lost_scorecards,
    percentile,
    phase,
    recovery_seconds,
    summarise,
    unacknowledged_scorecards,
)
from loadtest.workload import CSRF_INPUT, SCORE_INPUT, VERSION_INPUT
from tests.factories import InterviewFactory

WINDOW = Window(start=10.0, end=12.0)


def sample(started: float, ended: float, status: int = 200, kind: str = "entry") -> Sample:
    return Sample(kind=kind, started=started, ended=ended, status=status)


@pytest.mark.parametrize(
    ("started", "ended", "expected"),
    [
        (1.0, 9.9, BEFORE),
        (9.5, 10.5, DURING),  # in flight when the restart began
        (10.5, 11.0, DURING),
        (11.9, 12.5, DURING),  # started before the database was back
        (12.1, 12.4, AFTER),
    ],
)
def test_a_request_belongs_to_the_phase_it_overlaps(started, ended, expected):
    assert phase(sample(started, ended), WINDOW) == expected


def test_without_a_restart_everything_is_before():
    assert phase(sample(50.0, 51.0), None) == BEFORE


def test_nearest_rank_percentiles():
    values = [float(v) for v in range(1, 101)]
    assert percentile(values, 50) == 50.0
    assert percentile(values, 95) == 95.0
    assert percentile([7.0], 95) == 7.0
    assert percentile([3.0, 1.0, 2.0], 50) == 2.0
    assert math.isnan(percentile([], 50))


def test_no_response_and_5xx_are_failures_but_4xx_and_redirects_are_not():
    assert sample(0, 1, status=0).failed
    assert sample(0, 1, status=500).failed
    assert sample(0, 1, status=503).failed
    assert not sample(0, 1, status=302).failed
    assert not sample(0, 1, status=409).failed


def test_recovery_runs_from_the_restart_to_the_first_success_after_the_last_failure():
    samples = [
        sample(10.2, 10.3, status=500),
        sample(11.0, 13.5, status=0),
        sample(12.0, 12.2),  # a success between failures does not end the outage
        sample(13.6, 13.9),
        sample(14.0, 14.1),
        sample(2.0, 3.0, status=500),  # an earlier failure is not the restart's
    ]
    assert recovery_seconds(samples, WINDOW) == pytest.approx(3.9)
    assert recovery_seconds([sample(10.2, 10.3)], WINDOW) == 0.0
    assert recovery_seconds(samples, None) == 0.0
    never_back = [sample(10.2, 10.3, status=500), sample(11.0, 11.1, status=0)]
    assert recovery_seconds(never_back, WINDOW) == math.inf


def test_an_acknowledged_scorecard_missing_or_different_is_lost():
    acknowledged = {1: {"crm": 3}, 2: {"crm": 4}, 3: {"crm": None}}
    stored = {1: {"crm": 3}, 2: {"crm": 5}, 4: {"crm": 1}}
    assert lost_scorecards(acknowledged, stored) == [2, 3]
    assert lost_scorecards(acknowledged, {**stored, 2: {"crm": 4}, 3: {"crm": None}}) == []


def test_a_stored_scorecard_without_acknowledgement_is_counted_not_lost():
    acknowledged = {1: {"crm": 3}}
    stored = {1: {"crm": 3}, 4: {"crm": 1}}
    assert unacknowledged_scorecards(acknowledged, stored) == [4]
    summary = summarise([], None, acknowledged=acknowledged, stored=stored)
    assert summary.goals_met
    assert "1 acknowledged, 0 lost; 1 stored without an acknowledgement" in format_summary(
        summary, seconds=60
    )


def test_goals_are_met_only_without_failures_outside_the_window_and_without_loss():
    clean = [sample(1, 2), sample(10.5, 11, status=500), sample(13, 13.2)]
    summary = summarise(clean, WINDOW, acknowledged={1: {"crm": 2}}, stored={1: {"crm": 2}})
    assert summary.goals_met
    assert summary.errors == {BEFORE: 0, DURING: 1, AFTER: 0}
    assert summary.requests_by_phase == {BEFORE: 1, DURING: 1, AFTER: 1}
    assert summary.recovery_s == pytest.approx(3.2)

    failure_after = [*clean, sample(20, 20.1, status=502)]
    assert not summarise(failure_after, WINDOW, acknowledged={}, stored={}).goals_met
    slow = [sample(1, 2), sample(10.5, 15.5, status=0)]
    assert not summarise(slow, WINDOW, acknowledged={}, stored={}).goals_met
    lost = summarise(clean, WINDOW, acknowledged={1: {"crm": 2}}, stored={})
    assert not lost.goals_met
    assert "1 acknowledged, 1 lost (interviews [1])" in format_summary(lost, seconds=60)


def test_latency_counts_successful_requests_only():
    samples = [sample(0, 0.1), sample(0, 0.3, kind="submit"), sample(0, 9, status=500)]
    summary = summarise(samples, None, acknowledged={}, stored={})
    assert summary.p95_ms == pytest.approx(300)
    assert summary.latency_by_kind["entry"] == pytest.approx((100, 100))


def test_the_client_finds_the_form_fields_it_needs():
    page = (
        '<input type="hidden" name="csrfmiddlewaretoken" value="abc123">'
        '<input type="hidden" name="version" value="0" id="id_version">'
        '<input type="radio" class="form-check-input" name="score_crm" value="1" id="x">'
        '<input type="radio" class="form-check-input" name="score_crm" value="na" id="y">'
    )
    assert CSRF_INPUT.search(page)[1] == "abc123"
    assert VERSION_INPUT.search(page)[1] == "0"
    assert SCORE_INPUT.findall(page) == [("crm", "1")]


@pytest.mark.django_db
def test_the_client_understands_the_real_scorecard_page(hr, default_rubric):
    client = Client()
    client.force_login(hr)
    page = client.get(reverse("candidates:scorecard-entry", args=[InterviewFactory().pk]))
    html = page.content.decode()
    codes = {code for code, _level in SCORE_INPUT.findall(html)}
    assert codes == set(default_rubric.dimensions.values_list("code", flat=True))
    assert CSRF_INPUT.search(html)
    assert VERSION_INPUT.search(html)[1] == "0"


@pytest.mark.django_db
def test_the_load_opening_has_interviews_waiting_for_hr(default_rubric):
    opening = build_opening("Load", applications=3, scorecards=2, awaiting=4)
    interviews = Interview.objects.filter(application__opening=opening)
    assert interviews.filter(scorecard__isnull=False).count() == 3 * 2
    assert interviews.filter(scorecard__isnull=True).count() == 3 * 4

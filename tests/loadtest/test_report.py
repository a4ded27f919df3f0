"""The pure parts of the load test: phases, percentiles, recovery, the loss check."""

import math

import pytest
from django.test import Client
from django.urls import reverse

from candidates.devtools.benchmark import build_opening
from candidates.models import Interview
from loadtest.report import (
    OUTSIDE,
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

POSTGRES = Window(name="PostgreSQL", start=10.0, end=12.0)
REDIS = Window(name="Redis", start=30.0, end=30.5)
WINDOWS = [POSTGRES, REDIS]


def sample(started: float, ended: float, status: int = 200, kind: str = "entry") -> Sample:
    return Sample(kind=kind, started=started, ended=ended, status=status)


def shortlist(started: float, ms: float, status: int = 200) -> Sample:
    return sample(started, started + ms / 1000, status=status, kind="shortlist")


@pytest.mark.parametrize(
    ("started", "ended", "expected"),
    [
        (1.0, 9.9, OUTSIDE),
        (9.5, 10.5, "PostgreSQL"),  # in flight when the restart began
        (10.5, 11.0, "PostgreSQL"),
        (11.9, 12.5, "PostgreSQL"),  # started before the database was back
        (12.1, 12.4, OUTSIDE),  # between the two restarts
        (29.0, 31.0, "Redis"),
        (30.6, 31.0, OUTSIDE),
    ],
)
def test_a_request_belongs_to_the_restart_it_overlaps(started, ended, expected):
    assert phase(sample(started, ended), WINDOWS) == expected


def test_without_a_restart_everything_is_outside():
    assert phase(sample(50.0, 51.0), []) == OUTSIDE


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
    assert recovery_seconds(samples, POSTGRES) == pytest.approx(3.9)
    assert recovery_seconds([sample(10.2, 10.3)], POSTGRES) == 0.0
    never_back = [sample(10.2, 10.3, status=500), sample(11.0, 11.1, status=0)]
    assert recovery_seconds(never_back, POSTGRES) == math.inf


def test_each_restart_answers_only_for_the_failures_before_the_next_one():
    samples = [
        sample(10.2, 10.3, status=500),
        sample(11.0, 11.5),  # PostgreSQL's outage ends here: 1.5 s
        sample(30.1, 30.2, status=0),
        sample(31.0, 33.0),  # Redis's ends here: 3 s
    ]
    assert recovery_seconds(samples, POSTGRES, until=REDIS.start) == pytest.approx(1.5)
    assert recovery_seconds(samples, REDIS) == pytest.approx(3.0)
    summary = summarise(samples, [REDIS, POSTGRES], acknowledged={}, stored={})
    assert [(r.name, r.at, r.recovery_s) for r in summary.restarts] == [
        ("PostgreSQL", 10.0, pytest.approx(1.5)),
        ("Redis", 30.0, pytest.approx(3.0)),
    ]
    assert summary.errors == {OUTSIDE: 0, "PostgreSQL": 1, "Redis": 1}


def test_an_acknowledged_scorecard_missing_or_different_is_lost():
    acknowledged = {1: {"crm": 3}, 2: {"crm": 4}, 3: {"crm": None}}
    stored = {1: {"crm": 3}, 2: {"crm": 5}, 4: {"crm": 1}}
    assert lost_scorecards(acknowledged, stored) == [2, 3]
    assert lost_scorecards(acknowledged, {**stored, 2: {"crm": 4}, 3: {"crm": None}}) == []


def test_a_stored_scorecard_without_acknowledgement_is_counted_not_lost():
    acknowledged = {1: {"crm": 3}}
    stored = {1: {"crm": 3}, 4: {"crm": 1}}
    assert unacknowledged_scorecards(acknowledged, stored) == [4]
    summary = summarise([shortlist(1, 100)], [], acknowledged=acknowledged, stored=stored)
    assert summary.goals_met
    assert "1 acknowledged, 0 lost; 1 stored without an acknowledgement" in format_summary(
        summary, seconds=60
    )


def test_the_shortlist_p95_leaves_out_the_restart_windows_and_failures():
    samples = [
        *(shortlist(1 + k / 100, 100 + k) for k in range(20)),  # 100..119 ms
        shortlist(9.9, 3000),  # overlaps the PostgreSQL restart
        shortlist(30.2, 2000),  # inside the Redis restart
        shortlist(40, 9000, status=0),  # failed: counted as an error, not a latency
        sample(50, 59, kind="entry"),  # another page
    ]
    summary = summarise(samples, WINDOWS, acknowledged={}, stored={})
    assert summary.shortlist_outside == 20
    assert summary.shortlist_p95_ms == pytest.approx(118)
    assert "shortlist:       p95 118 ms outside the restarts (20 successful; goal 500 ms)" in (
        format_summary(summary, seconds=60)
    )


def test_goals_are_met_only_without_failures_outside_slow_recovery_slow_shortlist_or_loss():
    clean = [
        shortlist(1, 200),
        sample(10.5, 11, status=500),
        shortlist(13, 200),
        sample(30.1, 30.2, status=502),
        shortlist(31, 300),
    ]
    summary = summarise(clean, WINDOWS, acknowledged={1: {"crm": 2}}, stored={1: {"crm": 2}})
    assert summary.goals_met
    assert summary.errors == {OUTSIDE: 0, "PostgreSQL": 1, "Redis": 1}
    assert summary.requests_by_phase == {OUTSIDE: 3, "PostgreSQL": 1, "Redis": 1}
    assert [r.recovery_s for r in summary.restarts] == [pytest.approx(3.2), pytest.approx(1.3)]
    text = format_summary(summary, seconds=60)
    assert "outside the restarts 0/3, during PostgreSQL 1/1, during Redis 1/1" in text
    assert "restart:         Redis at 30.0 s took 0.50 s; recovery 1.30 s" in text
    assert text.endswith("none lost)") and "goals:           met" in text

    failure_outside = [*clean, sample(20, 20.1, status=502)]
    assert not summarise(failure_outside, WINDOWS, acknowledged={}, stored={}).goals_met
    slow_redis_recovery = [*clean, sample(34, 35.6, status=0), shortlist(36, 100)]
    assert not summarise(slow_redis_recovery, WINDOWS, acknowledged={}, stored={}).goals_met
    slow_shortlist = [*clean, shortlist(50, 501)]
    slow = summarise(slow_shortlist, WINDOWS, acknowledged={}, stored={})
    assert slow.shortlist_p95_ms == pytest.approx(501)
    assert not slow.goals_met
    assert "goals:           NOT met" in format_summary(slow, seconds=60)
    no_shortlist = [s for s in clean if s.kind != "shortlist"]
    assert not summarise(no_shortlist, WINDOWS, acknowledged={}, stored={}).goals_met
    lost = summarise(clean, WINDOWS, acknowledged={1: {"crm": 2}}, stored={})
    assert not lost.goals_met
    assert "1 acknowledged, 1 lost (interviews [1])" in format_summary(lost, seconds=60)


def test_latency_counts_successful_requests_only():
    samples = [sample(0, 0.1), sample(0, 0.3, kind="submit"), sample(0, 9, status=500)]
    summary = summarise(samples, [], acknowledged={}, stored={})
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

"""The benchmark: every figure reported, the page and the bare SQL timed in turn, right medians."""

import itertools

import pytest
from django.core.management.base import CommandError

from candidates.devtools.benchmark import PAGES, format_text, run_benchmark
from candidates.devtools.benchmark.timing import Spread, Step, interleave
from candidates.management.commands.benchmark_ranking import page_list
from candidates.models import Application, Opening, ScorecardRevision

TIMINGS = [
    "sql_ms",
    "cold_page_ms",
    "warm_page_ms",
    "calibrated_page_ms",
    "whatif_ms",
    "json_ms",
    "csv_ms",
    "xlsx_ms",
    "agreement_ms",
    "candidate_page_ms",
    "opening_page_ms",
    "statistics_ms",
]


@pytest.mark.django_db
def test_the_benchmark_reports_every_page_with_numbers(default_rubric):
    # It once failed with a 404: managers read only their team's openings.
    figures = run_benchmark(applications=20, scorecards=2, runs=2, other_openings=1).as_dict()
    for key in TIMINGS:
        assert figures[key] > 0, key
        assert figures[f"{key}_min"] <= figures[key] <= figures[f"{key}_max"], key
    assert figures["page_ms"] == figures["cold_page_ms"]
    assert figures["ratio"] > 0 and figures["peak_mb"] > 0
    for page in PAGES:
        assert isinstance(figures[f"{page}_queries"], int) and figures[f"{page}_queries"] > 0
        assert isinstance(figures[f"{page}_queries_small"], int)
    # Each cold request followed a real edit of a submitted scorecard, made by the service.
    assert ScorecardRevision.objects.exists()


@pytest.mark.django_db
def test_every_page_reads_in_the_same_queries_at_two_sizes(default_rubric):
    figures = run_benchmark(applications=40, scorecards=2, runs=1, other_openings=0).as_dict()
    assert figures["queries_small"] == figures["queries_large"] == figures["shortlist_queries"]
    for page in PAGES:
        assert figures[f"{page}_queries_small"] == figures[f"{page}_queries"], page


@pytest.mark.django_db
def test_the_measured_opening_is_a_small_part_of_the_rows(default_rubric):
    figures = run_benchmark(
        applications=20,
        scorecards=1,
        runs=1,
        pages=["json"],
        other_openings=3,
        other_applications=30,
    ).as_dict()
    assert Application.objects.count() == 10 + 20 + 3 * 30
    assert Opening.objects.filter(rubric=default_rubric).count() == 5
    # Only the chosen pages are timed and counted.
    assert "json_ms" in figures and "json_queries" in figures
    assert "cold_page_ms" not in figures and "agreement_ms" not in figures


def test_the_page_and_the_bare_sql_are_timed_in_turn():
    calls = []
    steps = [
        Step("a", lambda: calls.append("a"), prepare=lambda: calls.append("write")),
        Step("b", lambda: calls.append("b")),
    ]
    ticks = itertools.count()
    timings, base = interleave(
        steps, lambda: calls.append("sql"), runs=2, clock=lambda: next(ticks) * 0.5
    )
    assert calls == ["write", "a", "sql", "b", "sql"] * 2
    # The clock is read around each action only (the untimed write excluded): 0.5 s each.
    assert timings == {"a": [500.0, 500.0], "b": [500.0, 500.0]}
    assert base == [500.0] * 4


def test_the_spread_is_the_median_and_the_extremes():
    assert Spread.of([30.0, 10.0, 20.0, 100.0]) == Spread(25.0, 10.0, 100.0)
    assert Spread.of([7.0, 3.0, 5.0]) == Spread(5.0, 3.0, 7.0)
    assert Spread.of([4.0]) == Spread(4.0, 4.0, 4.0)


def test_the_text_format_shows_the_median_with_its_range():
    text = format_text({"sql_ms": 12.0, "sql_ms_min": 10.0, "sql_ms_max": 14.0, "ratio": 1.5})
    assert text.splitlines() == [
        f"{'sql_ms':>28}: 12.0  (10.0–14.0)",
        f"{'ratio':>28}: 1.5",
    ]


def test_the_pages_option_refuses_an_unknown_page():
    assert page_list("shortlist, json") == ["shortlist", "json"]
    with pytest.raises(CommandError, match="pdf"):
        page_list("shortlist,pdf")


@pytest.mark.django_db
def test_the_exports_are_timed_as_written_even_above_the_background_threshold(
    default_rubric, settings
):
    """Above EXPORT_IN_BACKGROUND_ROWS the page hands the export to a job (a redirect):
    the benchmark times the writing itself, which the job runs too."""
    settings.EXPORT_IN_BACKGROUND_ROWS = 5
    figures = run_benchmark(
        applications=20, scorecards=1, runs=1, pages=["csv", "xlsx"], other_openings=0
    ).as_dict()
    assert figures["csv_ms"] > 0 and figures["xlsx_ms"] > 0

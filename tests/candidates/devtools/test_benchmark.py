"""The benchmark runs end to end: its manager may read the openings it builds."""

import pytest

from candidates.devtools.benchmark import run_benchmark

pytestmark = pytest.mark.django_db


def test_the_benchmark_reads_the_shortlist_in_the_same_queries_at_any_size():
    # It once failed with a 404: managers read only their team's openings.
    result = run_benchmark(applications=30, scorecards=2, runs=1)
    assert result.applications == 30
    assert result.queries_small == result.queries_large
    assert result.page_ms > 0 and result.statistics_ms > 0

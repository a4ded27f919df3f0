"""Build large openings and time the pages against the bare SQL aggregate.

Used by `manage.py benchmark_ranking` (and the load test, for its data); runs
inside a scratch test database of the configured engine, so real data is
never touched. `data` writes the rows, `pages` requests the pages as a
manager, `timing` interleaves, `run` puts them together.
"""

from candidates.devtools.benchmark.data import build_opening
from candidates.devtools.benchmark.pages import PAGES
from candidates.devtools.benchmark.run import BenchmarkResult, format_text, run_benchmark

__all__ = ["PAGES", "BenchmarkResult", "build_opening", "format_text", "run_benchmark"]

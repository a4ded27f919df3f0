"""Build the benchmark's openings, time the chosen pages against the bare SQL, report."""

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.test import override_settings

from candidates.devtools.benchmark.data import build_opening
from candidates.devtools.benchmark.pages import (
    PAGES,
    STATISTICS,
    Site,
    manager_client,
    measured_interview,
    page_urls,
    peak_mb,
    queries_of,
    statistics_work,
)
from candidates.devtools.benchmark.timing import Clock, Spread, Step, interleave
from candidates.models import Opening

# The mean and count per (application, dimension) of the measured opening: what
# any ranking must read. Cast in SQL so the driver builds floats, not a Decimal
# per row (PostgreSQL's AVG of integers is numeric).
BARE_AGGREGATE = """
    SELECT i.application_id, s.dimension_id,
           CAST(AVG(s.value) AS DOUBLE PRECISION), CAST(COUNT(s.value) AS INTEGER)
    FROM candidates_score s
    JOIN candidates_scorecard c ON c.id = s.scorecard_id
    JOIN candidates_interview i ON i.id = c.interview_id
    JOIN candidates_application a ON a.id = i.application_id
    WHERE a.opening_id = %s AND c.submitted_at IS NOT NULL AND s.value IS NOT NULL
    GROUP BY i.application_id, s.dimension_id
"""

SMALL = 10  # applications of the opening whose query counts are compared with the measured one
# The output key of each page's timing.
TIMED = {
    "calibrated": "calibrated_page_ms",
    "whatif": "whatif_ms",
    "json": "json_ms",
    "csv": "csv_ms",
    "xlsx": "xlsx_ms",
    "agreement": "agreement_ms",
    "candidate": "candidate_page_ms",
    "opening": "opening_page_ms",
    STATISTICS: "statistics_ms",
}
COLD, WARM = "cold_page_ms", "warm_page_ms"


@dataclass(frozen=True)
class BenchmarkResult:
    engine: str
    applications: int
    scorecards: int
    other_openings: int
    other_applications: int
    runs: int
    build_s: float
    sql: Spread
    timings: dict[str, Spread]  # by output key
    queries: dict[str, int]  # per page, on the measured opening
    queries_small: dict[str, int]  # per page, on the 10-application opening
    peak_mb: float | None = None  # set when the shortlist is among the pages
    pages: tuple[str, ...] = field(default=PAGES)

    def as_dict(self) -> dict:
        figures = {
            "engine": self.engine,
            "applications": self.applications,
            "scorecards_per_application": self.scorecards,
            "other_openings": self.other_openings,
            "other_applications": self.other_applications,
            "runs": self.runs,
            "build_s": round(self.build_s, 1),
            **spread_keys("sql_ms", self.sql),
        }
        for key, spread in self.timings.items():
            figures.update(spread_keys(key, spread))
        if COLD in self.timings:
            cold = self.timings[COLD].median
            figures["page_ms"] = round(cold, 1)  # the key of earlier reports: the cold page
            figures["ratio"] = round(cold / self.sql.median, 2) if self.sql.median else None
            figures["peak_mb"] = round(self.peak_mb, 1)
            figures["queries_small"] = self.queries_small["shortlist"]
            figures["queries_large"] = self.queries["shortlist"]
        for page in self.pages:
            figures[f"{page}_queries"] = self.queries[page]
            figures[f"{page}_queries_small"] = self.queries_small[page]
        return figures


def spread_keys(key: str, spread: Spread) -> dict[str, float]:
    return {
        key: round(spread.median, 1),
        f"{key}_min": round(spread.low, 1),
        f"{key}_max": round(spread.high, 1),
    }


def format_text(figures: dict) -> str:
    """One line per figure; a timing as its median with the min–max beside it."""
    lines = []
    for key, value in figures.items():
        if key.endswith(("_min", "_max")) and key[:-4] in figures:
            continue
        if f"{key}_min" in figures:
            value = f"{value}  ({figures[f'{key}_min']}–{figures[f'{key}_max']})"
        lines.append(f"{key:>28}: {value}")
    return "\n".join(lines)


def bare_sql(opening: Opening) -> Callable[[], None]:
    def run() -> None:
        with connection.cursor() as cursor:
            cursor.execute(BARE_AGGREGATE, [opening.pk])
            cursor.fetchall()

    return run


def build_openings(
    *, applications: int, scorecards: int, other_openings: int, other_applications: int
) -> tuple[Opening, Opening]:
    """(small, measured), beside `other_openings` on the same rubric: the tables are shared."""
    with transaction.atomic():  # one commit, not one per table
        small = build_opening("Benchmark small", applications=SMALL, scorecards=scorecards)
        large = build_opening(
            "Benchmark large", applications=applications, scorecards=scorecards, seed=2
        )
        for k in range(other_openings):
            build_opening(
                f"Benchmark other {k}",
                applications=other_applications,
                scorecards=scorecards,
                seed=3 + k,
            )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # fresh planner statistics, as autovacuum would leave them
    return small, large


def page_actions(site: Site, opening: Opening) -> dict[str, Callable[[], object]]:
    actions: dict[str, Callable[[], object]] = {
        page: site.getter(url) for page, url in page_urls(opening).items()
    }
    actions[STATISTICS] = lambda: statistics_work(opening)
    return actions


def timed_steps(site: Site, actions: dict, pages: Sequence[str]) -> list[Step]:
    """Each page as the request following a write (cold), but the warm page and the what-if.

    The warm page follows an identical request; the what-if follows the
    official shortlist, which it is meant to reuse.
    """
    steps = []
    for page in pages:
        if page == "shortlist":
            steps.append(Step(COLD, actions[page], prepare=site.write))
            steps.append(Step(WARM, actions[page], prepare=actions[page]))
        elif page == "whatif":
            steps.append(Step(TIMED[page], actions[page], prepare=actions["shortlist"]))
        else:
            steps.append(Step(TIMED[page], actions[page], prepare=site.write))
    return steps


def count_queries(site: Site, actions: dict, pages: Sequence[str]) -> dict[str, int]:
    counts = {}
    for page in pages:
        site.write()
        counts[page] = queries_of(actions[page])
    return counts


# More applications than any benchmark builds (a LIMIT must still fit SQLite's integers).
NEVER_IN_BACKGROUND = 10**9


def run_benchmark(
    *,
    applications: int,
    scorecards: int,
    runs: int,
    pages: Sequence[str] = PAGES,
    other_openings: int = 4,
    other_applications: int | None = None,
    clock: Clock = time.perf_counter,
) -> BenchmarkResult:
    """Time `pages` of an opening of `applications`, each followed by the bare SQL, `runs` times.

    `other_openings` of `other_applications` each (default: as many as the
    measured one) share its rubric, so it is a small part of the tables.
    """
    # The exports are timed as written: above EXPORT_IN_BACKGROUND_ROWS the page hands
    # the same writing to a job, and the request itself only redirects.
    with override_settings(EXPORT_IN_BACKGROUND_ROWS=NEVER_IN_BACKGROUND):
        return _run(
            applications=applications,
            scorecards=scorecards,
            runs=runs,
            pages=tuple(page for page in PAGES if page in pages),
            other_openings=other_openings,
            others=applications if other_applications is None else other_applications,
            clock=clock,
        )


def _run(
    *, applications, scorecards, runs, pages, other_openings, others, clock
) -> BenchmarkResult:
    started = time.perf_counter()
    small, large = build_openings(
        applications=applications,
        scorecards=scorecards,
        other_openings=other_openings,
        other_applications=others,
    )
    build_s = time.perf_counter() - started
    client, manager = manager_client(small, large)
    site = Site(client=client, manager=manager, interview=measured_interview(large))
    actions = page_actions(site, large)
    baseline = bare_sql(large)
    for page in pages:  # templates, imports and query plans, before anything is timed
        actions[page]()
    baseline()
    # Each count follows a write on its own opening, so both are cold (nothing cached).
    on_small = Site(client=client, manager=manager, interview=measured_interview(small))
    queries_small = count_queries(on_small, page_actions(on_small, small), pages)
    queries = count_queries(site, actions, pages)
    memory = None
    if "shortlist" in pages:
        site.write()
        memory = peak_mb(actions["shortlist"])
    timings, sql = interleave(timed_steps(site, actions, pages), baseline, runs=runs, clock=clock)
    return BenchmarkResult(
        engine=connection.vendor,
        applications=applications,
        scorecards=scorecards,
        other_openings=other_openings,
        other_applications=others,
        runs=runs,
        build_s=build_s,
        sql=Spread.of(sql),
        timings={key: Spread.of(samples) for key, samples in timings.items()},
        queries=queries,
        queries_small=queries_small,
        peak_mb=memory,
        pages=pages,
    )

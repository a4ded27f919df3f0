"""Build a large opening and time the shortlist against the bare SQL aggregate.

Used by `manage.py benchmark_ranking`; runs inside a scratch test database
of the configured engine, so real data is never touched.
"""

import random
import statistics
import time
from dataclasses import dataclass

from django.contrib.auth.models import Group, User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from candidates.models import (
    Application,
    Candidate,
    Interview,
    Interviewer,
    Opening,
    Score,
    Scorecard,
)
from candidates.selectors.agreement import opening_agreement
from candidates.selectors.confidence import DEFAULT_K, ranking_confidence
from candidates.selectors.shortlist import build_shortlist
from hiring import roles
from rubrics.models import Rubric

BATCH = 5000

BARE_AGGREGATE = """
    SELECT i.application_id, s.dimension_id, AVG(s.value), COUNT(s.value)
    FROM candidates_score s
    JOIN candidates_scorecard c ON c.id = s.scorecard_id
    JOIN candidates_interview i ON i.id = c.interview_id
    JOIN candidates_application a ON a.id = i.application_id
    WHERE a.opening_id = %s AND c.submitted_at IS NOT NULL AND s.value IS NOT NULL
    GROUP BY i.application_id, s.dimension_id
"""


@dataclass(frozen=True)
class BenchmarkResult:
    engine: str
    applications: int
    scorecards: int
    page_ms: float
    sql_ms: float
    queries_small: int
    queries_large: int
    build_s: float
    statistics_ms: float  # agreement + calibrated shortlist + confidence, from the database
    calibrated_page_ms: float

    @property
    def ratio(self) -> float:
        return self.page_ms / self.sql_ms if self.sql_ms else float("inf")

    def as_dict(self) -> dict:
        return {
            "engine": self.engine,
            "applications": self.applications,
            "scorecards_per_application": self.scorecards,
            "page_ms": round(self.page_ms, 1),
            "sql_ms": round(self.sql_ms, 1),
            "ratio": round(self.ratio, 2),
            "queries_small": self.queries_small,
            "queries_large": self.queries_large,
            "build_s": round(self.build_s, 1),
            "statistics_ms": round(self.statistics_ms, 1),
            "calibrated_page_ms": round(self.calibrated_page_ms, 1),
        }


def plausible_score(rng: random.Random, ability: float) -> int:
    """A rater's score around the candidate's ability: raters mostly agree, as in real panels."""
    return min(5, max(1, round(ability + rng.gauss(0, 0.6))))


def build_opening(
    title: str, *, applications: int, scorecards: int, awaiting: int = 0, seed: int = 1
) -> Opening:
    """An opening with `applications` x `scorecards` submitted cards x every dimension.

    With `awaiting`, each application also gets that many interviews (rounds
    "Awaiting 0", ...) with one more interviewer and no scorecard yet.
    """
    rng = random.Random(seed)
    rubric = Rubric.objects.get(is_default=True)
    dimensions = list(rubric.dimensions.all())
    opening = Opening.objects.create(title=title, rubric=rubric)
    interviewers = [
        Interviewer.objects.create(name=f"{title} rater {k}") for k in range(scorecards)
    ]
    if awaiting:
        waiting = Interviewer.objects.create(name=f"{title} rater {scorecards}")
    now = timezone.now()
    for start in range(0, applications, BATCH):
        size = min(BATCH, applications - start)
        candidates = Candidate.objects.bulk_create(
            Candidate(name=f"{title} candidate {start + k}") for k in range(size)
        )
        apps = Application.objects.bulk_create(
            Application(candidate=c, opening=opening, stage="interviewing") for c in candidates
        )
        interviews = Interview.objects.bulk_create(
            Interview(application=a, interviewer=r, round_name=f"Round {n}", scheduled_at=now)
            for a in apps
            for n, r in enumerate(interviewers)
        )
        cards = Scorecard.objects.bulk_create(
            Scorecard(interview=i, submitted_at=now, recommendation="yes") for i in interviews
        )
        if awaiting:
            Interview.objects.bulk_create(
                Interview(
                    application=a, interviewer=waiting, round_name=f"Awaiting {n}", scheduled_at=now
                )
                for a in apps
                for n in range(awaiting)
            )
        ability = {a.pk: rng.gauss(3, 0.7) for a in apps}
        Score.objects.bulk_create(
            (
                Score(
                    scorecard=card,
                    dimension=d,
                    value=plausible_score(rng, ability[i.application_id]),
                )
                for card, i in zip(cards, interviews, strict=True)
                for d in dimensions
            ),
            batch_size=BATCH,
        )
    return opening


def median_ms(action, runs: int) -> float:
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)


def page_queries(client: Client, opening: Opening) -> int:
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("candidates:opening-shortlist", args=[opening.pk]))
    return len(queries)


def run_benchmark(*, applications: int, scorecards: int, runs: int) -> BenchmarkResult:
    started = time.perf_counter()
    small = build_opening("Benchmark small", applications=10, scorecards=scorecards)
    large = build_opening("Benchmark large", applications=applications, scorecards=scorecards)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # fresh planner statistics, as autovacuum would leave them
    build_s = time.perf_counter() - started

    manager = User.objects.create_user("benchmark-manager")
    manager.groups.add(Group.objects.get(name=roles.MANAGER))
    for opening in (small, large):
        opening.hiring_managers.add(manager)  # a manager reads only their team's openings
    client = Client()
    client.force_login(manager)
    url = reverse("candidates:opening-shortlist", args=[large.pk])

    def load_page() -> None:
        response = client.get(url)
        assert response.status_code == 200

    def bare_sql() -> None:
        with connection.cursor() as cursor:
            cursor.execute(BARE_AGGREGATE, [large.pk])
            cursor.fetchall()

    def statistics_work() -> None:
        """Everything issue-6 adds for one opening: agreement, calibration, confidence."""
        opening_agreement(large)
        ranking_confidence(build_shortlist(large, calibrated=True), DEFAULT_K)

    def load_calibrated_page() -> None:
        assert client.get(url + "?calibrated=on").status_code == 200

    load_page()  # warm caches (templates, query plans) before timing either side
    bare_sql()
    statistics_work()
    return BenchmarkResult(
        engine=connection.vendor,
        applications=applications,
        scorecards=scorecards,
        page_ms=median_ms(load_page, runs),
        sql_ms=median_ms(bare_sql, runs),
        queries_small=page_queries(client, small),
        queries_large=page_queries(client, large),
        build_s=build_s,
        statistics_ms=median_ms(statistics_work, runs),
        calibrated_page_ms=median_ms(load_calibrated_page, runs),
    )

"""What the benchmark requests: each page as a logged-in manager on the opening's team.

Requests go through Django's test client, so session, roles, scoping,
template and response are all in the figures, as a user would wait for them.
"""

import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib.auth.models import Group, User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from candidates.forms.shortlists import WHATIF_PREFIX
from candidates.models import Application, Interview, Opening
from candidates.selectors.agreement import opening_agreement
from candidates.selectors.confidence import DEFAULT_K, ranking_confidence
from candidates.selectors.shortlist import build_shortlist
from candidates.services.scorecards import ScorecardEntry, ScoreEntry, save_scorecard
from hiring import roles

# The pages --pages may choose from, in the order they are timed.
PAGES = (
    "shortlist",
    "calibrated",
    "whatif",
    "json",
    "csv",
    "xlsx",
    "agreement",
    "candidate",
    "opening",
    "statistics",
)
STATISTICS = "statistics"  # not a page: the statistics read straight from the selectors


def manager_client(*openings: Opening) -> tuple[Client, User]:
    """A client logged in as a manager on the hiring team of `openings`, who is HR as well,
    so the opening page is HR's, with the search that adds a candidate."""
    manager = User.objects.create_user("benchmark-manager")
    manager.groups.add(*Group.objects.filter(name__in=[roles.MANAGER, roles.HR]))
    for opening in openings:
        opening.hiring_managers.add(manager)
    client = Client()
    client.force_login(manager)
    return client, manager


def page_urls(opening: Opening) -> dict[str, str]:
    """The URL of each page of PAGES (the statistics excepted) for `opening`."""
    shortlist = reverse("candidates:opening-shortlist", args=[opening.pk])
    first = opening.rubric.dimensions.order_by("order", "pk").first()
    tried = {WHATIF_PREFIX + first.code: f"{float(first.weight) + 1:g}"}
    candidate = (
        Application.objects.filter(opening=opening).order_by("pk").values_list("candidate_id")[0]
    )
    return {
        "shortlist": shortlist,
        "calibrated": shortlist + "?calibrated=on",
        "whatif": shortlist + "?" + urlencode(tried),
        "json": reverse("candidates:opening-ranking-json", args=[opening.pk]),
        "csv": reverse("candidates:opening-shortlist-csv", args=[opening.pk]),
        "xlsx": reverse("candidates:opening-shortlist-xlsx", args=[opening.pk]),
        "agreement": reverse("candidates:opening-agreement", args=[opening.pk]),
        "candidate": reverse("candidates:candidate-detail", args=candidate),
        "opening": reverse("candidates:opening-detail", args=[opening.pk]),
    }


def statistics_work(opening: Opening) -> None:
    """Everything the statistics add for one opening: agreement, calibration, confidence."""
    opening_agreement(opening)
    ranking_confidence(build_shortlist(opening, calibrated=True), DEFAULT_K)


@dataclass
class Site:
    """The benchmark's logged-in client and its way to request, write and count."""

    client: Client
    manager: User
    interview: Interview  # its submitted scorecard is edited by each write
    writes: int = 0

    def getter(self, url: str) -> Callable[[], None]:
        def get() -> None:
            response = self.client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            if response.streaming:  # an export is produced only as it is read
                for _chunk in response.streaming_content:
                    pass

        return get

    def write(self) -> None:
        """Edit a submitted scorecard of the measured opening, as a rater's correction would.

        Through `save_scorecard`, the service every write of a score goes
        through, so whatever it invalidates (a cached ranking) is invalidated.
        """
        self.writes += 1
        level = 3 + self.writes % 2
        card = self.interview.scorecard
        card.refresh_from_db()
        dimensions = self.interview.application.opening.rubric.dimensions.all()
        save_scorecard(
            interview=self.interview,
            entry=ScorecardEntry(
                scores={d.code: ScoreEntry(level) for d in dimensions}, recommendation="yes"
            ),
            by=self.manager,
            expected_version=card.version,
            submit=False,
            reason="Benchmark: a write before a cold request",
        )


def queries_of(action: Callable[[], object]) -> int:
    with CaptureQueriesContext(connection) as queries:
        action()
    return len(queries)


def peak_mb(action: Callable[[], object]) -> float:
    """The tracemalloc peak while `action` runs, in MB (tracing slows it: never timed)."""
    tracemalloc.start()
    try:
        action()
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak / 1e6


def measured_interview(opening: Opening) -> Interview:
    return (
        Interview.objects.select_related("application__opening__rubric", "scorecard")
        .filter(application__opening=opening, scorecard__submitted_at__isnull=False)
        .order_by("pk")
        .first()
    )

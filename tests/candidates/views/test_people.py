"""The candidate page: scorecards, means, spread, disagreement flags, query count."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from candidates.selectors.candidates import opening_average
from candidates.selectors.shortlist import build_shortlist
from tests.factories import (
    ApplicationFactory,
    CandidateFactory,
    InterviewFactory,
    submitted_scorecard,
)

pytestmark = pytest.mark.django_db


def rated_application(raters: int, values=(3, 4, 5), **fields):
    application = ApplicationFactory(**fields)
    for index in range(raters):
        interview = InterviewFactory(application=application)
        submitted_scorecard(
            interview,
            {"experience": values[index % len(values)], "crm": None, "ethics": 4},
        )
    return application


def test_page_shows_means_and_flags_a_two_point_spread(client, manager):
    application = rated_application(2, values=(2, 4))
    client.force_login(manager)
    response = client.get(reverse("candidates:candidate-detail", args=[application.candidate_id]))
    page = response.content.decode()
    assert "3.00" in page  # mean of 2 and 4 on experience
    assert "Raters disagree" in page
    flagged = [d.code for d in response.context["dossiers"][0][0].disagreements]
    assert flagged == ["experience"]


def test_one_point_spread_is_not_flagged(client, manager):
    application = rated_application(2, values=(3, 4))
    client.force_login(manager)
    response = client.get(reverse("candidates:candidate-detail", args=[application.candidate_id]))
    assert response.context["dossiers"][0][0].disagreements == []


def test_page_of_a_candidate_on_no_opening_yet_says_so(client, manager):
    candidate = CandidateFactory()
    client.force_login(manager)
    response = client.get(reverse("candidates:candidate-detail", args=[candidate.pk]))
    assert response.status_code == 200
    assert "This candidate is not on any opening yet." in response.content.decode()


def count_queries(client, candidate_id: int) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert (
            client.get(reverse("candidates:candidate-detail", args=[candidate_id])).status_code
            == 200
        )
    return len(queries)


def test_query_count_does_not_grow_with_scorecards(client, manager):
    client.force_login(manager)
    few = rated_application(1)
    many = rated_application(8)
    assert count_queries(client, many.candidate_id) == count_queries(client, few.candidate_id)


def test_opening_average_is_the_mean_of_application_means():
    """Experience: one application at 2 and 4 (mean 3), one at 5, 5, 5 (mean 5).

    The average of application means is 4.0; a plain mean of the five
    scores would be 4.2 and let candidates with more raters weigh more.
    """
    first = rated_application(2, values=(2, 4))
    rated_application(3, values=(5,), opening=first.opening)
    averages = opening_average(first.opening, list(first.opening.rubric.dimensions.all()))
    assert averages["experience"] == pytest.approx(4.0)
    assert averages["ethics"] == pytest.approx(4.0)
    assert "crm" not in averages  # never assessed
    assert averages == pytest.approx(build_shortlist(first.opening).dimension_averages())


def test_candidate_page_draws_the_radar_against_the_opening_average(client, manager):
    first = rated_application(2, values=(2, 4))
    rated_application(3, values=(5,), opening=first.opening)
    client.force_login(manager)
    response = client.get(reverse("candidates:candidate-detail", args=[first.candidate_id]))
    _dossier, radar = response.context["dossiers"][0]
    candidate_series, average_series = radar.series
    assert candidate_series.name == first.candidate.name
    codes = [d.code for d in first.opening.rubric.dimensions.all()]
    assert candidate_series.values[codes.index("experience")] == pytest.approx(3.0)
    assert average_series.values[codes.index("experience")] == pytest.approx(4.0)
    assert average_series.values[codes.index("crm")] is None
    page = response.content.decode()
    assert page.count("<svg") == 1 and f'id="radar-{first.pk}-title"' in page
    assert "Opening average" in page

"""The candidate page: scorecards, means, spread, disagreement flags, query count."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import ApplicationFactory, InterviewFactory, submitted_scorecard

pytestmark = pytest.mark.django_db


def rated_application(raters: int, values=(3, 4, 5)):
    application = ApplicationFactory()
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
    flagged = [d.code for d in response.context["dossiers"][0].disagreements]
    assert flagged == ["experience"]


def test_one_point_spread_is_not_flagged(client, manager):
    application = rated_application(2, values=(3, 4))
    client.force_login(manager)
    response = client.get(reverse("candidates:candidate-detail", args=[application.candidate_id]))
    assert response.context["dossiers"][0].disagreements == []


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

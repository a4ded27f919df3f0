"""What the endpoints answer: the pages' data, rules and messages, in JSON (scorecards:
test_scorecards.py)."""

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from candidates.forms import AddApplicationForm
from candidates.models import (
    Application,
    Stage,
    StageChange,
)
from tests.conftest import logged_in
from tests.factories import (
    DEFAULT_CODES,
    ApplicationFactory,
    CandidateFactory,
    InterviewFactory,
    OpeningFactory,
    submitted_scorecard,
)


def scored_opening(applications: int):
    """An opening whose applications each hold enough submitted scorecards to be ranked."""
    opening = OpeningFactory()
    for number in range(applications):
        application = ApplicationFactory(opening=opening)
        for rater in range(opening.rubric.min_scorecards):
            levels = {code: 1 + (number + rater + i) % 5 for i, code in enumerate(DEFAULT_CODES)}
            submitted_scorecard(InterviewFactory(application=application), levels)
    return opening


# Pagination


@pytest.mark.django_db
def test_two_pages_cover_every_row_once_in_pk_order(api_client, hr):
    made = sorted(CandidateFactory.create_batch(7), key=lambda c: c.pk)
    client = api_client("hr")
    url = reverse("api:candidate-list")
    pages = [client.get(url, {"page": n, "page_size": 4}).json() for n in (1, 2)]
    assert [page["total"] for page in pages] == [7, 7]
    assert [page["pages"] for page in pages] == [2, 2]
    ids = [row["id"] for page in pages for row in page["results"]]
    assert ids == [candidate.pk for candidate in made]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query", [{"page": "0"}, {"page": "x"}, {"page": "3"}, {"page_size": "-1"}, {"page": "1.0"}]
)
def test_a_bad_page_is_a_400_with_the_ranking_json_message(api_client, hr, query):
    CandidateFactory.create_batch(3)
    response = api_client("hr").get(reverse("api:candidate-list"), {"page_size": 2, **query})
    assert response.status_code == 400
    assert "page" in response.json()["detail"].lower()


@pytest.mark.django_db
def test_a_page_size_past_500_is_capped(api_client, hr):
    response = api_client("hr").get(reverse("api:opening-list"), {"page_size": 10_000})
    assert response.json()["page_size"] == 500


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["abc", "0", "9" * 30])
def test_a_bad_filter_id_is_a_400_on_its_field(api_client, hr, value):
    response = api_client("hr").get(reverse("api:application-list"), {"opening": value})
    assert response.status_code == 400
    assert list(response.json()) == ["opening"]


@pytest.mark.django_db
def test_applications_filter_by_opening(api_client, hr):
    wanted = ApplicationFactory()
    ApplicationFactory()
    response = api_client("hr").get(reverse("api:application-list"), {"opening": wanted.opening_id})
    assert [row["id"] for row in response.json()["results"]] == [wanted.pk]


@pytest.mark.django_db
def test_answers_to_a_user_are_never_cached(api_client, hr):
    response = api_client("hr").get(reverse("api:opening-list"))
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["anonymous", "hr"])
def test_an_unknown_api_address_is_a_json_404(api_client, persona, hr):
    response = api_client(persona).get("/api/v1/no-such-thing/")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


# Query counts: the same few queries at any size


def queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def grow(rows: int, manager) -> None:
    for _ in range(rows):
        interview = InterviewFactory(application__opening=OpeningFactory(hiring_managers=[manager]))
        submitted_scorecard(interview, {"experience": 3, "crm": 4})


LISTS = [
    "api:opening-list",
    "api:candidate-list",
    "api:application-list",
    "api:scorecard-list",
]


@pytest.mark.django_db
@pytest.mark.parametrize("name", LISTS)
@pytest.mark.parametrize("persona", ["hr", "manager"])
def test_list_endpoints_make_a_fixed_number_of_queries(
    api_client, django_assert_max_num_queries, name, persona, manager, hr
):
    client = api_client(persona)
    url = reverse(name)
    grow(2, manager)
    few = queries_for(client, url)
    grow(25, manager)
    with django_assert_max_num_queries(few):
        client.get(url)
    assert few <= 8


# Candidates


@pytest.mark.django_db
def test_hr_add_a_candidate_with_the_pages_fields(api_client, hr):
    body = {
        "name": "李娜",
        "email": "li.na@example.com",
        "years_experience": 6,
        "industries": ["Retail banking", "Insurance"],
        "client_segments": ["key"],
    }
    response = api_client("hr").post(reverse("api:candidate-list"), body, format="json")
    assert response.status_code == 201, response.content
    data = response.json()
    assert (data["name"], data["email"], data["industries"], data["client_segments"]) == (
        "李娜",
        "li.na@example.com",
        ["Retail banking", "Insurance"],
        ["key"],
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"email": "x@example.com"}, "name"),
        ({"name": "A", "email": "not an e-mail"}, "email"),
        ({"name": "A", "years_experience": 500}, "years_experience"),
        ({"name": "A", "client_segments": ["galactic"]}, "client_segments"),
        ({"name": "A", "industries": "not a list"}, "industries"),
        ({"name": {"nested": 1}}, "name"),
    ],
)
def test_a_refused_candidate_is_a_400_on_its_field(api_client, hr, body, field):
    response = api_client("hr").post(reverse("api:candidate-list"), body, format="json")
    assert response.status_code == 400
    assert list(response.json()) == [field]


@pytest.mark.django_db
def test_a_taken_email_gets_the_pages_message(api_client, hr):
    CandidateFactory(email="taken@example.com")
    body = {"name": "B", "email": "taken@example.com"}
    response = api_client("hr").post(reverse("api:candidate-list"), body, format="json")
    assert response.json() == {"email": ["A candidate with this e-mail address already exists."]}


@pytest.mark.django_db
def test_malformed_json_is_a_400(api_client, hr):
    response = api_client("hr").post(
        reverse("api:candidate-list"), "{not json", content_type="application/json"
    )
    assert response.status_code == 400


@pytest.mark.django_db
@pytest.mark.parametrize(("persona", "shown"), [("hr", True), ("rubric_admin", False)])
def test_contacts_only_for_who_sees_them_on_the_pages(api_client, hr, rubric_admin, persona, shown):
    candidate = CandidateFactory(email="c@example.com", phone="123")
    client = api_client(persona)
    listed = client.get(reverse("api:candidate-list")).json()["results"][0]
    one = client.get(reverse("api:candidate-detail", args=[candidate.pk])).json()
    for data in (listed, one):
        assert (data["email"], data["phone"]) == (
            ("c@example.com", "123") if shown else (None, None)
        )


@pytest.mark.django_db
def test_a_manager_sees_their_teams_candidates_with_contacts(api_client, manager):
    mine = ApplicationFactory(opening=OpeningFactory(hiring_managers=[manager]))
    ApplicationFactory()
    results = api_client("manager").get(reverse("api:candidate-list")).json()["results"]
    assert [(row["id"], row["email"]) for row in results] == [
        (mine.candidate_id, mine.candidate.email)
    ]


# Applications and decisions


@pytest.mark.django_db
def test_an_application_twice_gets_the_pages_message(api_client, hr):
    application = ApplicationFactory()
    body = {"candidate": application.candidate_id, "opening": application.opening_id}
    response = api_client("hr").post(reverse("api:application-list"), body, format="json")
    page_form = AddApplicationForm(
        data={"candidate": application.candidate_id}, opening=application.opening
    )
    assert response.status_code == 400
    assert response.json() == {"candidate": page_form.errors["candidate"]}
    assert Application.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("opening", [999_999, 10**30, "abc", 1.5, None])
def test_an_application_on_a_missing_opening_is_a_400_on_its_field(api_client, hr, opening):
    body = {"candidate": CandidateFactory().pk, "opening": opening}
    response = api_client("hr").post(reverse("api:application-list"), body, format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["opening"]


@pytest.mark.django_db
@pytest.mark.parametrize("body", [[1, 2], {"candidate": 10**30, "opening": 1}, "text"])
def test_an_application_of_the_wrong_shape_is_a_400(api_client, hr, body):
    OpeningFactory()
    response = api_client("hr").post(reverse("api:application-list"), body, format="json")
    assert response.status_code == 400
    assert not Application.objects.exists()


@pytest.mark.django_db
def test_a_managers_decision_goes_through_the_stage_service(api_client, manager):
    application = ApplicationFactory(opening=OpeningFactory(hiring_managers=[manager]))
    url = reverse("api:application-decision", args=[application.pk])
    body = {"decision": "offer", "note": "Best CRM evidence"}
    response = api_client("manager").post(url, body, format="json")
    assert response.status_code == 200
    assert response.json()["stage"] == Stage.OFFER
    change = StageChange.objects.get(application=application)
    assert (change.is_decision, change.by, change.note) == (True, manager, "Best CRM evidence")


@pytest.mark.django_db
def test_a_decision_that_is_not_one_is_a_400(api_client, manager):
    application = ApplicationFactory(opening=OpeningFactory(hiring_managers=[manager]))
    url = reverse("api:application-decision", args=[application.pk])
    response = api_client("manager").post(url, {"decision": "hired"}, format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["decision"]
    assert not StageChange.objects.exists()


# The ranking


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["hr", "rubric_admin"])
@pytest.mark.parametrize(
    "query",
    [{}, {"page": "2", "page_size": "3"}, {"calibrated": "1", "k": "2"}, {"stage": "applied"}],
)
def test_the_ranking_is_the_pages_ranking_json(api_client, persona, query, hr, rubric_admin):
    opening = scored_opening(7)
    page = logged_in(User.objects.get(username=persona)).get(
        reverse("candidates:opening-ranking-json", args=[opening.pk]), query
    )
    api = api_client(persona).get(reverse("api:opening-ranking", args=[opening.pk]), query)
    assert api.status_code == page.status_code == 200
    assert api.json() == page.json()
    assert {"ci_low", "ci_high", "p_top_k"} <= set(api.json()["rows"][0])


@pytest.mark.django_db
def test_a_ranking_page_past_the_last_is_a_400(api_client, hr):
    opening = scored_opening(2)
    url = reverse("api:opening-ranking", args=[opening.pk])
    response = api_client("hr").get(url, {"page": 5})
    assert response.status_code == 400
    assert set(response.json()) == {"detail"}


@pytest.mark.parametrize("depth", [1200, 10_000])
def test_json_nested_too_deeply_is_a_400(api_client, depth):
    """Python's decoder gives up with a RecursionError, which DRF did not turn into a 400."""
    body = "[" * depth + "]" * depth
    response = api_client("hr").post(
        reverse("api:candidate-list"), data=body, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json() == {"detail": "The JSON is nested too deeply."}


def test_a_header_beyond_latin_1_is_a_401(db):
    response = APIClient().get(reverse("api:opening-list"), HTTP_AUTHORIZATION="Bearer 😀")
    assert response.status_code == 401

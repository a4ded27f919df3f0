"""Every API endpoint x every persona: the same roles and scope as the pages.

No token: 401 (JSON, never the login page); a user without a role or with a
role that may not: 403; outside the user's scope: 404.
"""

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from candidates.models import Interviewer
from tests.factories import DEFAULT_CODES, CandidateFactory, InterviewFactory, OpeningFactory
from tests.hiring.test_permissions import READERS, ROLES, SCOPED_READERS, on_team

SCORECARD_READERS = {**READERS, "interviewer": 200, "interviewer_elsewhere": 200}


def nothing() -> tuple[dict, dict]:
    return {}, {}


def opening_pk() -> tuple[dict, dict]:
    return {"pk": on_team(OpeningFactory()).pk}, {}


def application_pk() -> tuple[dict, dict]:
    interview = InterviewFactory(application__opening=on_team(OpeningFactory()))
    return {"pk": interview.application_id}, {}


def candidate_pk() -> tuple[dict, dict]:
    interview = InterviewFactory(application__opening=on_team(OpeningFactory()))
    return {"pk": interview.application.candidate_id}, {}


def new_candidate() -> tuple[dict, dict]:
    return {}, {"name": "Wang Fang", "email": "wang.fang@example.com"}


def new_application() -> tuple[dict, dict]:
    return {}, {"candidate": CandidateFactory().pk, "opening": OpeningFactory().pk}


def full_scorecard() -> dict:
    return {"scores": dict.fromkeys(DEFAULT_CODES, 3), "recommendation": "yes"}


def own_interview_card() -> tuple[dict, dict]:
    user = User.objects.get(username="interviewer")
    interviewer = Interviewer.objects.create(name="Own", user=user)
    interview = InterviewFactory(interviewer=interviewer)
    return {"pk": interview.pk}, full_scorecard()


def decision_on_team() -> tuple[dict, dict]:
    kwargs, _body = application_pk()
    return kwargs, {"decision": "shortlisted", "note": "Strong on CRM"}


# (url name, method, kwargs and body factory, expected status per persona; others 403)
ENDPOINTS = [
    ("api:opening-list", "get", nothing, READERS),
    ("api:opening-detail", "get", opening_pk, SCOPED_READERS),
    ("api:opening-ranking", "get", opening_pk, SCOPED_READERS),
    ("api:candidate-list", "get", nothing, READERS),
    ("api:candidate-detail", "get", candidate_pk, SCOPED_READERS),
    ("api:application-list", "get", nothing, READERS),
    ("api:application-detail", "get", application_pk, SCOPED_READERS),
    ("api:scorecard-list", "get", nothing, SCORECARD_READERS),
    ("api:candidate-list", "post", new_candidate, {"hr": 201}),
    ("api:application-list", "post", new_application, {"hr": 201}),
    (
        "api:interview-scorecard",
        "post",
        own_interview_card,
        {"hr": 201, "interviewer": 201, "interviewer_elsewhere": 404},
    ),
    # Only hiring managers decide, as on the shortlist page: not HR, not Administrators.
    (
        "api:application-decision",
        "post",
        decision_on_team,
        {"manager": 200, "manager_elsewhere": 404, "admin": 403},
    ),
]


def expected_status(table: dict, role: str) -> int:
    if role == "anonymous":
        return 401
    if role == "admin" and role not in table:
        return table.get("hr", 403)  # an Administrator may do everything HR may do
    return table.get(role, 403)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("name", "method", "setup", "table"),
    ENDPOINTS,
    ids=[f"{row[1]} {row[0]}" for row in ENDPOINTS],
)
def test_role_gets_the_pages_answer_from_the_api(
    api_client, role, name, method, setup, table, interviewer, manager
):
    kwargs, body = setup()
    client = api_client(role)
    url = reverse(name, kwargs=kwargs)
    response = client.get(url) if method == "get" else client.post(url, body, format="json")
    assert response.status_code == expected_status(table, role), response.content
    assert response["Content-Type"] == "application/json"
    if response.status_code >= 400:
        assert set(response.json()) == {"detail"}


@pytest.mark.django_db
def test_unauthenticated_answer_names_the_bearer_scheme(api_client):
    response = api_client("anonymous").get(reverse("api:opening-list"))
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.django_db
def test_a_logged_in_browser_session_is_not_an_api_login(persona_client):
    """No session authentication: a page's login (and its CSRF) never reaches the API."""
    response = persona_client("hr").get(reverse("api:opening-list"))
    assert response.status_code == 401


@pytest.mark.django_db
def test_a_user_without_a_role_is_told_so(api_client):
    response = api_client("outsider").get(reverse("api:opening-list"))
    assert response.json() == {"detail": "Your account has not been given a role yet."}


@pytest.mark.django_db
def test_an_unknown_id_is_the_same_404_as_one_outside_the_scope(api_client, manager):
    outside = OpeningFactory()
    client = api_client("manager")
    unknown = client.get(reverse("api:opening-detail", args=[outside.pk + 1000]))
    hidden = client.get(reverse("api:opening-detail", args=[outside.pk]))
    assert unknown.status_code == hidden.status_code == 404
    assert unknown.json() == hidden.json()

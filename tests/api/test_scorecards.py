"""Submitting scorecards through the API, and reading them under the blind rules."""

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from candidates.models import (
    Interviewer,
    InterviewStatus,
    RankingVersion,
    Scorecard,
    ScorecardRevision,
)
from candidates.selectors.access import may_see_colleagues_scores
from tests.conftest import logged_in
from tests.factories import DEFAULT_CODES, InterviewFactory, OpeningFactory, submitted_scorecard


def card(**overrides) -> dict:
    """A complete scorecard body: every dimension 3 (no evidence needed), recommendation yes."""
    return {"scores": dict.fromkeys(DEFAULT_CODES, 3), "recommendation": "yes", **overrides}


def submit_url(interview) -> str:
    return reverse("api:interview-scorecard", args=[interview.pk])


def page_form_data(body: dict) -> dict:
    data = {"action": "submit", "version": 0, "recommendation": body["recommendation"]}
    for code, value in body["scores"].items():
        data[f"score_{code}"] = "na" if value is None else str(value)
    for code, text in body.get("evidence", {}).items():
        data[f"evidence_{code}"] = text
    return data


def stored(scorecard: Scorecard) -> tuple:
    scores = sorted(
        (s.dimension.code, s.value, s.evidence)
        for s in scorecard.scores.select_related("dimension")
    )
    return scores, scorecard.recommendation, scorecard.summary, scorecard.entered_by_id


# Committed for real: a ranking version is recorded only after the commit.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_scorecard_through_the_api_is_the_same_as_through_the_page(api_client, hr):
    opening = OpeningFactory()
    by_page, by_api = InterviewFactory.create_batch(2, application__opening=opening)
    body = card(scores={**dict.fromkeys(DEFAULT_CODES, 3), "crm": 5, "ethics": None})
    body["evidence"] = {"crm": "Ran the Salesforce migration"}
    logged_in(hr).post(
        reverse("candidates:scorecard-entry", args=[by_page.pk]), page_form_data(body)
    )
    before = RankingVersion.objects.of_openings([opening.pk])
    response = api_client("hr").post(submit_url(by_api), body, format="json")
    assert response.status_code == 201, response.content
    assert stored(by_api.scorecard) == stored(by_page.scorecard)
    assert by_api.scorecard.is_submitted and by_page.scorecard.is_submitted
    by_api.refresh_from_db()
    assert by_api.status == InterviewStatus.DONE
    assert RankingVersion.objects.of_openings([opening.pk]) != before
    assert response.json()["scores"]["crm"] == {
        "value": 5,
        "evidence": "Ran the Salesforce migration",
    }


def page_errors(hr, interview, body) -> dict:
    form = (
        logged_in(hr)
        .post(reverse("candidates:scorecard-entry", args=[interview.pk]), page_form_data(body))
        .context["form"]
    )
    return form.errors


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("body", "where", "field"),
    [
        (card(scores={"crm": 3}), ("scores", "experience"), "score_experience"),
        (
            card(scores={**dict.fromkeys(DEFAULT_CODES, 3), "crm": 1}),
            ("evidence", "crm"),
            "evidence_crm",
        ),
        (card(scores=dict.fromkeys(DEFAULT_CODES)), ("non_field_errors",), "__all__"),
        (
            card(scores={**dict.fromkeys(DEFAULT_CODES, 3), "crm": 9}),
            ("scores", "crm"),
            "score_crm",
        ),
        (card(recommendation="maybe"), ("recommendation",), "recommendation"),
    ],
)
def test_a_refused_scorecard_gets_the_pages_message_on_its_field(
    api_client, hr, body, where, field
):
    interview = InterviewFactory()
    response = api_client("hr").post(submit_url(interview), body, format="json")
    assert response.status_code == 400
    found = response.json()
    for key in where:
        found = found[key]
    assert found == page_errors(hr, InterviewFactory(), body)[field]
    assert not Scorecard.objects.filter(interview=interview).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "body",
    [
        card(scores={**dict.fromkeys(DEFAULT_CODES, 3), "juggling": 3}),
        card(scores="everything 3"),
        card(scores={"crm": "three"}),
        card(scores={"crm": 10**30}),
        card(evidence=None),
        card(version=10**30),
        card(summary="a\x00b"),
        card(summary="x" * 100_000),
        {"recommendation": "yes"},
        [card()],
    ],
)
def test_a_scorecard_of_the_wrong_shape_is_a_400(api_client, hr, body):
    response = api_client("hr").post(submit_url(InterviewFactory()), body, format="json")
    assert response.status_code == 400
    assert not Scorecard.objects.exists()


@pytest.mark.django_db
def test_changing_a_submitted_scorecard_needs_a_reason_and_is_recorded(api_client, hr):
    interview = InterviewFactory()
    client = api_client("hr")
    assert client.post(submit_url(interview), card(), format="json").status_code == 201
    changed = card(recommendation="strong_yes")
    refused = client.post(submit_url(interview), changed, format="json")
    assert refused.status_code == 400
    assert list(refused.json()) == ["reason"]
    accepted = client.post(submit_url(interview), {**changed, "reason": "Typo"}, format="json")
    assert accepted.status_code == 200
    assert ScorecardRevision.objects.get().reason == "Typo"


@pytest.mark.django_db
def test_a_stale_version_is_a_409_and_changes_nothing(api_client, hr):
    interview = InterviewFactory()
    client = api_client("hr")
    client.post(submit_url(interview), card(), format="json")
    body = card(recommendation="strong_yes", reason="Late", version=0)
    response = client.post(submit_url(interview), body, format="json")
    assert response.status_code == 409
    assert Scorecard.objects.get().recommendation == "yes"


@pytest.mark.django_db
def test_a_cancelled_interview_takes_no_scorecard(api_client, hr):
    interview = InterviewFactory(status=InterviewStatus.CANCELLED)
    response = api_client("hr").post(submit_url(interview), card(), format="json")
    assert response.json() == {
        "non_field_errors": ["This interview was cancelled: it takes no scorecard."]
    }


# Blind rules


def interviewer_persona(username: str) -> Interviewer:
    return Interviewer.objects.create(name=username, user=User.objects.get(username=username))


@pytest.mark.django_db
def test_an_interviewer_sees_colleagues_scores_only_after_submitting(api_client, interviewer):
    mine = InterviewFactory(
        interviewer=interviewer_persona("interviewer"), application__opening__blind_review=True
    )
    colleague = InterviewFactory(application=mine.application)
    submitted_scorecard(colleague, {"experience": 4})
    submitted_scorecard(InterviewFactory(), {"experience": 2})  # another application
    client = api_client("interviewer")
    url = reverse("api:scorecard-list")
    assert client.get(url).json()["results"] == []
    assert not may_see_colleagues_scores(interviewer, mine.application)

    assert client.post(submit_url(mine), card(), format="json").status_code == 201
    results = client.get(url).json()["results"]
    assert may_see_colleagues_scores(interviewer, mine.application)
    assert sorted(row["interview"] for row in results) == sorted([mine.pk, colleague.pk])
    # A blind-review opening: the interviewer reads the candidate's code, never the name.
    assert {row["candidate"] for row in results} == {mine.application.candidate.code}


@pytest.mark.django_db
def test_readers_see_names_on_a_blind_opening(api_client, hr):
    interview = InterviewFactory(application__opening__blind_review=True)
    submitted_scorecard(interview, {"experience": 4})
    results = api_client("hr").get(reverse("api:scorecard-list")).json()["results"]
    assert [row["candidate"] for row in results] == [interview.application.candidate.name]


@pytest.mark.django_db
def test_drafts_are_never_listed(api_client, hr):
    Scorecard.objects.create(interview=InterviewFactory())
    assert api_client("hr").get(reverse("api:scorecard-list")).json()["total"] == 0


@pytest.mark.django_db
def test_a_manager_reads_only_their_teams_scorecards(api_client, manager):
    mine = InterviewFactory(application__opening=OpeningFactory(hiring_managers=[manager]))
    submitted_scorecard(mine, {"experience": 4})
    submitted_scorecard(InterviewFactory(), {"experience": 2})
    results = api_client("manager").get(reverse("api:scorecard-list")).json()["results"]
    assert [row["interview"] for row in results] == [mine.pk]

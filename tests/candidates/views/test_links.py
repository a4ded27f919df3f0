"""Scorecard links on the pages: HR makes and revokes them; `/s/<token>/` opens one scorecard."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from candidates.models import Interviewer, Scorecard, ScorecardLink
from candidates.services.links import create_link, revoke_links
from tests.factories import DEFAULT_CODES, CandidateFactory, InterviewFactory, OpeningFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_rate_limit():
    """The request counts live in the cache, which outlives a test's database."""
    cache.clear()
    yield
    cache.clear()


def full_card(version: int = 0, action: str = "submit") -> dict:
    data = {"version": version, "recommendation": "yes", "summary": "Solid.", "action": action}
    for code in DEFAULT_CODES:
        data[f"score_{code}"] = "3"
        data[f"evidence_{code}"] = ""
    return data


def csrf_client() -> Client:
    return Client(enforce_csrf_checks=True)


def post_with_csrf(client: Client, path: str, data: dict):
    page = client.get(path)
    data = dict(data, csrfmiddlewaretoken=page.context["csrf_token"])
    return client.post(path, data)


def test_the_link_opens_its_scorecard_without_a_login():
    interview = InterviewFactory()
    new = create_link(interview=interview, by=None)
    response = Client().get(new.path)
    assert response.status_code == 200
    page = response.content.decode()
    assert interview.application.candidate.name in page
    assert 'id="scorecard-form"' in page
    assert reverse("home") + '"' not in page  # no navigation to the rest of the app
    assert reverse("candidates:my-interviews") not in page
    assert response["Cache-Control"] == "no-store, private"
    assert response["Referrer-Policy"] == "same-origin"


def test_submitting_through_the_link_works_once_and_is_recorded():
    interview = InterviewFactory()
    new = create_link(interview=interview, by=None)
    client = csrf_client()
    response = post_with_csrf(client, new.path, full_card())
    assert response.status_code == 302
    scorecard = Scorecard.objects.get(interview=interview)
    assert scorecard.is_submitted
    assert scorecard.submitted_via_link == new.link
    again = client.get(new.path)
    assert "has been submitted" in again.content.decode()
    assert 'id="scorecard-form"' not in again.content.decode()
    refused = Client().post(new.path, full_card(version=scorecard.version, action="draft"))
    assert refused.status_code == 200
    assert "has been submitted" in refused.content.decode()
    scorecard.refresh_from_db()
    assert scorecard.summary == "Solid."


def test_a_draft_through_the_link_keeps_the_link_alive():
    interview = InterviewFactory()
    new = create_link(interview=interview, by=None)
    client = csrf_client()
    response = post_with_csrf(client, new.path, full_card(action="draft"))
    assert response.status_code == 302
    assert not Scorecard.objects.get(interview=interview).is_submitted
    assert client.get(new.path).status_code == 200


def test_the_link_page_refuses_a_post_without_the_csrf_token():
    new = create_link(interview=InterviewFactory(), by=None)
    response = csrf_client().post(new.path, full_card())
    assert response.status_code == 403
    assert not Scorecard.objects.exists()


def test_the_link_reaches_no_other_interview():
    new = create_link(interview=InterviewFactory(), by=None)
    other = InterviewFactory()
    client = Client()
    assert client.get(new.path).status_code == 200
    entry = client.get(reverse("candidates:scorecard-entry", args=[other.pk]))
    assert entry.status_code == 302  # the login page
    assert entry.url.startswith(reverse("login"))


@pytest.mark.parametrize(
    ("ending", "status", "text"),
    [
        ("revoked", 410, "was revoked"),
        ("replaced", 410, "replaced by a newer one"),
        ("expired", 410, "has expired"),
    ],
)
def test_a_dead_link_says_why_without_naming_the_candidate(ending, status, text):
    interview = InterviewFactory()
    new = create_link(interview=interview, by=None)
    if ending == "revoked":
        revoke_links(interview=interview, by=None)
    elif ending == "replaced":
        create_link(interview=interview, by=None)
    else:
        ScorecardLink.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    response = Client().get(new.path)
    assert response.status_code == status
    page = response.content.decode()
    assert text in page
    assert interview.application.candidate.name not in page
    assert response["Cache-Control"] == "no-store, private"


def test_an_unknown_token_is_a_404():
    response = Client().get(reverse("scorecard-link", args=["not-a-token"]))
    assert response.status_code == 404
    assert "does not exist" in response.content.decode()


def test_a_blind_opening_shows_the_candidate_code_never_the_name():
    candidate = CandidateFactory(name="Zhang Wei")
    interview = InterviewFactory(
        application__candidate=candidate, application__opening=OpeningFactory(blind_review=True)
    )
    new = create_link(interview=interview, by=None)
    page = Client().get(new.path).content.decode()
    assert candidate.code in page
    assert "Zhang Wei" not in page


def test_too_many_requests_from_one_address_get_429(settings):
    settings.SCORECARD_LINK_RATE_LIMIT = 3
    new = create_link(interview=InterviewFactory(), by=None)
    client = Client()
    assert [client.get(new.path).status_code for _ in range(3)] == [200, 200, 200]
    limited = client.get(new.path)
    assert limited.status_code == 429
    assert "Too many requests" in limited.content.decode()
    other_address = Client(REMOTE_ADDR="10.0.0.9")
    assert other_address.get(new.path).status_code == 200


def test_hr_creates_a_link_sees_it_once_then_its_state(client, hr):
    interview = InterviewFactory()
    client.force_login(hr)
    response = client.post(reverse("candidates:scorecard-link-create", args=[interview.pk]))
    assert response.status_code == 302
    page = client.get(response.url).content.decode()
    link = ScorecardLink.objects.get(interview=interview)
    assert 'id="new-scorecard-link"' in page
    assert "http://127.0.0.1:8000/s/" in page
    assert f"Link #{link.pk} is live until" in page
    again = client.get(response.url).content.decode()
    assert 'id="new-scorecard-link"' not in again  # shown once
    assert f"Link #{link.pk} is live until" in again


def test_hr_revokes_the_link_from_the_scorecard_page(client, hr):
    interview = InterviewFactory()
    new = create_link(interview=interview, by=hr)
    client.force_login(hr)
    response = client.post(reverse("candidates:scorecard-link-revoke", args=[interview.pk]))
    assert response.status_code == 302
    assert "No live link." in client.get(response.url).content.decode()
    assert Client().get(new.path).status_code == 410


def test_an_interviewer_may_not_create_a_link_even_for_own_interview(client, interviewer):
    own = InterviewFactory(interviewer=Interviewer.objects.create(name="Own", user=interviewer))
    client.force_login(interviewer)
    response = client.post(reverse("candidates:scorecard-link-create", args=[own.pk]))
    assert response.status_code == 403
    assert not ScorecardLink.objects.exists()


def test_the_candidate_page_offers_a_link_and_shows_a_submission_through_one(client, hr):
    interview = InterviewFactory()
    candidate_page = reverse(
        "candidates:candidate-detail", args=[interview.application.candidate_id]
    )
    client.force_login(hr)
    link_button = reverse("candidates:scorecard-link-create", args=[interview.pk])
    assert link_button in client.get(candidate_page).content.decode()
    new = create_link(interview=interview, by=hr)
    post_with_csrf(csrf_client(), new.path, full_card())
    name = interview.interviewer.name
    expected = f"Submitted through a link by {name} (link #{new.link.pk})."
    assert expected in client.get(candidate_page).content.decode()
    entry = reverse("candidates:scorecard-entry", args=[interview.pk])
    assert expected in client.get(entry).content.decode()

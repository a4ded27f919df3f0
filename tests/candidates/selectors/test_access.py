"""Blind scoring and blind review: what an interviewer may see."""

import pytest
from django.urls import reverse

from candidates.models import Interviewer
from candidates.selectors.access import openings_for_user
from tests.factories import InterviewFactory, OpeningFactory, submitted_scorecard

pytestmark = pytest.mark.django_db


@pytest.fixture
def panel(interviewer):
    """An application with a colleague's submitted card and my interview, not yet scored."""
    colleague_interview = InterviewFactory(round_name="Phone screen")
    application = colleague_interview.application
    submitted_scorecard(colleague_interview, {"experience": 5, "crm": 2})
    me = Interviewer.objects.create(name="Zhou Qiang", user=interviewer)
    mine = InterviewFactory(application=application, interviewer=me, round_name="Final panel")
    return application, mine


def test_colleague_scores_hidden_until_own_scorecard_is_submitted(client, interviewer, panel):
    application, mine = panel
    client.force_login(interviewer)
    url = reverse("candidates:application-scorecards", args=[application.pk])
    before = client.get(url).content.decode()
    assert "stay hidden until you submit" in before
    assert "score-chip level-5" not in before

    submitted_scorecard(mine, {"experience": 3})
    after = client.get(url).content.decode()
    assert "score-chip level-5" in after


def test_scorecard_page_of_own_interview_shows_no_colleague_scores(client, interviewer, panel):
    _, mine = panel
    client.force_login(interviewer)
    page = client.get(reverse("candidates:scorecard-entry", args=[mine.pk])).content.decode()
    assert "Phone screen" not in page


def test_interviewer_of_another_application_gets_404(client, interviewer, panel):
    other = InterviewFactory()
    client.force_login(interviewer)
    url = reverse("candidates:application-scorecards", args=[other.application.pk])
    assert client.get(url).status_code == 404


def test_blind_review_shows_the_candidate_code_not_the_name(client, interviewer, panel):
    application, mine = panel
    opening = application.opening
    opening.blind_review = True
    opening.save()
    client.force_login(interviewer)
    for url in (
        reverse("candidates:my-interviews"),
        reverse("candidates:scorecard-entry", args=[mine.pk]),
    ):
        page = client.get(url).content.decode()
        assert application.candidate.code in page
        assert application.candidate.name not in page


def test_hr_sees_names_on_blind_openings(client, hr, panel):
    application, mine = panel
    application.opening.blind_review = True
    application.opening.save()
    client.force_login(hr)
    page = client.get(reverse("candidates:scorecard-entry", args=[mine.pk])).content.decode()
    assert application.candidate.name in page


def test_openings_for_user_follows_the_hiring_team(hr, manager, rubric_admin, interviewer):
    mine = OpeningFactory(hiring_managers=[manager])
    other = OpeningFactory()
    assert set(openings_for_user(hr)) == {mine, other}
    assert set(openings_for_user(rubric_admin)) == {mine, other}
    assert list(openings_for_user(manager)) == [mine]
    assert list(openings_for_user(interviewer)) == []

"""The debrief page: tally, scores side by side with disagreements first, score, notes, scope."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from candidates.explain import cells_on_100
from candidates.models import DebriefNote, Recommendation, Score, Scorecard
from candidates.selectors.confidence import ranking_confidence
from candidates.selectors.shortlist import build_shortlist
from tests.factories import (
    DEFAULT_CODES,
    ApplicationFactory,
    InterviewFactory,
    ScorecardFactory,
    submitted_scorecard,
)
from tests.long_text import PASTED, textarea_value, too_long

pytestmark = pytest.mark.django_db


def debrief_url(application) -> str:
    return reverse("candidates:application-debrief", args=[application.pk])


def every_dimension(value: int, **changes: int | None) -> dict[str, int | None]:
    return {code: changes.get(code, value) for code in DEFAULT_CODES}


def rated(application, cards: list[dict], recommendations=()) -> list[Scorecard]:
    """One submitted scorecard per dict of values, each from its own interview."""
    recommendations = list(recommendations) or [Recommendation.NO_DECISION] * len(cards)
    return [
        submitted_scorecard(
            InterviewFactory(application=application), values, recommendation=recommendation
        )
        for values, recommendation in zip(cards, recommendations, strict=True)
    ]


@pytest.fixture
def application(manager):
    return ApplicationFactory(opening__hiring_managers=[manager])


def test_tally_counts_each_recommendation_of_the_submitted_scorecards(client, hr, application):
    worked = [
        Recommendation.STRONG_YES,
        Recommendation.YES,
        Recommendation.YES,
        Recommendation.NO,
        Recommendation.NO_DECISION,
    ]
    rated(application, [every_dimension(3)] * 5, worked)
    # A draft does not count, whatever it recommends.
    ScorecardFactory(
        interview=InterviewFactory(application=application),
        recommendation=Recommendation.STRONG_NO,
    )
    client.force_login(hr)
    response = client.get(debrief_url(application))
    assert response.context["debrief"].tally == [
        (Recommendation.STRONG_NO, 0),
        (Recommendation.NO, 1),
        (Recommendation.YES, 2),
        (Recommendation.STRONG_YES, 1),
        (Recommendation.NO_DECISION, 1),
    ]
    assert response.context["debrief"].submitted == 5


def test_disagreeing_dimension_comes_first_and_is_marked_in_words(client, manager, application):
    # Ethics is seventh in the rubric; 2 against 4 is the candidate page's two-point spread.
    rated(application, [every_dimension(3, ethics=2), every_dimension(4, ethics=4, crm=None)])
    client.force_login(manager)
    response = client.get(debrief_url(application))
    lines = response.context["debrief"].dimensions
    assert [line.dimension.code for line in lines][:2] == ["ethics", "experience"]
    assert [line.dimension.code for line in lines if line.raters_disagree] == ["ethics"]
    assert [(r.value, r.round_name) for r in lines[0].ratings] == [
        (2, lines[0].ratings[0].round_name),
        (4, lines[0].ratings[1].round_name),
    ]
    page = response.content.decode()
    assert "Raters disagree: scores differ by 2 points" in page
    assert page.count("Raters disagree: scores differ by") == 1
    assert "Not assessed" in page  # crm on the second card
    assert page.index(lines[0].dimension.name) < page.index(lines[1].dimension.name)


def test_one_point_spread_is_not_a_disagreement(client, hr, application):
    rated(application, [every_dimension(3), every_dimension(4)])
    client.force_login(hr)
    response = client.get(debrief_url(application))
    assert response.context["debrief"].disagreements == []
    assert [line.dimension.code for line in response.context["debrief"].dimensions] == (
        DEFAULT_CODES
    )


def test_weighted_score_and_interval_are_the_shortlists(client, hr, application):
    rated(application, [every_dimension(3), every_dimension(5)])
    other = ApplicationFactory(opening=application.opening)
    rated(other, [every_dimension(2), every_dimension(3)])
    client.force_login(hr)
    response = client.get(debrief_url(application))
    shortlist = build_shortlist(application.opening)
    (row,) = [row for row in shortlist.ranking.ranked if row.key == application.pk]
    expected = cells_on_100(ranking_confidence(shortlist), [row.key], 1, 5)[row.key]
    assert response.context["score_line"].row.score_100 == pytest.approx(row.score_100)
    assert response.context["interval"] == expected
    assert expected.se is not None
    page = response.content.decode()
    interval = f"{expected.low:.0f}–{expected.high:.0f}"
    assert f"Weighted score {row.score_100:.1f} of 100, 90% interval {interval}." in page


def test_too_few_scorecards_say_so_plainly(client, hr, application):
    rated(application, [every_dimension(4)])
    client.force_login(hr)
    page = client.get(debrief_url(application)).content.decode()
    assert "Not ranked yet, so there is no interval" in page
    assert "Fewer than 2 submitted scorecards" in page


def test_no_scorecard_means_no_weighted_score(client, hr, application):
    client.force_login(hr)
    page = client.get(debrief_url(application)).content.decode()
    assert "No weighted score can be computed yet" in page


def snapshot() -> tuple[list, list]:
    return (
        list(Scorecard.objects.order_by("pk").values()),
        list(Score.objects.order_by("pk").values()),
    )


def test_notes_leave_every_score_and_scorecard_untouched(client, hr, manager, application):
    rated(
        application,
        [every_dimension(2, crm=None), every_dimension(5)],
        [Recommendation.NO, Recommendation.STRONG_YES],
    )
    before = snapshot()
    for user, text in [(hr, "Ask for a reference on CRM."), (manager, "Strong on experience.")]:
        client.force_login(user)
        response = client.post(debrief_url(application), {"text": text})
        assert response.status_code == 302
    assert snapshot() == before
    notes = list(application.debrief_notes.values_list("author__username", "text"))
    assert notes == [("hr", "Ask for a reference on CRM."), ("manager", "Strong on experience.")]
    page = client.get(debrief_url(application)).content.decode()
    assert "Ask for a reference on CRM." in page
    assert "Debrief note added." in page


@pytest.mark.parametrize(
    ("typed", "error"),
    [("   ", "This field is required."), ("长" * PASTED, too_long(PASTED))],
    ids=["empty", "too-long"],
)
def test_bad_note_shows_the_error_at_the_field_and_keeps_the_text(
    client, manager, application, typed, error
):
    client.force_login(manager)
    response = client.post(debrief_url(application), {"text": typed})
    assert response.status_code == 200
    assert response.context["form"].errors["text"] == [error]
    page = response.content.decode()
    assert error in page
    if typed.strip():
        assert textarea_value(page, "text") == typed
    assert not DebriefNote.objects.exists()


def test_manager_off_the_team_gets_404_and_writes_nothing(client, manager_elsewhere, application):
    client.force_login(manager_elsewhere)
    assert client.get(debrief_url(application)).status_code == 404
    assert client.post(debrief_url(application), {"text": "Hello"}).status_code == 404
    assert not DebriefNote.objects.exists()


def test_rubric_admin_reads_without_the_form_and_may_not_post(client, rubric_admin, application):
    rated(application, [every_dimension(3)])
    client.force_login(rubric_admin)
    response = client.get(debrief_url(application))
    assert response.status_code == 200
    assert response.context["form"] is None
    assert "<textarea" not in response.content.decode()
    assert client.post(debrief_url(application), {"text": "Mine"}).status_code == 403
    assert not DebriefNote.objects.exists()


def test_interviewer_may_not_open_the_debrief(client, interviewer, application):
    client.force_login(interviewer)
    assert client.get(debrief_url(application)).status_code == 403
    assert client.post(debrief_url(application), {"text": "Mine"}).status_code == 403


def test_candidate_page_links_each_application_to_its_debrief(client, hr, application):
    client.force_login(hr)
    page = client.get(
        reverse("candidates:candidate-detail", args=[application.candidate_id])
    ).content.decode()
    assert debrief_url(application) in page


def count_queries(client, application) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(debrief_url(application)).status_code == 200
    return len(queries)


def test_query_count_does_not_grow_with_scorecards_or_notes(client, manager):
    client.force_login(manager)
    few = ApplicationFactory(opening__hiring_managers=[manager])
    rated(few, [every_dimension(3)])
    many = ApplicationFactory(opening__hiring_managers=[manager])
    rated(many, [every_dimension(value % 5 + 1) for value in range(9)])
    for number in range(4):
        DebriefNote.objects.create(application=many, author=manager, text=f"Note {number}")
    assert count_queries(client, many) == count_queries(client, few)

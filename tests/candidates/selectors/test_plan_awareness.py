"""The interview plan in the shortlist's reasons and on the interviewer calibration page."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from candidates.explain import display_rows
from candidates.models import InterviewRound, Recommendation, Scorecard
from candidates.scoring.ranking import (
    REASON_COVERAGE,
    REASON_ROUND_UNSCORED,
    REASON_SCORECARDS,
    Reason,
)
from candidates.selectors.calibration import rubric_calibration, rubric_conduct
from candidates.selectors.shortlist import build_shortlist
from rubrics.models import Dimension, RoundMethod
from tests.factories import (
    DEFAULT_CODES,
    ApplicationFactory,
    InterviewerFactory,
    InterviewFactory,
    OpeningFactory,
    submitted_scorecard,
)

pytestmark = pytest.mark.django_db

ALL = dict.fromkeys(DEFAULT_CODES, 4)


def plan(opening, *names: str, focus: dict[str, list[str]] | None = None) -> list[InterviewRound]:
    """Rounds in the order given; created last to first, so that ids do not give the order."""
    rounds = {}
    for order, name in reversed(list(enumerate(names, start=1))):
        rounds[name] = InterviewRound.objects.create(
            opening=opening, order=order, name=name, method=RoundMethod.INTERVIEW
        )
        codes = (focus or {}).get(name, [])
        rounds[name].focus.set(Dimension.objects.filter(rubric=opening.rubric, code__in=codes))
    return [rounds[name] for name in names]


def interview(application, plan_round=None, interviewer=None):
    fields = {"application": application}
    if plan_round is not None:
        fields |= {"round": plan_round, "round_name": plan_round.name}
    if interviewer is not None:
        fields["interviewer"] = interviewer
    return InterviewFactory(**fields)


def pending_row(opening, application):
    shortlist = build_shortlist(opening)
    return next((row, entry) for row, entry in shortlist.pending() if entry.pk == application.pk)


def reasons_in_words(opening, application) -> list[str]:
    shortlist = build_shortlist(opening)
    pair = next((r, e) for r, e in shortlist.pending() if e.pk == application.pk)
    return display_rows(shortlist, [pair])[0].reasons


# The shortlist's reasons


def test_missing_rounds_are_listed_by_name_in_plan_order():
    opening = OpeningFactory()
    screen, written, final = plan(opening, "Phone screen", "Written test", "Final interview")
    application = ApplicationFactory(opening=opening)
    submitted_scorecard(interview(application, screen), ALL)
    Scorecard.objects.create(interview=interview(application, written))  # a draft is not scored
    row, _entry = pending_row(opening, application)
    assert row.reasons == (
        Reason(REASON_SCORECARDS),
        Reason(REASON_ROUND_UNSCORED, round="Written test"),
        Reason(REASON_ROUND_UNSCORED, round="Final interview"),
    )
    assert reasons_in_words(opening, application) == [
        "Fewer than 2 submitted scorecards",
        "Written test, Final interview not yet scored",
    ]


def test_an_application_with_no_interview_misses_every_round():
    opening = OpeningFactory()
    plan(opening, "Phone screen", "Final interview")
    application = ApplicationFactory(opening=opening)
    assert reasons_in_words(opening, application)[-1] == (
        "Phone screen, Final interview not yet scored"
    )


def test_no_round_is_missing_when_every_planned_round_is_scored():
    opening = OpeningFactory()
    screen, final = plan(opening, "Phone screen", "Final interview")
    application = ApplicationFactory(opening=opening)
    thin = {"experience": 4, "crm": 3}  # too little coverage to be ranked
    submitted_scorecard(interview(application, screen), thin)
    submitted_scorecard(interview(application, final), thin)
    row, _entry = pending_row(opening, application)
    assert row.reasons == (Reason(REASON_COVERAGE),)


def test_a_ranked_application_stays_ranked_with_a_round_still_to_come():
    opening = OpeningFactory()
    screen, _final = plan(opening, "Phone screen", "Final interview")
    application = ApplicationFactory(opening=opening)
    for _card in range(2):
        submitted_scorecard(interview(application, screen), ALL)
    (row, _entry), *_ = build_shortlist(opening).rows()
    assert row.eligible and row.reasons == ()


def test_openings_without_a_plan_are_unchanged():
    opening = OpeningFactory()
    plan(OpeningFactory(), "Final interview")  # another opening's plan
    application = ApplicationFactory(opening=opening)
    submitted_scorecard(interview(application), ALL)
    row, _entry = pending_row(opening, application)
    assert row.reasons == (Reason(REASON_SCORECARDS),)
    assert reasons_in_words(opening, application) == ["Fewer than 2 submitted scorecards"]


def test_calibrated_shortlist_lists_the_missing_rounds_too():
    opening = OpeningFactory()
    screen, _final = plan(opening, "Phone screen", "Final interview")
    application = ApplicationFactory(opening=opening)
    submitted_scorecard(interview(application, screen), ALL)
    shortlist = build_shortlist(opening, calibrated=True)
    expected = Reason(REASON_ROUND_UNSCORED, round="Final interview")
    assert expected in shortlist.pending()[0][0].reasons
    assert expected in shortlist.raw_rows()[application.pk].reasons


def test_shortlist_page_and_ranking_json_name_the_missing_rounds(client, manager):
    client.force_login(manager)
    opening = OpeningFactory(hiring_managers=[manager])
    screen, _written, _final = plan(opening, "Phone screen", "Written test", "Final interview")
    application = ApplicationFactory(opening=opening)
    submitted_scorecard(interview(application, screen), ALL)
    page = client.get(reverse("candidates:opening-shortlist", args=[opening.pk]))
    assert "Written test, Final interview not yet scored" in page.content.decode()
    data = json.loads(
        client.get(reverse("candidates:opening-ranking-json", args=[opening.pk])).content
    )
    assert data["needs_more_evidence"][0]["reasons"] == [
        "scorecards",
        "round_unscored:Written test",
        "round_unscored:Final interview",
    ]


def count_queries(client, name: str, opening) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse(name, args=[opening.pk]))
        assert response.status_code == 200
    return len(queries)


def planned_opening(manager, applications: int):
    opening = OpeningFactory(hiring_managers=[manager])
    focus = {"Phone screen": ["crm"]}
    screen, final = plan(opening, "Phone screen", "Final interview", focus=focus)
    for index in range(applications):
        application = ApplicationFactory(opening=opening)
        submitted_scorecard(interview(application, screen), ALL, recommendation="yes")
        if index % 2:
            submitted_scorecard(interview(application, final), ALL)
    return opening


def test_shortlist_query_count_with_a_plan_does_not_grow_with_candidates(client, manager):
    client.force_login(manager)
    small, large = planned_opening(manager, 3), planned_opening(manager, 30)
    name = "candidates:opening-shortlist"
    assert count_queries(client, name, small) == count_queries(client, name, large)


# The calibration page: focus adherence and "no decision"


@pytest.fixture
def rounds_with_focus():
    """A three-focus round and a round with no focus, on one opening."""
    opening = OpeningFactory()
    deep, open_round = plan(
        opening,
        "Deep dive",
        "Open talk",
        focus={"Deep dive": ["experience", "crm", "ethics"]},
    )
    return opening, deep, open_round


def test_adherence_and_no_decision_match_the_numbers_worked_by_hand(rounds_with_focus):
    opening, deep, open_round = rounds_with_focus
    anna, bo = InterviewerFactory(name="Anna"), InterviewerFactory(name="Bo")
    first, second = ApplicationFactory(opening=opening), ApplicationFactory(opening=opening)
    # Anna: 3 of 3 focus dimensions, then 2 of 3 (ethics not assessed): 5 / 6.
    submitted_scorecard(
        interview(first, deep, anna),
        {"experience": 4, "crm": 3, "ethics": 5, "learning": 2},
        recommendation=Recommendation.YES,
    )
    submitted_scorecard(
        interview(second, deep, anna),
        {"experience": 4, "crm": 3, "ethics": None},
        recommendation=Recommendation.NO_DECISION,
    )
    # Neither a round without focus nor an interview without a round counts.
    submitted_scorecard(
        interview(first, open_round, anna), {"crm": 2}, recommendation=Recommendation.NO
    )
    # A draft counts for nothing, not even its "no decision".
    Scorecard.objects.create(interview=interview(second, open_round, anna))
    # Bo: no round with focus at all; two scorecards left with no decision.
    submitted_scorecard(interview(first, None, bo), {"crm": 4})
    submitted_scorecard(interview(second, None, bo), {"crm": 3})

    conduct = rubric_conduct(opening.rubric)
    assert (conduct[anna.pk].focus_scored, conduct[anna.pk].focus_asked) == (5, 6)
    assert conduct[anna.pk].adherence == pytest.approx(5 / 6)
    assert conduct[anna.pk].no_decision == 1
    assert conduct[bo.pk].adherence is None
    assert conduct[bo.pk].no_decision == 2

    calibration = rubric_calibration(opening.rubric, list(opening.rubric.dimensions.all()))
    assert calibration.raters[anna.pk].conduct == conduct[anna.pk]


def test_calibration_page_shows_adherence_as_a_percentage_or_a_dash(
    client, manager, rounds_with_focus
):
    opening, deep, _open_round = rounds_with_focus
    opening.hiring_managers.add(manager)
    anna, bo = InterviewerFactory(name="Anna"), InterviewerFactory(name="Bo")
    application = ApplicationFactory(opening=opening)
    submitted_scorecard(interview(application, deep, anna), {"experience": 4, "crm": 3})
    submitted_scorecard(
        interview(application, None, bo), {"crm": 4}, recommendation=Recommendation.YES
    )
    client.force_login(manager)
    response = client.get(reverse("candidates:opening-interviewers", args=[opening.pk]))
    rows = {name: effect for name, effect, _reasons in response.context["rows"]}
    assert rows["Anna"].conduct.adherence == pytest.approx(2 / 3)
    assert (rows["Anna"].conduct.no_decision, rows["Bo"].conduct.no_decision) == (1, 0)
    body = response.content.decode()
    assert "67%" in body and "Focus adherence" in body
    assert rows["Bo"].conduct.adherence is None


def test_calibration_page_query_count_does_not_grow_with_candidates(client, manager):
    client.force_login(manager)
    name = "candidates:opening-interviewers"
    small = count_queries(client, name, planned_opening(manager, 3))
    large = count_queries(client, name, planned_opening(manager, 30))
    assert small == large


def test_missing_rounds_are_named_in_the_active_language_or_its_fallback():
    opening = OpeningFactory()
    written, final = plan(opening, "Written test", "Final interview")
    written.name_zh_hans = "笔试"
    written.save()
    application = ApplicationFactory(opening=opening)
    with translation.override("zh-hans"):
        rounds = [r.round for r in pending_row(opening, application)[0].reasons if r.round]
    assert rounds == ["笔试", "Final interview"]

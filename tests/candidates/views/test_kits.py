"""The interview kit: the page, the link's kit, and the selector they share."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import override

from candidates.models import Interviewer
from candidates.selectors.kits import interview_kit, kit_as_dict, time_plan
from candidates.services.links import create_link, revoke_links
from candidates.services.plans import start_plan_from_rubric
from candidates.services.reminders import compose_reminder
from rubrics.models import Question
from tests.candidates.plan_helpers import planned_opening
from tests.conftest import logged_in
from tests.factories import InterviewerFactory, InterviewFactory, OpeningFactory

pytestmark = pytest.mark.django_db


def own(user) -> Interviewer:
    return Interviewer.objects.create(name="Own", user=user)


def planned_interview(interviewer_user=None, *, round_index: int = 0, **opening_fields):
    """An interview of the first round of an opening whose plan is the rubric's default plan."""
    opening = OpeningFactory(**opening_fields)
    plan_round = start_plan_from_rubric(opening=opening)[round_index]
    interviewer = own(interviewer_user) if interviewer_user else InterviewerFactory()
    return InterviewFactory(
        application__opening=opening,
        round=plan_round,
        round_name=plan_round.name,
        interviewer=interviewer,
    )


def kit_url(interview) -> str:
    return reverse("candidates:interview-kit", args=[interview.pk])


def question_texts(kit_dict: dict) -> list[str]:
    return [
        question["text"]
        for dimension in kit_dict["focus"]
        for criterion in dimension["criteria"]
        for question in criterion["questions"]
    ]


def test_a_rounds_kit_shows_only_its_focus_dimensions_and_chosen_questions():
    interview = planned_interview()
    plan_round = interview.round
    kit = kit_as_dict(interview_kit(interview, None))

    focus = plan_round.focus.order_by("order", "id")
    assert [d["code"] for d in kit["focus"]] == [d.code for d in focus]
    assert len(kit["focus"]) < interview.application.opening.rubric.dimensions.count()
    chosen = set(plan_round.questions.values_list("text", flat=True))
    assert chosen and set(question_texts(kit)) == chosen
    assert kit["round"] == plan_round.name and kit["method"] == plan_round.method


def test_without_a_round_the_kit_has_every_dimension_and_the_active_bank_questions():
    interview = InterviewFactory()
    rubric = interview.application.opening.rubric
    retired = Question.objects.filter(criterion__dimension__rubric=rubric).first()
    retired.retired_at = timezone.now()
    retired.save()

    kit = interview_kit(interview, None)

    assert [d.code for d in kit.focus] == list(
        rubric.dimensions.order_by("order", "id").values_list("code", flat=True)
    )
    active = Question.objects.filter(criterion__dimension__rubric=rubric, retired_at__isnull=True)
    assert sorted(question_texts(kit_as_dict(kit))) == sorted(q.text for q in active)
    assert retired.text not in question_texts(kit_as_dict(kit))
    assert kit.method == "interview" and kit.duration_minutes == 60
    assert all(len(d.anchors) == 5 for d in kit.focus)


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_page_shows_every_criterion_question_and_anchor_of_the_kit(interviewer, language):
    interview = planned_interview(interviewer)
    response = logged_in(interviewer).get(kit_url(interview), HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    page = response.content.decode()
    with override(language):
        kit = interview_kit(interview, interviewer)
    for dimension in kit.focus:
        assert escape(dimension.name) in page
        for anchor in dimension.anchors:
            assert escape(anchor.description) in page
        for criterion in dimension.criteria:
            assert escape(criterion.name) in page
            assert escape(criterion.assessed_by) in page
            for question in criterion.questions:
                assert escape(question.text) in page
                assert escape(question.strong) in page
                assert all(escape(probe) in page for probe in question.probes)
    assert 'src="/static/js/print.js"' in page


def test_hr_opens_the_kit_of_any_interview_and_an_interviewer_only_their_own(
    hr, interviewer, interviewer_elsewhere
):
    interview = planned_interview(interviewer)
    assert logged_in(hr).get(kit_url(interview)).status_code == 200
    assert logged_in(interviewer_elsewhere).get(kit_url(interview)).status_code == 404


def test_a_blind_opening_shows_the_interviewer_the_code_and_hr_the_name(hr, interviewer):
    interview = planned_interview(interviewer, blind_review=True)
    candidate = interview.application.candidate
    page = logged_in(interviewer).get(kit_url(interview)).content.decode()
    assert candidate.code in page and candidate.name not in page
    assert candidate.name in logged_in(hr).get(kit_url(interview)).content.decode()


def count_queries(interview) -> int:
    with CaptureQueriesContext(connection) as queries:
        interview_kit(interview, None)
    return len(queries)


def test_the_kit_takes_the_same_number_of_queries_however_many_questions():
    with_round = planned_interview()
    without_round = InterviewFactory()
    before = (count_queries(with_round), count_queries(without_round))

    criterion = with_round.round.questions.first().criterion
    for number in range(12):
        question = Question.objects.create(
            criterion=criterion, key=f"extra-{number}", kind="behavioural", text=f"Extra {number}"
        )
        with_round.round.questions.add(question)

    assert (count_queries(with_round), count_queries(without_round)) == before
    assert len(question_texts(kit_as_dict(interview_kit(with_round, None)))) >= 12


def test_the_time_plan_opens_splits_the_rest_evenly_and_leaves_the_candidate_five_minutes():
    slots = time_plan(60, ["A", "B", "C"])
    assert [(s.start, s.end) for s in slots] == [(0, 5), (5, 22), (22, 38), (38, 55), (55, 60)]
    assert [s.label for s in slots[1:4]] == ["A", "B", "C"]
    assert [(s.start, s.end) for s in time_plan(45, ["A", "B"])] == [
        (0, 5),
        (5, 23),
        (23, 40),
        (40, 45),
    ]
    # Half a minute rounds up, and the slots still end on the duration.
    assert [(s.start, s.end) for s in time_plan(15, ["A", "B"])] == [
        (0, 5),
        (5, 8),
        (8, 10),
        (10, 15),
    ]


def test_a_rounds_time_plan_uses_its_duration_and_the_page_shows_it(hr):
    interview = planned_interview()
    plan_round = interview.round
    plan_round.duration_minutes = 40
    plan_round.save()
    kit = interview_kit(interview, None)
    assert kit.time_plan[0].end == 5 and kit.time_plan[-1].end == 40
    assert len(kit.time_plan) == len(kit.focus) + 2
    page = logged_in(hr).get(kit_url(interview)).content.decode()
    assert "0–5 min" in page and "35–40 min" in page


def test_the_link_kit_opens_for_a_live_link_without_login_and_without_navigation(client):
    cache.clear()
    interview = planned_interview()
    new = create_link(interview=interview, by=None)
    response = client.get(reverse("scorecard-link-kit", args=[new.token]))
    assert response.status_code == 200
    page = response.content.decode()
    assert escape(interview.round.questions.first().text) in page
    assert "Main navigation" not in page
    assert response["Cache-Control"] == "no-store, private"
    assert reverse("scorecard-link", args=[new.token]) in page


def test_a_revoked_links_kit_is_the_dead_link_page(client):
    cache.clear()
    interview = planned_interview()
    new = create_link(interview=interview, by=None)
    revoke_links(interview=interview, by=None)
    response = client.get(reverse("scorecard-link-kit", args=[new.token]))
    assert response.status_code == 410
    assert "revoked" in response.content.decode()
    assert interview.application.candidate.name not in response.content.decode()


def test_the_link_kit_is_rate_limited_like_the_link_page(client, settings):
    cache.clear()
    settings.SCORECARD_LINK_RATE_LIMIT = 2
    new = create_link(interview=InterviewFactory(), by=None)
    url = reverse("scorecard-link-kit", args=[new.token])
    assert [client.get(url).status_code for _ in range(3)] == [200, 200, 429]


def test_the_scorecard_pages_and_my_interviews_link_to_the_kit(interviewer, client):
    cache.clear()
    interview = planned_interview(interviewer)
    browser = logged_in(interviewer)
    entry = browser.get(reverse("candidates:scorecard-entry", args=[interview.pk]))
    assert kit_url(interview) in entry.content.decode()
    assert kit_url(interview) in browser.get(reverse("candidates:my-interviews")).content.decode()
    new = create_link(interview=InterviewFactory(), by=None)
    link_page = client.get(new.path).content.decode()
    assert reverse("scorecard-link-kit", args=[new.token]) in link_page


def test_the_reminder_carries_the_kit_url_beside_the_scorecard_url(interviewer, settings):
    settings.SITE_URL = "https://hiring.example.com"
    interview = InterviewFactory(
        interviewer=own(interviewer), scheduled_at=timezone.now() - timedelta(days=2)
    )
    _subject, body = compose_reminder(interview)
    assert "https://hiring.example.com" + kit_url(interview) in body
    scorecard = reverse("candidates:scorecard-entry", args=[interview.pk])
    assert "https://hiring.example.com" + scorecard in body


def test_a_link_reminder_carries_the_links_kit_url(settings):
    settings.SITE_URL = "https://hiring.example.com"
    interview = InterviewFactory()
    new = create_link(interview=interview, by=None)
    _subject, body = compose_reminder(interview, link=new)
    assert new.url in body
    assert "https://hiring.example.com" + reverse("scorecard-link-kit", args=[new.token]) in body


def test_a_retired_question_leaves_the_kits_of_the_rounds_that_chose_it(client, hr):
    opening, rounds = planned_opening()
    chosen = rounds[0].questions.order_by("order").first()
    interview = InterviewFactory(application__opening=opening, round=rounds[0], round_name="x")
    url = reverse("candidates:interview-kit", args=[interview.pk])
    client.force_login(hr)
    assert escape(chosen.text) in client.get(url).content.decode()
    Question.objects.filter(pk=chosen.pk).update(retired_at=timezone.now())
    assert escape(chosen.text) not in client.get(url).content.decode()

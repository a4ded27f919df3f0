"""The interview plan pages, scheduling for a round and the scorecard of a round."""

import pytest
from django.urls import reverse

from candidates.models import Interview, Scorecard
from tests.candidates.plan_helpers import planned_opening
from tests.factories import (
    ApplicationFactory,
    InterviewerFactory,
    InterviewFactory,
    OpeningFactory,
)

pytestmark = pytest.mark.django_db


def plan_url(opening) -> str:
    return reverse("candidates:opening-plan", args=[opening.pk])


def test_hr_starts_the_plan_from_the_rubric_and_sees_its_coverage(client, hr):
    opening = OpeningFactory()
    client.force_login(hr)
    page = client.get(plan_url(opening)).content.decode()
    assert "This opening has no plan yet" in page
    start = reverse("candidates:opening-plan-start", args=[opening.pk])
    response = client.post(start, follow=True)
    page = response.content.decode()
    assert "The plan has 6 rounds from the rubric." in page
    assert "Phone screen" in page and "Final interview" in page
    coverage = response.context["coverage"]
    assert [row.dimension.code for row in coverage][:2] == ["experience", "culture_fit"]
    assert not any(row.short for row in coverage)


def test_a_manager_on_the_team_reads_the_plan_without_editing(client, manager):
    opening, _rounds = planned_opening(hiring_managers=[manager])
    client.force_login(manager)
    response = client.get(plan_url(opening))
    assert response.status_code == 200
    assert (
        reverse("candidates:plan-round-create", args=[opening.pk]) not in response.content.decode()
    )


def test_a_bad_round_is_refused_next_to_its_fields_and_keeps_the_typing(client, hr):
    opening = OpeningFactory()
    client.force_login(hr)
    url = reverse("candidates:plan-round-create", args=[opening.pk])
    response = client.post(
        url, {"name_en": "", "name_zh_hans": "案例", "method": "exercise", "duration_minutes": "2"}
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert "focus" in errors and "duration_minutes" in errors
    assert 'value="案例"' in response.content.decode()
    assert not opening.rounds.exists()


def test_a_round_saved_from_the_page_lands_at_the_end_of_the_plan(client, hr):
    opening, rounds = planned_opening()
    client.force_login(hr)
    focus = opening.rubric.dimensions.filter(code__in=["crm", "learning", "ethics"])
    data = {
        "name_en": "Case study",
        "name_zh_hans": "案例分析",
        "method": "exercise",
        "duration_minutes": "45",
        "focus": [d.pk for d in focus],
    }
    url = reverse("candidates:plan-round-create", args=[opening.pk])
    assert client.post(url, data).status_code == 302
    last = opening.rounds.order_by("order").last()
    assert (last.name_en, last.name_zh_hans, last.order) == (
        "Case study",
        "案例分析",
        len(rounds) + 1,
    )
    assert set(last.focus.all()) == set(focus)


def test_on_a_planned_opening_hr_schedules_a_round_of_the_plan(client, hr):
    opening, rounds = planned_opening()
    application = ApplicationFactory(opening=opening)
    interviewer = InterviewerFactory()
    client.force_login(hr)
    url = reverse("candidates:interview-create", args=[application.pk])
    page = client.get(url).content.decode()
    assert "Round of the plan" in page and rounds[2].name in page
    data = {
        "interviewer": interviewer.pk,
        "round": rounds[2].pk,
        "scheduled_at": "2026-12-20T10:00",
    }
    assert client.post(url, data).status_code == 302
    interview = Interview.objects.get(application=application)
    assert (interview.round, interview.round_name) == (rounds[2], rounds[2].name_en)


def test_a_rounds_scorecard_folds_the_other_dimensions_and_submits_with_the_focus(
    client, interviewer
):
    opening, rounds = planned_opening()
    phone = rounds[0]
    interview = InterviewFactory(
        application__opening=opening,
        round=phone,
        round_name=phone.name_en,
        interviewer__user=interviewer,
    )
    client.force_login(interviewer)
    url = reverse("candidates:scorecard-entry", args=[interview.pk])
    response = client.get(url)
    form = response.context["form"]
    focus = {d.code for d in phone.focus.all()}
    assert {d.code for d, _s, _e in form.rows()} == focus
    assert len(form.other_rows()) == 10 - len(focus)
    assert '<details class="mb-3 other-dimensions">' in response.content.decode()
    data = {"version": "0", "action": "submit", "recommendation": "yes", "summary": ""}
    data |= {f"score_{code}": "3" for code in focus}
    assert client.post(url, data).status_code == 302
    card = Scorecard.objects.get(interview=interview)
    assert card.is_submitted
    assert set(card.scores.exclude(value=None).values_list("dimension__code", flat=True)) == focus


@pytest.mark.parametrize("bad", ["99999999999999999999", "１２", "1\x00", "abc", "-1"])
def test_a_hostile_focus_or_question_id_is_refused_next_to_the_field(client, hr, bad):
    opening = OpeningFactory()
    client.force_login(hr)
    url = reverse("candidates:plan-round-create", args=[opening.pk])
    data = {"name_en": "X", "method": "exercise", "duration_minutes": "30"}
    response = client.post(url, data | {"focus": [bad], "questions": [bad]})
    assert response.status_code == 400
    assert {"focus", "questions"} <= set(response.context["form"].errors)
    assert not opening.rounds.exists()

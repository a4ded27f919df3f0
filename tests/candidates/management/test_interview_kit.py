"""`manage.py interview_kit`: the page's kit as JSON or plain text, in either language."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils.translation import override

from candidates.models import Interviewer
from candidates.selectors.kits import interview_kit, kit_as_dict
from candidates.services.plans import start_plan_from_rubric
from tests.conftest import logged_in
from tests.factories import InterviewFactory, OpeningFactory

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = StringIO()
    call_command("interview_kit", *[str(a) for a in args], stdout=out)
    return out.getvalue()


def planned_interview(user=None, **opening_fields):
    opening = OpeningFactory(**opening_fields)
    plan_round = start_plan_from_rubric(opening=opening)[0]
    fields = {"interviewer": Interviewer.objects.create(name="Own", user=user)} if user else {}
    return InterviewFactory(
        application__opening=opening, round=plan_round, round_name=plan_round.name, **fields
    )


@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.parametrize("planned", [True, False], ids=["round", "no-round"])
def test_the_command_and_the_page_give_the_same_kit(interviewer, language, planned):
    interview = (
        planned_interview(interviewer)
        if planned
        else InterviewFactory(interviewer=Interviewer.objects.create(name="Own", user=interviewer))
    )
    printed = json.loads(run(interview.pk, "--language", language, "--format", "json"))

    response = logged_in(interviewer).get(
        reverse("candidates:interview-kit", args=[interview.pk]), HTTP_ACCEPT_LANGUAGE=language
    )
    assert kit_as_dict(response.context["kit"]) == printed
    assert printed["interview"] == interview.pk
    assert set(printed) == {"interview", "round", "method", "focus"}
    first = printed["focus"][0]
    assert set(first) == {"code", "name", "criteria"}
    assert set(first["criteria"][0]) == {"name", "questions"}
    assert set(first["criteria"][0]["questions"][0]) == {"text", "strong", "weak"}


def test_the_languages_give_different_texts_of_the_same_kit():
    interview = planned_interview()
    english = json.loads(run(interview.pk, "--format", "json"))
    chinese = json.loads(run(interview.pk, "--language", "zh-hans", "--format", "json"))
    assert [d["code"] for d in english["focus"]] == [d["code"] for d in chinese["focus"]]
    assert english["focus"][0]["name"] != chinese["focus"][0]["name"]
    with override("zh-hans"):
        expected = kit_as_dict(interview_kit(interview, None))
    assert chinese == expected


def test_json_keeps_chinese_characters_unescaped():
    interview = planned_interview()
    output = run(interview.pk, "--language", "zh-hans", "--format", "json")
    assert "\\u" not in output
    with override("zh-hans"):
        assert interview_kit(interview, None).focus[0].name in output


def test_the_text_format_is_the_default_and_reads_like_the_kit():
    interview = planned_interview()
    output = run(interview.pk)
    with override("en"):
        kit = interview_kit(interview, None)
    assert f"Interview kit for {interview.application.candidate.name}" in output
    assert "0–5 min Opening" in output
    for dimension in kit.focus:
        assert dimension.name in output
        for criterion in dimension.criteria:
            assert all(question.text in output for question in criterion.questions)


def test_a_blind_opening_prints_the_candidate_code_not_the_name():
    interview = planned_interview(blind_review=True)
    candidate = interview.application.candidate
    output = run(interview.pk)
    assert candidate.code in output and candidate.name not in output


def test_an_unknown_interview_is_a_clear_error():
    with pytest.raises(CommandError, match="No interview with id 999999"):
        run(999999)

"""The seeded question bank and default plans: complete in both languages, covering the rubric."""

import re

import pytest

from rubrics.models import MAX_FOCUS_RECOMMENDED, Criterion, QuestionKind, Rubric
from rubrics.services import create_version

pytestmark = pytest.mark.django_db

SEEDED = ["Account manager", "Key account manager"]
ASCII_NEXT_TO_CHINESE = re.compile(r"[\u4e00-\u9fff][,;:?()]|[,;:?()][\u4e00-\u9fff]")


@pytest.mark.parametrize("name", SEEDED)
def test_every_criterion_has_three_questions_in_each_language(name):
    rubric = Rubric.objects.get(name_en=name, version=1)
    criteria = Criterion.objects.filter(dimension__rubric=rubric).prefetch_related("questions")
    assert criteria.count() == 20
    for criterion in criteria:
        questions = list(criterion.questions.all())
        assert len(questions) >= 3, criterion.name_en
        kinds = {q.kind for q in questions}
        assert {QuestionKind.BEHAVIOURAL, QuestionKind.SITUATIONAL} <= kinds, criterion.name_en
        for question in questions:
            for field in ("text", "strong", "weak"):
                assert getattr(question, f"{field}_en").strip(), (question.key, field)
                chinese = getattr(question, f"{field}_zh_hans")
                assert re.search(r"[\u4e00-\u9fff]", chinese), (question.key, field)
                assert not ASCII_NEXT_TO_CHINESE.search(chinese), (question.key, chinese)
            assert len(question.probe_list) >= 2


@pytest.mark.parametrize("name", SEEDED)
def test_the_default_plan_covers_every_dimension_twice_with_at_most_five_per_round(name):
    rubric = Rubric.objects.get(name_en=name, version=1)
    rounds = list(rubric.plan_rounds.prefetch_related("focus", "questions__criterion"))
    assert len(rounds) >= 5
    for plan_round in rounds:
        focus = {d.pk for d in plan_round.focus.all()}
        assert 3 <= len(focus) <= MAX_FOCUS_RECOMMENDED
        assert plan_round.name_en and plan_round.name_zh_hans
        assert all(q.criterion.dimension_id in focus for q in plan_round.questions.all())
    for dimension in rubric.dimensions.all():
        covering = [r for r in rounds if dimension in r.focus.all()]
        assert len(covering) >= rubric.min_scorecards, dimension.code


def test_written_communication_is_assessed_by_a_written_test_and_teamwork_by_an_exercise():
    rubric = Rubric.objects.get(name_en="Account manager", version=1)
    methods = {
        code: {r.method for r in rubric.plan_rounds.filter(focus__code=code)}
        for code in ("communication", "culture_fit", "performance_history")
    }
    assert "test" in methods["communication"]
    assert "exercise" in methods["culture_fit"]
    assert "record_review" in methods["performance_history"]


def test_a_new_version_keeps_the_bank_and_the_plan(hr):
    rubric = Rubric.objects.get(name_en="Account manager", version=1)
    version = create_version(rubric=rubric, by=hr, reason="New gates")
    old = sorted(Criterion.objects.filter(dimension__rubric=rubric).values_list("questions__key"))
    new = sorted(Criterion.objects.filter(dimension__rubric=version).values_list("questions__key"))
    assert new == old
    copied = version.plan_rounds.first()
    assert {d.rubric_id for d in copied.focus.all()} == {version.pk}
    assert {q.criterion.dimension.rubric_id for q in copied.questions.all()} == {version.pk}
    assert [r.name_en for r in version.plan_rounds.all()] == [
        r.name_en for r in rubric.plan_rounds.all()
    ]

"""Interview plans: built from the rubric, edited round by round, followed by every write path."""

import pytest
from django.core.exceptions import ValidationError

from candidates.models import Interview, InterviewRound, Scorecard
from candidates.selectors.plans import overloaded_rounds, plan_coverage, plan_rounds
from candidates.services.importing import ImportRejected, import_scorecards
from candidates.services.plans import (
    RoundValues,
    move_round,
    remove_round,
    save_round,
    start_plan_from_rubric,
)
from candidates.services.scorecards import (
    IncompleteScorecard,
    ScorecardEntry,
    ScoreEntry,
    save_scorecard,
)
from rubrics.models import Dimension
from tests.candidates.plan_helpers import planned_opening
from tests.factories import ApplicationFactory, InterviewFactory, OpeningFactory

pytestmark = pytest.mark.django_db


def values(opening, codes, **extra) -> RoundValues:
    focus = list(opening.rubric.dimensions.filter(code__in=codes))
    return RoundValues(
        **{
            "name_en": "Case study",
            "name_zh_hans": "案例分析",
            "method": "exercise",
            "duration_minutes": 45,
            "focus": focus,
            "questions": [],
        }
        | extra
    )


def test_the_plan_starts_as_a_copy_of_the_rubrics_default_plan():
    opening, rounds = planned_opening()
    template = list(opening.rubric.plan_rounds.all())
    assert [r.name_en for r in rounds] == [t.name_en for t in template]
    assert [r.name_zh_hans for r in rounds] == [t.name_zh_hans for t in template]
    first = rounds[0]
    assert set(first.focus.all()) == set(template[0].focus.all())
    assert set(first.questions.all()) == set(template[0].questions.all())
    with pytest.raises(ValidationError):
        start_plan_from_rubric(opening=opening)


def test_coverage_counts_the_rounds_of_each_dimension_against_the_minimum_scorecards():
    opening = OpeningFactory()
    save_round(opening=opening, values=values(opening, ["experience", "crm", "ethics"]))
    save_round(opening=opening, values=values(opening, ["experience", "learning"], name_en="B"))
    coverage = {
        row.dimension.code: row for row in plan_coverage(opening, list(plan_rounds(opening)))
    }
    assert len(coverage["experience"].rounds) == 2 and not coverage["experience"].short
    assert len(coverage["crm"].rounds) == 1 and coverage["crm"].short  # the rubric needs 2
    assert coverage["leadership"].rounds == [] and coverage["leadership"].short
    assert sum(row.short for row in coverage.values()) == 9


def test_a_round_with_more_than_five_focus_dimensions_is_flagged():
    opening = OpeningFactory()
    six = ["experience", "crm", "ethics", "learning", "leadership", "communication"]
    save_round(opening=opening, values=values(opening, six[:5], name_en="Five"))
    save_round(opening=opening, values=values(opening, six, name_en="Six"))
    assert [r.name_en for r in overloaded_rounds(list(plan_rounds(opening)))] == ["Six"]


def test_a_question_off_the_focus_and_a_dimension_of_another_rubric_are_refused():
    opening, rounds = planned_opening()
    off_focus = (
        rounds[0]
        .questions.model.objects.filter(criterion__dimension__rubric=opening.rubric)
        .exclude(criterion__dimension__in=rounds[0].focus.all())
        .first()
    )
    with pytest.raises(ValidationError) as refused:
        save_round(opening=opening, values=values(opening, ["experience"], questions=[off_focus]))
    assert "questions" in refused.value.message_dict
    other = Dimension.objects.exclude(rubric=opening.rubric).first()
    with pytest.raises(ValidationError) as refused:
        save_round(opening=opening, values=values(opening, [], focus=[other]))
    assert "focus" in refused.value.message_dict
    assert opening.rounds.count() == len(rounds)


def test_a_round_with_interviews_cannot_be_removed_and_rounds_reorder():
    opening, rounds = planned_opening()
    InterviewFactory(application__opening=opening, round=rounds[0], round_name="x")
    with pytest.raises(ValidationError):
        remove_round(plan_round=rounds[0])
    remove_round(plan_round=rounds[1])
    move_round(plan_round=rounds[2], step=-1)
    names = list(opening.rounds.order_by("order").values_list("name_en", flat=True))
    assert names == [rounds[2].name_en, rounds[0].name_en, *[r.name_en for r in rounds[3:]]]


def test_an_interview_on_a_planned_opening_needs_a_round_of_that_plan():
    opening, rounds = planned_opening()
    application = ApplicationFactory(opening=opening)
    interview = InterviewFactory.build(application=application, round_name="Anything")
    with pytest.raises(ValidationError) as refused:
        interview.full_clean(exclude=["interviewer"])
    assert "round" in refused.value.message_dict
    _other, other_rounds = planned_opening()
    interview.round = other_rounds[0]
    with pytest.raises(ValidationError):
        interview.full_clean(exclude=["interviewer"])
    interview.round = rounds[1]
    interview.full_clean(exclude=["interviewer"])
    assert interview.round_name == rounds[1].name_en


def test_a_rounds_scorecard_submits_with_its_focus_dimensions_only():
    opening, rounds = planned_opening()
    phone = rounds[0]
    interview = InterviewFactory(application__opening=opening, round=phone, round_name="x")
    focus = [d.code for d in phone.focus.all()]
    entry = ScorecardEntry(
        scores={code: ScoreEntry(value=3, evidence="") for code in focus},
        recommendation="yes",
    )
    card = save_scorecard(
        interview=interview, entry=entry, by=None, expected_version=0, submit=True
    )
    assert card.is_submitted
    assert sorted(card.scores.values_list("dimension__code", flat=True)) == sorted(focus)
    missing_one = ScorecardEntry(
        scores={code: ScoreEntry(value=3, evidence="") for code in focus[1:]},
        recommendation="yes",
    )
    other = InterviewFactory(application__opening=opening, round=phone, round_name="x")
    with pytest.raises(IncompleteScorecard) as refused:
        save_scorecard(interview=other, entry=missing_one, by=None, expected_version=0, submit=True)
    assert [p.code for p in refused.value.problems] == [focus[0]]
    assert not Scorecard.objects.filter(interview=other).exists()


HEADER = "opening,candidate,email,interviewer,round,dimension,score,evidence,recommendation"


def test_the_import_matches_a_round_of_the_plan_by_name_in_either_language():
    opening, rounds = planned_opening(title="Planned")
    written = next(r for r in rounds if r.method == "test")
    data = "\n".join(
        [
            HEADER,
            f"Planned,Chen Jing,c@example.com,Liu,{written.name_zh_hans},communication,4,,yes",
            f"Planned,Wang Wei,w@example.com,Liu,  {written.name_en.upper()} ,communication,3,,",
            "",
        ]
    ).encode()
    import_scorecards(data, entered_by=None)
    interviews = Interview.objects.filter(application__opening=opening)
    assert {(i.round_id, i.round_name) for i in interviews} == {(written.pk, written.name_en)}


def test_an_unknown_round_on_a_planned_opening_is_refused_by_line():
    planned_opening(title="Planned")
    data = "\n".join(
        [HEADER, "Planned,Chen Jing,chen@example.com,Liu Yang,Coffee chat,experience,4,,yes", ""]
    ).encode()
    with pytest.raises(ImportRejected) as refused:
        import_scorecards(data, entered_by=None)
    [error] = refused.value.errors
    assert error.line == 2
    assert "“Coffee chat” is not a round of the interview plan of “Planned”" in error.message
    assert "Phone screen" in error.message
    assert not Interview.objects.exists()


def test_an_opening_without_a_plan_imports_any_round_as_before():
    OpeningFactory(title="Free")
    data = "\n".join(
        [HEADER, "Free,Chen Jing,chen@example.com,Liu Yang,Coffee chat,experience,4,,yes", ""]
    ).encode()
    import_scorecards(data, entered_by=None)
    assert Interview.objects.get().round_name == "Coffee chat"
    assert not InterviewRound.objects.exists()

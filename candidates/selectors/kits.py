"""The interview kit: what an interviewer takes into one interview, for the page and the command.

A round of the opening's plan brings its focus dimensions and its chosen
questions; an interview without a round (an opening with no plan) gets every
dimension of the rubric and each criterion's active bank questions. Texts are
read in the active language when the kit is built. A fixed number of queries,
however many dimensions and questions.
"""

import math
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from candidates.models import Interview, InterviewRound
from candidates.selectors.access import candidate_label
from candidates.selectors.plans import focus_codes
from rubrics.models import Criterion, Dimension, Question, RoundMethod, ScaleAnchor
from rubrics.selectors import active_questions

# Without a round the interview is a classic hour.
DEFAULT_DURATION_MINUTES = 60
OPENING_MINUTES = 5
CANDIDATE_QUESTIONS_MINUTES = 5

QUESTION_ORDER = ("order", "id")


@dataclass(frozen=True)
class KitQuestion:
    text: str
    kind: str  # the kind's label
    probes: list[str]
    strong: str
    weak: str


@dataclass(frozen=True)
class KitCriterion:
    name: str
    guidance: str
    assessed_by: str
    questions: list[KitQuestion]


@dataclass(frozen=True)
class KitAnchor:
    level: int
    description: str


@dataclass(frozen=True)
class KitDimension:
    code: str
    name: str
    guidance: str
    criteria: list[KitCriterion]
    anchors: list[KitAnchor]


@dataclass(frozen=True)
class TimeSlot:
    start: int  # minutes from the start of the interview
    end: int
    label: str


@dataclass(frozen=True)
class InterviewKit:
    interview_id: int
    candidate: str  # the name, or the candidate code on a blind opening
    opening: str
    round_name: str
    method: str  # a RoundMethod code
    method_label: str
    scheduled_at: datetime
    duration_minutes: int
    time_plan: list[TimeSlot]
    focus: list[KitDimension]


def time_plan(duration_minutes: int, dimension_names: list[str]) -> list[TimeSlot]:
    """Opening 5 minutes, the rest less 10 split evenly over the dimensions, 5 for questions.

    The split is rounded to whole minutes on the running total, so the slots
    always add up to the duration.
    """
    body_end = max(duration_minutes - CANDIDATE_QUESTIONS_MINUTES, OPENING_MINUTES)
    body = body_end - OPENING_MINUTES
    # "Opening" alone is a job opening (职位): here it is the start of the interview.
    slots = [TimeSlot(0, OPENING_MINUTES, pgettext("start of an interview", "Opening"))]
    count = len(dimension_names)
    for index, name in enumerate(dimension_names):
        start = OPENING_MINUTES + whole_minutes(body * index / count)
        end = OPENING_MINUTES + whole_minutes(body * (index + 1) / count)
        slots.append(TimeSlot(start, end, name))
    slots.append(
        TimeSlot(body_end, body_end + CANDIDATE_QUESTIONS_MINUTES, _("The candidate's questions"))
    )
    return slots


def whole_minutes(minutes: float) -> int:
    """Rounded half up (Python's round() would send 2.5 to 2)."""
    return math.floor(minutes + 0.5)


def kit_dimensions(rubric_id: int, codes: set[str] | None):
    """The rubric's dimensions (only `codes` unless None), criteria and anchors prefetched."""
    dimensions = Dimension.objects.filter(rubric_id=rubric_id).order_by("order", "id")
    if codes is not None:
        dimensions = dimensions.filter(code__in=codes)
    return dimensions.prefetch_related(
        Prefetch("criteria", queryset=Criterion.objects.order_by("order", "id")),
        Prefetch("anchors", queryset=ScaleAnchor.objects.order_by("level")),
    )


def round_questions(plan_round: InterviewRound) -> list[Question]:
    """The round's chosen questions still in the bank: a retired question is not asked."""
    return list(plan_round.questions.filter(retired_at__isnull=True).order_by(*QUESTION_ORDER))


def kit_question(question: Question) -> KitQuestion:
    return KitQuestion(
        text=question.text,
        kind=str(question.get_kind_display()),
        probes=question.probe_list,
        strong=question.strong,
        weak=question.weak,
    )


def kit_dimension(dimension: Dimension, by_criterion: dict[int, list[KitQuestion]]) -> KitDimension:
    """A dimension with its criteria (each with its questions from `by_criterion`) and anchors."""
    return KitDimension(
        code=dimension.code,
        name=dimension.name,
        guidance=dimension.guidance,
        criteria=[
            KitCriterion(
                name=criterion.name,
                guidance=criterion.guidance,
                assessed_by=criterion.assessed_by,
                questions=by_criterion.get(criterion.pk, []),
            )
            for criterion in dimension.criteria.all()
        ],
        anchors=[
            KitAnchor(level=anchor.level, description=anchor.description)
            for anchor in dimension.anchors.all()
        ],
    )


def interview_kit(interview: Interview, user) -> InterviewKit:
    """The kit of `interview` as `user` may read it (None: an interviewer without the page).

    The candidate is named as `candidate_label` allows: a blind opening shows
    interviewers (and `user` None) the candidate code.
    """
    application = interview.application
    opening = application.opening
    plan_round = (
        InterviewRound.objects.prefetch_related("focus").get(pk=interview.round_id)
        if interview.round_id
        else None
    )
    if plan_round is not None:
        codes = focus_codes(plan_round)
        questions = round_questions(plan_round)
        duration = plan_round.duration_minutes
        method = plan_round.method
        round_name = plan_round.name or interview.round_name
    else:
        codes = None
        questions = list(active_questions(opening.rubric))
        duration = DEFAULT_DURATION_MINUTES
        method = RoundMethod.INTERVIEW.value
        round_name = interview.round_name
    by_criterion: dict[int, list[KitQuestion]] = {}
    for question in questions:
        by_criterion.setdefault(question.criterion_id, []).append(kit_question(question))
    focus = [
        kit_dimension(dimension, by_criterion)
        for dimension in kit_dimensions(opening.rubric_id, codes)
    ]
    return InterviewKit(
        interview_id=interview.pk,
        candidate=candidate_label(application.candidate, opening, user),
        opening=opening.title,
        round_name=round_name,
        method=method,
        method_label=str(RoundMethod(method).label),
        scheduled_at=interview.scheduled_at,
        duration_minutes=duration,
        time_plan=time_plan(duration, [dimension.name for dimension in focus]),
        focus=focus,
    )


def kit_as_dict(kit: InterviewKit) -> dict:
    """The kit's content as plain data (the command's JSON)."""
    return {
        "interview": kit.interview_id,
        "round": kit.round_name,
        "method": kit.method,
        "focus": [
            {
                "code": dimension.code,
                "name": dimension.name,
                "criteria": [
                    {
                        "name": criterion.name,
                        "questions": [
                            {"text": q.text, "strong": q.strong, "weak": q.weak}
                            for q in criterion.questions
                        ],
                    }
                    for criterion in dimension.criteria
                ],
            }
            for dimension in kit.focus
        ],
    }


def interview_for_kit(pk: int) -> Interview | None:
    """An interview with what its kit reads, by id; None when there is none (the command)."""
    return (
        Interview.objects.select_related("application__candidate", "application__opening")
        .filter(pk=pk)
        .first()
    )

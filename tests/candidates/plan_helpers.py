"""An opening with the default rubric's interview plan, for the plan tests."""

from candidates.models import InterviewRound, Opening
from candidates.services.plans import start_plan_from_rubric
from tests.factories import OpeningFactory


def planned_opening(**fields) -> tuple[Opening, list[InterviewRound]]:
    opening = OpeningFactory(**fields)
    return opening, start_plan_from_rubric(opening=opening)

"""Reads for scorecard entry and the interviewer pages."""

from datetime import datetime

from django.db.models import Exists, OuterRef, QuerySet

from candidates.models import (
    Application,
    Interview,
    Interviewer,
    Opening,
    Scorecard,
    ScorecardLink,
)
from candidates.selectors.candidates import interviews_with_scorecards
from candidates.selectors.reminders import overdue_interviews
from hiring import roles
from rubrics.models import Dimension


def dimensions_for_entry(rubric) -> QuerySet[Dimension]:
    """The rubric's dimensions with the anchors and criteria the scorecard shows."""
    return Dimension.objects.filter(rubric=rubric).prefetch_related("anchors", "criteria")


def current_scorecard(interview) -> Scorecard | None:
    """The interview's scorecard with its scores and revision history, or None."""
    return (
        Scorecard.objects.filter(interview=interview)
        .select_related("entered_by")
        .prefetch_related("scores__dimension", "revisions__edited_by")
        .first()
    )


def application_with_scorecards(pk: int) -> Application:
    """One application with every interview, scorecard and score prefetched."""
    return (
        Application.objects.select_related("candidate", "opening__rubric")
        .prefetch_related("opening__rubric__dimensions", interviews_with_scorecards())
        .get(pk=pk)
    )


def interviewer_list() -> QuerySet[Interviewer]:
    return Interviewer.objects.select_related("user")


def interviewer_names(ids) -> dict[int, str]:
    return dict(Interviewer.objects.filter(pk__in=ids).values_list("pk", "name"))


def interviewers_team_first(opening_id: int) -> QuerySet[Interviewer]:
    """Every interviewer, those on the opening's hiring team first, then by name."""
    on_team = Opening.interviewers.through.objects.filter(
        opening_id=opening_id, interviewer_id=OuterRef("pk")
    )
    return Interviewer.objects.annotate(on_team=Exists(on_team)).order_by("-on_team", "name")


def live_link(interview) -> ScorecardLink | None:
    """The interview's live scorecard link (a new one replaces the others), or None."""
    return ScorecardLink.objects.live().filter(interview=interview).first()


def next_scorecard_waiting(user, *, after: Interview, now: datetime) -> Interview | None:
    """The scorecard `user` would enter next, once the one of `after` is submitted; or None.

    A card waits when its interview has taken place, was not cancelled and has
    no submitted scorecard (overdue from the first hour). HR types a stack of
    paper cards per opening, so HR gets the oldest waiting interview of the same
    opening; an interviewer the oldest of their own.
    """
    waiting = overdue_interviews(now=now, hours=0).exclude(pk=after.pk).select_related("round")
    if roles.has_role(user, *roles.HR_ROLES):
        return waiting.filter(application__opening_id=after.application.opening_id).first()
    return waiting.filter(interviewer__user=user).first()

"""The API's scoped lists, built on candidates.selectors.access so the scope is the pages'.

Each is one queryset, ordered by pk (pages join without gaps or repeats),
with what its serializer reads fetched alongside: a list costs the same few
queries at any size.
"""

from django.db.models import Prefetch, Q, QuerySet

from candidates.models import Application, Candidate, Opening, Score, Scorecard
from candidates.selectors.access import (
    candidates_for_user,
    opening_condition,
    openings_for_user,
    within_openings,
)
from hiring import roles


def openings_list(user) -> QuerySet[Opening]:
    return (
        openings_for_user(user)
        .select_related("rubric")
        .prefetch_related("hiring_managers")
        .order_by("pk")
    )


def candidates_list(user) -> QuerySet[Candidate]:
    return candidates_for_user(user).order_by("pk")


def applications_list(user, *, opening: int | None = None) -> QuerySet[Application]:
    applications = within_openings(Application.objects.select_related("candidate"), user)
    if opening is not None:
        applications = applications.filter(opening_id=opening)
    return applications.order_by("pk")


def scorecards_list(user, *, application: int | None = None) -> QuerySet[Scorecard]:
    """Submitted scorecards the user may read, as the pages show them.

    Readers (HR, managers, rubric admins): those on the openings in their scope.
    An interviewer: those on the applications where their own scorecard is
    submitted (`may_see_colleagues_scores`, for every application at once), so
    before submitting they see no colleague's scores, and never another
    application's. Someone holding both roles sees both.
    """
    scorecards = Scorecard.objects.submitted()
    condition = opening_condition(user, "interview__application__opening")
    if not (roles.has_role(user, *roles.READERS) and condition is None):
        # Subqueries, not joins: a row must not repeat once per hiring manager.
        visible = Q(pk__in=[])
        if roles.has_role(user, *roles.READERS):
            visible |= Q(pk__in=Scorecard.objects.filter(condition).values("pk"))
        if roles.has_role(user, roles.INTERVIEWER):
            rated = scorecards.filter(interview__interviewer__user=user)
            visible |= Q(interview__application__in=rated.values("interview__application_id"))
        scorecards = scorecards.filter(visible)
    if application is not None:
        scorecards = scorecards.filter(interview__application_id=application)
    return (
        scorecards.select_related(
            "interview__interviewer",
            "interview__round",
            "interview__application__candidate",
            "interview__application__opening",
        )
        .prefetch_related(
            Prefetch("scores", queryset=Score.objects.select_related("dimension").order_by("pk"))
        )
        .order_by("pk")
    )

"""Reads about openings and their applications, each in a fixed number of queries."""

from django.core.paginator import Page, Paginator
from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404

from candidates.models import Application, InterviewStatus, Opening, Score
from candidates.selectors.access import openings_for_user, within_openings


def openings_with_counts(user) -> QuerySet[Opening]:
    """The openings the user may see, with their application and interview counts."""
    return (
        openings_for_user(user)
        .select_related("rubric")
        .annotate(
            application_count=Count("applications", distinct=True),
            # A cancelled interview is not an interview held or to hold.
            interview_count=Count(
                "applications__interviews",
                filter=~Q(applications__interviews__status=InterviewStatus.CANCELLED),
                distinct=True,
            ),
            submitted_count=Count(
                "applications__interviews__scorecard",
                filter=Q(applications__interviews__scorecard__submitted_at__isnull=False),
                distinct=True,
            ),
        )
        .order_by("status", "-created_at", "pk")
    )


def opening_or_404(pk: int, user) -> Opening:
    """One opening in the user's scope; any other is a 404, as if it did not exist."""
    return get_object_or_404(openings_for_user(user).select_related("rubric"), pk=pk)


def opening_with_team_or_404(pk: int, user) -> Opening:
    """The opening with its rubric and hiring team (the opening's own page)."""
    return get_object_or_404(
        openings_for_user(user)
        .select_related("rubric")
        .prefetch_related("hiring_managers", "interviewers"),
        pk=pk,
    )


def applications_page(opening: Opening, number, per_page: int) -> Page:
    """One page of the opening's applications by name, with their candidate and their
    interview and submitted scorecard counts (three queries whatever the opening's size).

    The counts are taken for the page's rows only: counted in the paged query, the
    database would count every application of the opening before keeping fifty.
    """
    ordered = opening.applications.select_related("candidate").order_by("candidate__name", "pk")
    page = Paginator(ordered, per_page).get_page(number)
    rows = list(page.object_list)
    counts = (
        Application.objects.filter(pk__in=[row.pk for row in rows])
        .annotate(
            interviews_held=Count(
                "interviews", filter=~Q(interviews__status=InterviewStatus.CANCELLED), distinct=True
            ),
            submitted=Count(
                "interviews__scorecard",
                filter=Q(interviews__scorecard__submitted_at__isnull=False),
                distinct=True,
            ),
        )
        .values_list("pk", "interviews_held", "submitted")
    )
    found = {pk: (held, submitted) for pk, held, submitted in counts}
    for row in rows:
        row.interview_count, row.submitted_count = found[row.pk]
    page.object_list = rows
    return page


def application_or_404(pk: int, user) -> Application:
    """An application on an opening in the user's scope, or 404."""
    applications = within_openings(Application.objects.all(), user)
    return get_object_or_404(applications.select_related("candidate", "opening"), pk=pk)


def scored_codes(opening: Opening) -> set[str]:
    """Dimension codes with a score (a value, draft or submitted) on the opening."""
    return set(
        Score.objects.filter(
            scorecard__interview__application__opening=opening, value__isnull=False
        )
        .values_list("dimension__code", flat=True)
        .distinct()
    )


def scores_outside(opening: Opening, *, low: int, high: int) -> bool:
    """Whether a score of the opening (draft or submitted) lies outside low..high."""
    return (
        Score.objects.filter(scorecard__interview__application__opening=opening)
        .filter(Q(value__lt=low) | Q(value__gt=high))
        .exists()
    )


def has_scores(opening: Opening) -> bool:
    """Whether any scorecard row of the opening points at its rubric's dimensions."""
    return Score.objects.filter(scorecard__interview__application__opening=opening).exists()

"""Reads about openings and their applications, each in a fixed number of queries."""

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404

from candidates.models import Application, InterviewStatus, Opening, Score


def openings_with_counts() -> QuerySet[Opening]:
    return (
        Opening.objects.select_related("rubric")
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


def opening_or_404(pk: int) -> Opening:
    return get_object_or_404(Opening.objects.select_related("rubric"), pk=pk)


def opening_with_team_or_404(pk: int) -> Opening:
    """The opening with its rubric and hiring managers (the opening's own page)."""
    return get_object_or_404(
        Opening.objects.select_related("rubric").prefetch_related("hiring_managers"), pk=pk
    )


def opening_applications(opening: Opening) -> QuerySet[Application]:
    """The opening's applications with their candidate and interview counts."""
    return opening.applications.select_related("candidate").annotate(
        interview_count=Count(
            "interviews", filter=~Q(interviews__status=InterviewStatus.CANCELLED), distinct=True
        ),
        submitted_count=Count(
            "interviews__scorecard",
            filter=Q(interviews__scorecard__submitted_at__isnull=False),
            distinct=True,
        ),
    )


def application_or_404(pk: int) -> Application:
    return get_object_or_404(Application.objects.select_related("candidate", "opening"), pk=pk)


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

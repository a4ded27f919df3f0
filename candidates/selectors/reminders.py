"""Overdue scorecards: which interviews lack one.

An interview is overdue when it took place more than `hours` hours ago, was not
cancelled, and has no submitted scorecard (none at all, or only a draft).
"""

from datetime import datetime, timedelta

from django.db.models import QuerySet

from candidates.models import Interview, InterviewStatus


def overdue_interviews(*, now: datetime, hours: int) -> QuerySet[Interview]:
    """Interviews held more than `hours` hours before `now` whose scorecard is not submitted.

    `now` must be timezone-aware. Related rows a list page shows (candidate,
    opening, interviewer, its user and their language) come in the same query.
    """
    return (
        Interview.objects.filter(scheduled_at__lt=now - timedelta(hours=hours))
        .exclude(status=InterviewStatus.CANCELLED)
        # A missing scorecard joins as NULL too, so this covers "none" and "draft".
        .filter(scorecard__submitted_at__isnull=True)
        .select_related(
            "application__candidate", "application__opening", "interviewer__user__preference"
        )
        .order_by("scheduled_at", "id")
    )

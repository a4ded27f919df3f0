"""What each role's dashboard lists."""

from django.conf import settings
from django.utils import timezone

from candidates.models import InterviewStatus, OpeningStatus
from candidates.selectors.access import candidate_label, interviews_for_user
from candidates.selectors.openings import openings_with_counts
from candidates.selectors.reminders import overdue_interviews
from hiring import roles

DASHBOARD_ROWS = 20


def dashboard_for(user) -> dict:
    context: dict = {}
    if roles.has_role(user, *roles.READERS):
        context["open_openings"] = openings_with_counts(user).filter(status=OpeningStatus.OPEN)[
            :DASHBOARD_ROWS
        ]
    if roles.has_role(user, *roles.HR_ROLES):
        context["overdue"] = overdue_interviews(
            now=timezone.now(), hours=settings.SCORECARD_OVERDUE_HOURS
        )[:DASHBOARD_ROWS]
        context["overdue_hours"] = settings.SCORECARD_OVERDUE_HOURS
    if roles.has_role(user, roles.INTERVIEWER):
        pending = (
            interviews_for_user(user)
            .filter(interviewer__user=user)
            .exclude(scorecard__submitted_at__isnull=False)
            .exclude(status=InterviewStatus.CANCELLED)
            .order_by("scheduled_at")[:DASHBOARD_ROWS]
        )
        # With whom: the name, or the candidate code on a blind opening.
        context["my_pending"] = [
            (i, candidate_label(i.application.candidate, i.application.opening, user))
            for i in pending
        ]
    return context

"""Reads of background work: a user's jobs, one job in their scope, and whether an
export is large enough to run as a job."""

from django.conf import settings
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from candidates.models import Application, BackgroundWork, Opening
from hiring import roles

# The list shows the most recent jobs; older ones are pruned anyway.
RECENT_WORK = 50


def work_for_user_or_404(pk: int, user) -> BackgroundWork:
    """The job, for its owner or an Administrator; anyone else gets a 404."""
    jobs = BackgroundWork.objects.select_related("opening", "owner")
    if not roles.has_role(user, roles.ADMINISTRATOR):
        jobs = jobs.filter(owner=user)
    return get_object_or_404(jobs, pk=pk)


def recent_work_of(user) -> QuerySet[BackgroundWork]:
    """The user's own jobs, newest first (at most RECENT_WORK), with their openings."""
    return BackgroundWork.objects.filter(owner=user).select_related("opening")[:RECENT_WORK]


def exports_in_background(opening: Opening) -> bool:
    """More applications on the opening than EXPORT_IN_BACKGROUND_ROWS: its exports run
    as a job (one count query, before the shortlist is built)."""
    limit = settings.EXPORT_IN_BACKGROUND_ROWS
    return Application.objects.filter(opening=opening)[: limit + 1].count() > limit

"""Who hears of a submitted scorecard, and whether an application's scorecards are all in."""

from django.contrib.auth import get_user_model

from candidates.models import Application, Interview, InterviewStatus, Scorecard
from notifications.models import ChatChannel


def submitted_scorecard(scorecard_id: int) -> Scorecard | None:
    """The submitted scorecard with everything a notice names; None if gone or a draft."""
    return (
        Scorecard.objects.submitted()
        .select_related(
            "interview__interviewer",
            "interview__round",
            "interview__application__candidate",
            "interview__application__opening",
        )
        .filter(pk=scorecard_id)
        .first()
    )


def managers_to_notify(application: Application) -> list:
    """The opening's hiring managers with an active account and an e-mail address."""
    return list(
        get_user_model()
        .objects.filter(managed_openings=application.opening_id, is_active=True)
        .exclude(email="")
        # Their language (team.selectors.language_for_user) in the same query.
        .select_related("preference")
        .order_by("pk")
    )


def scorecards_in(application: Application) -> int | None:
    """How many scorecards the application has when every interview's is submitted, else None.

    Cancelled interviews take no scorecard and do not count; one still to come does.
    """
    interviews = Interview.objects.filter(application=application).exclude(
        status=InterviewStatus.CANCELLED
    )
    total = interviews.count()
    submitted = Scorecard.objects.submitted().filter(interview__in=interviews).count()
    return submitted if total and submitted == total else None


def channels_for(*, event: str, opening_id: int) -> list[ChatChannel]:
    """Active channels listening to `event`, for this opening or for every opening.

    The event list is filtered here rather than in SQL: SQLite has no JSON
    containment lookup, and an installation has a handful of channels.
    """
    channels = ChatChannel.objects.filter(active=True).filter(
        opening__isnull=True
    ) | ChatChannel.objects.filter(active=True, opening_id=opening_id)
    return [channel for channel in channels.order_by("pk") if event in channel.events]

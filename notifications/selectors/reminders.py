"""Which reminders are due: interviews held without a submitted scorecard, in a live slot."""

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db.models import QuerySet

from candidates.models import Interview, InterviewStatus
from notifications.models import ReminderSent
from notifications.schedule import due_attempt, window_start


@dataclass(frozen=True)
class DueReminder:
    interview_id: int
    scheduled_for: datetime
    attempt: int

    def as_job(self) -> list:
        """JSON for a job's arguments."""
        return [self.interview_id, self.scheduled_for.isoformat(), self.attempt]

    @classmethod
    def from_job(cls, row: list) -> "DueReminder":
        return cls(row[0], datetime.fromisoformat(row[1]), int(row[2]))


def schedule_settings() -> dict[str, int]:
    return {
        "first_hours": settings.REMINDER_FIRST_HOURS,
        "repeat_hours": settings.REMINDER_REPEAT_HOURS,
        "limit": settings.REMINDER_LIMIT,
    }


def waiting_interviews(*, now: datetime) -> QuerySet[Interview]:
    """Interviews that may have a reminder due at `now` (the schedule decides which).

    Held inside the schedule's window, not cancelled, no submitted scorecard;
    related rows the e-mail names come in the same query.
    """
    hours = schedule_settings()
    return (
        Interview.objects.filter(
            scheduled_at__gt=window_start(now=now, **hours),
            scheduled_at__lte=now,
        )
        .exclude(status=InterviewStatus.CANCELLED)
        .filter(scorecard__submitted_at__isnull=True)
        .select_related(
            "application__candidate", "application__opening", "interviewer__user", "round"
        )
        .order_by("scheduled_at", "id")
    )


def due_reminders(*, now: datetime) -> list[DueReminder]:
    """The reminders whose slot `now` is in and that were not sent yet; two queries."""
    hours = schedule_settings()
    if hours["limit"] == 0:
        return []
    candidates = [
        (interview, due_attempt(held_at=interview.scheduled_at, now=now, **hours))
        for interview in waiting_interviews(now=now)
    ]
    candidates = [(interview, attempt) for interview, attempt in candidates if attempt]
    recorded = set(
        ReminderSent.objects.filter(
            interview_id__in=[interview.pk for interview, _ in candidates]
        ).values_list("interview_id", "scheduled_for", "attempt")
    )
    return [
        DueReminder(interview.pk, interview.scheduled_at, attempt)
        for interview, attempt in candidates
        if (interview.pk, interview.scheduled_at, attempt) not in recorded
    ]

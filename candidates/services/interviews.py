"""Scheduling, cancelling and rescheduling interviews (HR); each change is an InterviewChange.

A cancelled interview takes no scorecard (`save_scorecard` refuses it), leaves
the interviewer's list and is never overdue. A rescheduled one may be reminded
again. An interview whose scorecard is submitted took place: it can be neither
cancelled nor rescheduled.
"""

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from candidates.models import (
    Interview,
    InterviewAction,
    InterviewChange,
    InterviewStatus,
    Scorecard,
    validate_interview_date,
)
from candidates.services.stages import start_interviewing


def save_new_interview(*, interview: Interview, by) -> Interview:
    """Save a new interview; its application moves to interviewing if it was not there yet."""
    with transaction.atomic():
        interview.save()
        start_interviewing(application_ids=[interview.application_id], by=by)
    return interview


class InterviewUnchangeable(Exception):
    """The interview cannot be cancelled or moved; `message` says why, translated."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _lock(interview: Interview, *, reason: str) -> Interview:
    """The interview's row, locked, once the change is known to be allowed."""
    if not reason.strip():
        raise InterviewUnchangeable(_("Give the reason for this change."))
    locked = Interview.objects.select_for_update().get(pk=interview.pk)
    # Locked first: a scorecard being submitted at the same moment waits for this row.
    if Scorecard.objects.submitted().filter(interview=locked).exists():
        raise InterviewUnchangeable(
            _("Its scorecard is submitted: the interview took place and stays in the record.")
        )
    return locked


def cancel_interview(*, interview: Interview, by, reason: str) -> InterviewChange:
    """Cancel the interview, recording who, when and `reason` (required).

    Raises InterviewUnchangeable if it is cancelled already or its scorecard is
    submitted; nothing is saved then. A draft scorecard stays, uncounted.
    """
    with transaction.atomic():
        locked = _lock(interview, reason=reason)
        if locked.status == InterviewStatus.CANCELLED:
            raise InterviewUnchangeable(_("This interview is cancelled already."))
        change = InterviewChange.objects.create(
            interview=locked,
            action=InterviewAction.CANCELLED,
            old_scheduled_at=locked.scheduled_at,
            reason=reason.strip(),
            by=by,
            at=timezone.now(),
        )
        locked.status = InterviewStatus.CANCELLED
        locked.save(update_fields=["status"])
    interview.status = locked.status
    return change


def reschedule_interview(
    *, interview: Interview, scheduled_at: datetime, by, reason: str
) -> InterviewChange:
    """Move the interview to `scheduled_at` (aware), recording the old time and `reason`.

    The new time obeys the scheduling rule (validate_interview_date, which
    raises ValidationError). A cancelled interview is scheduled again. The
    reminder is cleared, so a new overdue scorecard is reminded again.
    Raises InterviewUnchangeable if the scorecard is submitted or the time
    does not change; nothing is saved then.
    """
    validate_interview_date(scheduled_at)
    with transaction.atomic():
        locked = _lock(interview, reason=reason)
        if locked.scheduled_at == scheduled_at and locked.status != InterviewStatus.CANCELLED:
            raise InterviewUnchangeable(_("The interview is already at this time."))
        change = InterviewChange.objects.create(
            interview=locked,
            action=InterviewAction.RESCHEDULED,
            old_scheduled_at=locked.scheduled_at,
            new_scheduled_at=scheduled_at,
            reason=reason.strip(),
            by=by,
            at=timezone.now(),
        )
        locked.scheduled_at = scheduled_at
        locked.status = InterviewStatus.SCHEDULED
        locked.reminder_sent_at = None
        locked.save(update_fields=["scheduled_at", "status", "reminder_sent_at"])
    interview.scheduled_at, interview.status = locked.scheduled_at, locked.status
    interview.reminder_sent_at = None
    return change

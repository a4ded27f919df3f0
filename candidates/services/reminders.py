"""Nudging the interviewers of overdue scorecards by e-mail (which are overdue: the selector)."""

from datetime import datetime

from django.core.mail import send_mail
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from candidates.models import Interview
from candidates.selectors.access import candidate_label
from candidates.selectors.reminders import overdue_interviews


def interviewer_email(interview: Interview) -> str:
    """The interviewer's own address, else their user account's; "" when neither is known."""
    interviewer = interview.interviewer
    if interviewer.email:
        return interviewer.email
    return interviewer.user.email if interviewer.user else ""


def compose_reminder(interview: Interview) -> tuple[str, str]:
    """Subject and body, in the active language (English unless a caller activates another)."""
    context = {
        "candidate": candidate_label(
            interview.application.candidate, interview.application.opening, user=None
        ),
        "opening": interview.application.opening.title,
        "round": interview.round_name,
        "date": formats.date_format(timezone.localtime(interview.scheduled_at), "DATETIME_FORMAT"),
        "interviewer": interview.interviewer.name,
    }
    subject = _("Scorecard overdue: %(candidate)s, %(round)s") % context
    body = (
        _(
            "Dear %(interviewer)s,\n\n"
            "Your scorecard for this interview has not been submitted yet:\n\n"
            "Candidate: %(candidate)s\n"
            "Opening: %(opening)s\n"
            "Round: %(round)s\n"
            "Date: %(date)s\n\n"
            "Please enter and submit it so the candidate can be ranked.\n"
        )
        % context
    )
    return subject, body


def send_overdue_reminders(*, now: datetime, hours: int) -> int:
    """E-mail each overdue interview's interviewer once; return how many were sent.

    Interviews already reminded (`reminder_sent_at` set) and interviewers with
    no known address are skipped. Each interview is marked right after its
    e-mail is sent, in its own transaction, so a failure part-way leaves the
    ones already sent marked and a re-run sends only the rest. The row lock
    keeps two overlapping runs from both sending on databases that support it.
    """
    sent = 0
    pending = overdue_interviews(now=now, hours=hours).filter(reminder_sent_at__isnull=True)
    for interview in pending:
        recipient = interviewer_email(interview)
        if not recipient:
            continue
        with transaction.atomic():
            still_pending = (
                Interview.objects.select_for_update()
                .filter(pk=interview.pk, reminder_sent_at__isnull=True)
                .values_list("pk", flat=True)
            )
            if not list(still_pending):
                continue
            subject, body = compose_reminder(interview)
            send_mail(subject, body, None, [recipient])
            Interview.objects.filter(pk=interview.pk).update(reminder_sent_at=now)
        sent += 1
    return sent

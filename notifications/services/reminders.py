"""Reminding interviewers of a missing scorecard on a schedule (notifications/schedule.py).

`send_reminders` takes the reminders a driver found due, checks each again
(the job may run later than it was queued), records each before its e-mail
goes (the unique constraint lets one worker only through), and sends the
batch over one SMTP connection. A reminder whose e-mail failed is released,
so a later driver run inside the same slot tries it again.
"""

from collections.abc import Sequence
from datetime import datetime

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from candidates.models import Interview, InterviewStatus, Scorecard
from candidates.selectors.access import candidate_label
from candidates.services.links import LinkRefused, create_link
from candidates.services.reminders import interviewer_email
from notifications.models import ReminderChannel, ReminderSent
from notifications.selectors.reminders import DueReminder
from notifications.services.mail import recipient_language, send_over_one_connection, site_url


def still_due(reminders: Sequence[DueReminder]) -> list[tuple[DueReminder, Interview]]:
    """Those still waiting for a scorecard at the time they were due for; two queries."""
    interviews = Interview.objects.select_related(
        "application__candidate",
        "application__opening",
        "interviewer__user__preference",
        "round",
    ).in_bulk([reminder.interview_id for reminder in reminders])
    submitted = set(
        Scorecard.objects.submitted()
        .filter(interview_id__in=interviews)
        .values_list("interview_id", flat=True)
    )
    limit = settings.REMINDER_LIMIT
    return [
        (reminder, interview)
        for reminder in reminders
        if (interview := interviews.get(reminder.interview_id)) is not None
        and interview.status != InterviewStatus.CANCELLED
        and interview.pk not in submitted
        and interview.scheduled_at == reminder.scheduled_for
        and reminder.attempt <= limit
    ]


def claim(reminder: DueReminder, *, recipient: str, now: datetime) -> ReminderSent | None:
    """Record the reminder before sending it; None when another worker recorded it first."""
    try:
        with transaction.atomic():
            return ReminderSent.objects.create(
                interview_id=reminder.interview_id,
                scheduled_for=reminder.scheduled_for,
                attempt=reminder.attempt,
                channel=ReminderChannel.EMAIL,
                recipient=recipient,
                claimed_at=now,
            )
    except IntegrityError:
        return None


def card_address(interview: Interview) -> tuple[str, str] | None:
    """(scorecard address, kit address) for the interviewer; None if no link can be made.

    An interviewer with an account logs in to the scorecard entry page; one
    without gets a fresh scorecard link (replacing the one in an earlier
    reminder, which then stops working).
    """
    if interview.interviewer.user_id:
        return (
            site_url(reverse("candidates:scorecard-entry", args=[interview.pk])),
            site_url(reverse("candidates:interview-kit", args=[interview.pk])),
        )
    try:
        link = create_link(interview=interview, by=None)
    except LinkRefused:
        return None
    return link.url, site_url(reverse("scorecard-link-kit", args=[link.token]))


def compose_reminder(interview: Interview, *, attempt: int, card: str, kit: str) -> tuple[str, str]:
    """Subject and body in the active language; the candidate as the interviewer may see them."""
    context = {
        "candidate": candidate_label(
            interview.application.candidate,
            interview.application.opening,
            user=interview.interviewer.user,
        ),
        "opening": interview.application.opening.title,
        "round": interview.round_label,
        "date": formats.date_format(timezone.localtime(interview.scheduled_at), "DATETIME_FORMAT"),
        "interviewer": interview.interviewer.name,
        "attempt": attempt,
        "limit": settings.REMINDER_LIMIT,
        "card": card,
        "kit": kit,
    }
    subject = _("Scorecard reminder: %(candidate)s, %(round)s") % context
    body = (
        _(
            "Dear %(interviewer)s,\n\n"
            "Your interview on %(date)s is over and its scorecard has not been submitted yet:\n\n"
            "Candidate: %(candidate)s\n"
            "Opening: %(opening)s\n"
            "Round: %(round)s\n\n"
            "Your scorecard:\n%(card)s\n\n"
            "The interview kit (questions and anchors):\n%(kit)s\n\n"
            "This is reminder %(attempt)d of %(limit)d; "
            "they stop once the scorecard is submitted.\n"
        )
        % context
    )
    return subject, body


def prepare(interview: Interview, reminder: DueReminder, recipient: str) -> EmailMessage | None:
    addresses = card_address(interview)
    if addresses is None:
        return None
    language = recipient_language(interview.interviewer.user, interview.interviewer)
    with translation.override(language):
        subject, body = compose_reminder(
            interview, attempt=reminder.attempt, card=addresses[0], kit=addresses[1]
        )
    return EmailMessage(subject, body, to=[recipient])


def send_reminders(*, reminders: Sequence[DueReminder], now: datetime) -> int:
    """Send the reminders still due, each at most once; return how many e-mails went.

    An interviewer with no known address is skipped and nothing is recorded.
    """
    claimed: list[tuple[ReminderSent, EmailMessage]] = []
    for reminder, interview in still_due(reminders):
        recipient = interviewer_email(interview)
        if not recipient:
            continue
        record = claim(reminder, recipient=recipient, now=now)
        if record is None:
            continue
        message = prepare(interview, reminder, recipient)
        if message is None:
            record.delete()
            continue
        claimed.append((record, message))
    results = send_over_one_connection([message for _record, message in claimed])
    outcomes = list(zip((record.pk for record, _message in claimed), results, strict=True))
    sent = [pk for pk, ok in outcomes if ok]
    failed = [pk for pk, ok in outcomes if not ok]
    ReminderSent.objects.filter(pk__in=sent).update(sent_at=timezone.now())
    ReminderSent.objects.filter(pk__in=failed).delete()
    return len(sent)

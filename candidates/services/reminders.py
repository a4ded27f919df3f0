"""Nudging the interviewers of overdue scorecards by e-mail (which are overdue: the selector)."""

from datetime import datetime

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from candidates.models import Interview
from candidates.selectors.access import candidate_label
from candidates.selectors.reminders import overdue_interviews
from candidates.services.links import NewLink, create_link
from team.selectors import language_for_user


def interviewer_email(interview: Interview) -> str:
    """The interviewer's own address, else their user account's; "" when neither is known."""
    interviewer = interview.interviewer
    if interviewer.email:
        return interviewer.email
    return interviewer.user.email if interviewer.user else ""


def reminder_language(interview: Interview) -> str:
    """The interviewer's language: their account's choice, else their own field, else the site's."""
    interviewer = interview.interviewer
    return language_for_user(interviewer.user, fallback=interviewer.language)


def compose_reminder(interview: Interview, *, link: NewLink | None = None) -> tuple[str, str]:
    """Subject and body, in the active language (send_overdue_reminders sets the interviewer's).

    `link`: a scorecard link, for an interviewer without an account.
    """
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
    if link is not None:
        until = timezone.localtime(link.link.expires_at)
        body += _(
            "\nEnter it here, no login needed (this link opens this scorecard only, "
            "until %(until)s):\n%(url)s\n"
        ) % {"url": link.url, "until": formats.date_format(until, "DATETIME_FORMAT")}
        kit_path = reverse("scorecard-link-kit", args=[link.token])
        body += _("\nThe interview kit (questions and anchors, to print):\n%(url)s\n") % {
            "url": site_url(kit_path)
        }
    else:
        body += _(
            "\nYour scorecard:\n%(scorecard)s\n"
            "The interview kit (questions and anchors, to print):\n%(kit)s\n"
        ) % {
            "scorecard": site_url(reverse("candidates:scorecard-entry", args=[interview.pk])),
            "kit": site_url(reverse("candidates:interview-kit", args=[interview.pk])),
        }
    return subject, body


def site_url(path: str) -> str:
    """An absolute address for an e-mail: SITE_URL + path."""
    return settings.SITE_URL.rstrip("/") + path


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
            # No account, no login: the e-mail carries a fresh link (the older one is replaced).
            link = (
                None if interview.interviewer.user_id else create_link(interview=interview, by=None)
            )
            with translation.override(reminder_language(interview)):
                subject, body = compose_reminder(interview, link=link)
            send_mail(subject, body, None, [recipient])
            Interview.objects.filter(pk=interview.pk).update(reminder_sent_at=now)
        sent += 1
    return sent

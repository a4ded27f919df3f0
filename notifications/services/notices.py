"""E-mail notices to an opening's hiring managers: a scorecard submitted, all scorecards in.

Each notice is recorded (NoticeSent) before its e-mail goes; the unique
constraint lets a retried or duplicated job through once per manager. A
failed e-mail is released, so the job's retry sends just that one.
"""

from collections.abc import Callable

from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from candidates.models import Scorecard
from candidates.selectors.access import candidate_label
from notifications.models import ChatEvent, NoticeSent
from notifications.robots import Notice
from notifications.selectors.notices import managers_to_notify, scorecards_in
from notifications.services.mail import recipient_language, send_over_one_connection, site_url


def submitted_notice(scorecard: Scorecard, *, reader) -> Notice:
    """ "Scorecard submitted" in the active language; `reader` None stands for a chat group."""
    interview = scorecard.interview
    application = interview.application
    context = {
        "candidate": candidate_label(application.candidate, application.opening, user=reader),
        "opening": application.opening.title,
        "round": interview.round_label,
        "interviewer": interview.interviewer.name,
        "recommendation": scorecard.get_recommendation_display(),
    }
    return Notice(
        title=_("Scorecard submitted: %(candidate)s, %(round)s") % context,
        lines=(
            _("Opening: %(opening)s") % context,
            _("Interviewer: %(interviewer)s") % context,
            _("Recommendation: %(recommendation)s") % context,
        ),
        url=site_url(reverse("candidates:candidate-detail", args=[application.candidate_id])),
        link_text=_("Open the candidate page"),
    )


def complete_notice(scorecard: Scorecard, *, count: int, reader) -> Notice:
    """ "All scorecards in" in the active language, linking to the debrief."""
    application = scorecard.interview.application
    context = {
        "candidate": candidate_label(application.candidate, application.opening, user=reader),
        "opening": application.opening.title,
        "count": count,
    }
    return Notice(
        title=_("All scorecards in: %(candidate)s") % context,
        lines=(
            _("Opening: %(opening)s") % context,
            _("Every interview's scorecard is submitted (%(count)d in all).") % context,
        ),
        url=site_url(reverse("candidates:application-debrief", args=[application.pk])),
        link_text=_("Open the debrief"),
    )


def notices_for(scorecard: Scorecard) -> list[tuple[str, str, Callable[..., Notice]]]:
    """(event, key, build(reader)) for what this submission announces."""
    notices = [
        (
            ChatEvent.SCORECARD_SUBMITTED.value,
            f"scorecard:{scorecard.pk}",
            lambda reader: submitted_notice(scorecard, reader=reader),
        )
    ]
    count = scorecards_in(scorecard.interview.application)
    if count is not None:
        # Keyed by the count: an interview added and scored later completes the set again.
        notices.append(
            (
                ChatEvent.SCORECARDS_COMPLETE.value,
                f"application:{scorecard.interview.application_id}:{count}",
                lambda reader: complete_notice(scorecard, count=count, reader=reader),
            )
        )
    return notices


def render_email(notice: Notice, *, to: str) -> EmailMessage:
    body = "\n".join([notice.title, "", *notice.lines, "", f"{notice.link_text}:", notice.url, ""])
    return EmailMessage(notice.title, body, to=[to])


def claim_notice(*, event: str, key: str, user) -> NoticeSent | None:
    try:
        with transaction.atomic():
            return NoticeSent.objects.create(event=event, key=key, user=user, recipient=user.email)
    except IntegrityError:
        return None


def notify_managers(
    *, scorecard: Scorecard, notices: list[tuple[str, str, Callable[..., Notice]]]
) -> tuple[int, int]:
    """E-mail the opening's hiring managers the `notices` (from notices_for); (sent, failed).

    Each manager reads in their own language and sees the candidate as the app
    shows them that manager (the name: managers read blind openings too).
    """
    claimed: list[tuple[NoticeSent, EmailMessage]] = []
    for manager in managers_to_notify(scorecard.interview.application):
        for event, key, build in notices:
            record = claim_notice(event=event, key=key, user=manager)
            if record is None:
                continue
            with translation.override(recipient_language(manager)):
                claimed.append((record, render_email(build(manager), to=manager.email)))
    results = send_over_one_connection([message for _record, message in claimed])
    outcomes = list(zip((record.pk for record, _message in claimed), results, strict=True))
    NoticeSent.objects.filter(pk__in=[pk for pk, ok in outcomes if ok]).update(
        sent_at=timezone.now()
    )
    NoticeSent.objects.filter(pk__in=[pk for pk, ok in outcomes if not ok]).delete()
    return sum(ok for _pk, ok in outcomes), sum(not ok for _pk, ok in outcomes)

"""E-mail for notifications: the recipient's language, and one SMTP connection per batch."""

import logging
from collections.abc import Sequence

from django.conf import settings
from django.core.mail import EmailMessage, get_connection

from candidates.models import Interviewer
from team.selectors import language_for_user

logger = logging.getLogger(__name__)


def recipient_language(user=None, interviewer: Interviewer | None = None) -> str:
    """The language to write to a user or an interviewer in (team.selectors.language_for_user):
    the account's stored choice, else the interviewer's own field, else LANGUAGE_CODE."""
    if user is None and interviewer is not None:
        user = interviewer.user
    return language_for_user(user, fallback=interviewer.language if interviewer else "")


def site_url(path: str) -> str:
    """An absolute address for an e-mail or a chat message: SITE_URL + path."""
    return settings.SITE_URL.rstrip("/") + path


def send_over_one_connection(messages: Sequence[EmailMessage]) -> list[bool]:
    """Send each message over a single connection; whether each one went.

    One message refused (a bad address) does not stop the others; a server
    that cannot be reached fails them all. Failures are logged, not raised,
    so the caller can release what it had claimed for the failed ones.
    """
    if not messages:
        return []
    connection = get_connection()
    results: list[bool] = []
    try:
        with connection:
            for message in messages:
                message.connection = connection
                try:
                    results.append(connection.send_messages([message]) == 1)
                except OSError:  # smtplib.SMTPException is an OSError
                    logger.exception("E-mail to %s not sent", ", ".join(message.to))
                    results.append(False)
    except OSError:
        logger.exception("Mail server unreachable: %d e-mail(s) not sent", len(messages))
    return results + [False] * (len(messages) - len(results))

"""Scorecard links: an interviewer without an account enters one interview's scorecard.

A link is a random token (`secrets`) whose SHA-256 alone is stored; the raw
token is handed back once, by `create_link`. A link lives until it expires,
is revoked (by HR; by a newer link for the same interview, "replaced"; by a
change of interviewer) or the scorecard is submitted, whichever comes first.
The page, the command line and the reminder e-mail all make links here.
"""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from candidates.models import (
    LINK_DAYS,
    Interview,
    InterviewStatus,
    LinkEnd,
    Scorecard,
    ScorecardLink,
)

MAX_LINK_DAYS = 90

# Why a token opens nothing.
UNKNOWN = "unknown"
EXPIRED = "expired"
REVOKED = "revoked"
REPLACED = "replaced"
USED = "used"


class LinkRefused(Exception):
    """No link can be made for this interview; `message` says why, translated."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class LinkDead(Exception):
    """The link no longer opens its scorecard; `reason` is one of the constants above."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class NewLink:
    link: ScorecardLink
    token: str  # shown once; only its hash is stored

    @property
    def path(self) -> str:
        return link_path(self.token)

    @property
    def url(self) -> str:
        """The absolute link, for an e-mail or to copy (SITE_URL + path)."""
        return settings.SITE_URL.rstrip("/") + self.path


@dataclass(frozen=True)
class ResolvedLink:
    link: ScorecardLink | None  # None when the token is unknown
    reason: str = ""  # "" while the link is live

    @property
    def is_live(self) -> bool:
        return self.link is not None and not self.reason


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def link_path(token: str) -> str:
    return reverse("scorecard-link", args=[token])


def create_link(*, interview: Interview, by, days: int = LINK_DAYS) -> NewLink:
    """A new link to the interview's scorecard, live for `days` days (1 to MAX_LINK_DAYS).

    The interview's earlier live links are revoked as "replaced". Raises
    LinkRefused for a cancelled interview or a submitted scorecard, or a
    `days` out of range; nothing is saved then.
    """
    if not 1 <= days <= MAX_LINK_DAYS:
        raise LinkRefused(_("A link lives from 1 to %(max)d days.") % {"max": MAX_LINK_DAYS})
    with transaction.atomic():
        locked = Interview.objects.select_for_update().get(pk=interview.pk)
        if locked.status == InterviewStatus.CANCELLED:
            raise LinkRefused(_("This interview was cancelled: it takes no scorecard."))
        if Scorecard.objects.submitted().filter(interview=locked).exists():
            raise LinkRefused(_("Its scorecard is submitted already: a link has nothing to do."))
        now = timezone.now()
        _revoke(interview=locked, by=by, reason=LinkEnd.REPLACED, now=now)
        token = secrets.token_urlsafe(32)
        link = ScorecardLink.objects.create(
            interview=locked,
            token_hash=hash_token(token),
            created_by=by,
            created_at=now,
            expires_at=now + timedelta(days=days),
        )
    return NewLink(link=link, token=token)


def revoke_links(*, interview: Interview, by, reason: str = LinkEnd.REVOKED) -> int:
    """Revoke the interview's live links (`reason`: a LinkEnd); return how many."""
    with transaction.atomic():
        return _revoke(interview=interview, by=by, reason=reason, now=timezone.now())


def _revoke(*, interview: Interview, by, reason: str, now: datetime) -> int:
    return (
        ScorecardLink.objects.live(now=now)
        .filter(interview=interview)
        .update(revoked_at=now, revoked_by=by, revoke_reason=reason)
    )


def why_dead(link: ScorecardLink, *, now: datetime) -> str:
    """Why the link opens nothing, or "" while it is live."""
    submitted = Scorecard.objects.submitted().filter(interview_id=link.interview_id).exists()
    if link.used_at is not None or submitted:
        return USED
    if link.revoked_at is not None:
        return REPLACED if link.revoke_reason == LinkEnd.REPLACED else REVOKED
    # A cancelled interview takes no scorecard: its links are as good as revoked.
    cancelled = Interview.objects.filter(pk=link.interview_id, status=InterviewStatus.CANCELLED)
    if cancelled.exists():
        return REVOKED
    if link.expires_at <= now:
        return EXPIRED
    return ""


def resolve_token(token: str, *, now: datetime | None = None) -> ResolvedLink:
    """The link a token stands for, with its interview, and why it is dead if it is."""
    link = (
        ScorecardLink.objects.select_related(
            "interview__application__candidate",
            "interview__application__opening__rubric",
            "interview__interviewer",
        )
        .filter(token_hash=hash_token(token))
        .first()
    )
    if link is None:
        return ResolvedLink(link=None, reason=UNKNOWN)
    return ResolvedLink(link=link, reason=why_dead(link, now=now or timezone.now()))


def check_link(*, link: ScorecardLink, interview: Interview) -> ScorecardLink:
    """The link's row, locked, if it is live and opens `interview`; else LinkDead.

    Called by `save_scorecard` inside its transaction, after it locked the interview.
    """
    locked = ScorecardLink.objects.select_for_update().filter(pk=link.pk).first()
    if locked is None or locked.interview_id != interview.pk:
        raise LinkDead(UNKNOWN)
    reason = why_dead(locked, now=timezone.now())
    if reason:
        raise LinkDead(reason)
    return locked


def close_links(*, interview: Interview, now: datetime) -> None:
    """At the scorecard's submission every live link of the interview dies (used)."""
    ScorecardLink.objects.live(now=now).filter(interview=interview).update(used_at=now)

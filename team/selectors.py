"""Reads for the Team page (every account with its roles, the record newest first) and the
one rule for the language an e-mail to a person is written in."""

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.contrib.auth.models import Group, User
from django.core.exceptions import ObjectDoesNotExist
from django.core.paginator import Page, Paginator
from django.db.models import Exists, OuterRef, Prefetch
from django.utils import timezone

from hiring import roles
from team.models import Invitation, TeamEvent

EVENTS_PER_PAGE = 25


@dataclass(frozen=True)
class Member:
    user: User
    role_names: list[str]
    pending_invitation: bool
    language: str

    @property
    def role_labels(self) -> list[str]:
        return [str(roles.ROLE_LABELS[name]) for name in self.role_names]


def team_members(*, now: datetime | None = None) -> list[Member]:
    """Every account, active or not, with the language its e-mails go in; three queries."""
    now = now or timezone.now()
    pending = Invitation.objects.usable(now=now).filter(user=OuterRef("pk"))
    users = (
        User.objects.annotate(pending=Exists(pending))
        .select_related("preference")
        .prefetch_related(
            Prefetch("groups", queryset=Group.objects.filter(name__in=roles.ALL_ROLES))
        )
        .order_by("-is_active", "username")
    )
    order = {name: index for index, name in enumerate(roles.ALL_ROLES)}
    return [
        Member(
            user=user,
            role_names=sorted((group.name for group in user.groups.all()), key=order.get),
            pending_invitation=user.pending,
            language=language_for_user(user),
        )
        for user in users
    ]


def team_events(*, page: str | int | None) -> Page:
    events = TeamEvent.objects.select_related("actor", "subject")
    return Paginator(events, EVENTS_PER_PAGE).get_page(page)


def site_language(code: str | None) -> str | None:
    """`code` if it is one of settings.LANGUAGES (any case), else None."""
    known = {language.lower(): language for language, _name in settings.LANGUAGES}
    return known.get((code or "").lower())


def language_for_user(user: User | None, *, fallback: str = "") -> str:
    """The language to write to a person in: their account's choice, else `fallback`, else
    settings.LANGUAGE_CODE.

    `fallback` is what is known without an account, e.g. Interviewer.language. A code that
    is not in settings.LANGUAGES (a language since removed) is skipped. One query unless the
    caller loaded `user.preference` with select_related.
    """
    chosen = None
    if user is not None and user.pk is not None:
        try:
            chosen = user.preference.language
        except ObjectDoesNotExist:
            chosen = None
    return site_language(chosen) or site_language(fallback) or settings.LANGUAGE_CODE

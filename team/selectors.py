"""Reads for the Team page: every account with its roles, and the record, newest first."""

from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth.models import Group, User
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

    @property
    def role_labels(self) -> list[str]:
        return [str(roles.ROLE_LABELS[name]) for name in self.role_names]


def team_members(*, now: datetime | None = None) -> list[Member]:
    """Every account, active or not, in three queries."""
    now = now or timezone.now()
    pending = Invitation.objects.usable(now=now).filter(user=OuterRef("pk"))
    users = (
        User.objects.annotate(pending=Exists(pending))
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
        )
        for user in users
    ]


def team_events(*, page: str | int | None) -> Page:
    events = TeamEvent.objects.select_related("actor", "subject")
    return Paginator(events, EVENTS_PER_PAGE).get_page(page)

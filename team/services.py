"""Writes on the team: invitations, accounts, roles, deactivation. Each one leaves a TeamEvent.

An account is never deleted: a leaver is deactivated, so every scorecard, decision and
history row they wrote stays attributed to them. An administrator can neither take their own
Administrator role away nor deactivate themselves, so the installation always keeps one.
"""

import secrets
import smtplib
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.models import Group, User
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from hiring import roles
from team.models import Invitation, Preference, TeamAction, TeamEvent, hash_token
from team.selectors import language_for_user, site_language

INVITATION_HOURS = 72


class TeamRefused(ValidationError):
    """The action would break a team rule; the message says which."""


class InvitationInvalid(Exception):
    """Unknown, expired, used or replaced: the page says so without saying which."""


def invitation_link(*, site_url: str, token: str) -> str:
    return site_url.rstrip("/") + reverse("team:invitation-accept", args=[token])


def record(*, by: User | None, subject: User, action: str, detail: str = "") -> TeamEvent:
    return TeamEvent.objects.create(actor=by, subject=subject, action=action, detail=detail[:500])


def role_summary(role_names: list[str]) -> str:
    return ", ".join(sorted(role_names)) or "-"


def issue_invitation(*, user: User, by: User | None, now: datetime | None = None) -> str:
    """A new one-time token for `user`; every earlier one stops working. Returns the token."""
    now = now or timezone.now()
    Invitation.objects.filter(user=user).usable(now=now).update(revoked_at=now)
    token = secrets.token_urlsafe(32)
    Invitation.objects.create(
        user=user,
        token_hash=hash_token(token),
        created_by=by,
        expires_at=now + timedelta(hours=INVITATION_HOURS),
    )
    return token


def email_invitation(*, user: User, link: str) -> None:
    """In the invitee's language (team.selectors.language_for_user).

    Raises TeamRefused when the mail server refuses, so the caller's transaction rolls back;
    that message is for the inviter's page, so it stays in the active language.
    """
    with translation.override(language_for_user(user)):
        subject = _("Your account on the hiring app")
        body = _(
            "Hello %(username)s,\n\nAn account was made for you. Choose your password here "
            "(the link works once, for %(hours)d hours):\n\n%(link)s\n"
        ) % {"username": user.username, "hours": INVITATION_HOURS, "link": link}
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
    except (smtplib.SMTPException, OSError):
        raise TeamRefused(
            _("The e-mail could not be sent; nothing was saved. Try again later.")
        ) from None


def new_account(
    *, username: str, email: str, role_names: list[str], language: str | None = None
) -> User:
    """`language`: the account's first language (None: the active one, the inviter's page)."""
    try:
        with transaction.atomic():
            user = User.objects.create_user(username=username, email=email, password=None)
    except IntegrityError:
        raise TeamRefused(
            {"username": _("An account with this username already exists.")}
        ) from None
    user.groups.set(Group.objects.filter(name__in=role_names))
    chosen = site_language(language or translation.get_language())
    if chosen:
        Preference.objects.create(user=user, language=chosen)
    return user


@transaction.atomic
def set_language_preference(*, user: User, language: str, by: User | None = None) -> bool:
    """Store the language `user`'s e-mails go in; False if it was so already.

    Raises TeamRefused for a code not in settings.LANGUAGES. A change made by someone else
    (an Administrator on the Team page) is recorded; a person's own switch is not.
    """
    chosen = site_language(language)
    if chosen is None:
        raise TeamRefused({"language": _("Choose one of the listed languages.")})
    before = Preference.objects.select_for_update().filter(user=user).first()
    if before is not None and before.language == chosen:
        return False
    Preference.objects.update_or_create(user=user, defaults={"language": chosen})
    if by is not None and by.pk != user.pk:
        detail = f"{before.language if before else '-'} -> {chosen}"
        record(by=by, subject=user, action=TeamAction.LANGUAGE_CHANGED, detail=detail)
    return True


@transaction.atomic
def invite_user(
    *,
    by: User | None,
    username: str,
    email: str,
    role_names: list[str],
    site_url: str,
    language: str | None = None,
) -> User:
    """Create the account without a usable password and e-mail it a set-password link.

    The account starts with `language` (None: the active one, i.e. the inviter's page), and
    the e-mail is written in it.
    """
    user = new_account(username=username, email=email, role_names=role_names, language=language)
    token = issue_invitation(user=user, by=by)
    record(by=by, subject=user, action=TeamAction.INVITED, detail=role_summary(role_names))
    email_invitation(user=user, link=invitation_link(site_url=site_url, token=token))
    return user


@transaction.atomic
def create_account(
    *,
    by: User | None,
    username: str,
    email: str,
    role_names: list[str],
    site_url: str,
    language: str | None = None,
) -> tuple[User, str]:
    """Create the account and return (user, set-password link) to show once; nothing is mailed.

    The account starts with `language` (None: the active one, i.e. the creator's page).
    """
    user = new_account(username=username, email=email, role_names=role_names, language=language)
    token = issue_invitation(user=user, by=by)
    record(by=by, subject=user, action=TeamAction.CREATED, detail=role_summary(role_names))
    return user, invitation_link(site_url=site_url, token=token)


@transaction.atomic
def resend_invitation(*, by: User, user: User, site_url: str) -> None:
    """A new link by e-mail; the previous one stops working."""
    if user.has_usable_password():
        raise TeamRefused(_("%(user)s has set a password already.") % {"user": user})
    if not user.is_active:
        raise TeamRefused(_("%(user)s is deactivated: reactivate them first.") % {"user": user})
    token = issue_invitation(user=user, by=by)
    record(by=by, subject=user, action=TeamAction.RESENT)
    email_invitation(user=user, link=invitation_link(site_url=site_url, token=token))


def usable_invitation(token: str, *, now: datetime | None = None) -> Invitation:
    now = now or timezone.now()
    invitation = (
        Invitation.objects.usable(now=now)
        .select_related("user")
        .filter(token_hash=hash_token(token), user__is_active=True)
        .first()
    )
    if invitation is None:
        raise InvitationInvalid
    return invitation


@transaction.atomic
def accept_invitation(*, token: str, password: str) -> User:
    """Set the password and spend the token. The password is validated by the caller's form."""
    invitation = usable_invitation(token)
    # Lock the row: two tabs submitting the same link set the password once.
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.used_at or invitation.revoked_at:
        raise InvitationInvalid
    invitation.used_at = timezone.now()
    invitation.save(update_fields=["used_at"])
    user = invitation.user
    user.set_password(password)
    user.save(update_fields=["password"])
    record(by=user, subject=user, action=TeamAction.ACCEPTED)
    return user


@transaction.atomic
def change_roles(*, by: User, user: User, role_names: list[str]) -> bool:
    """Give exactly `role_names`; False if nothing changed."""
    if user.pk == by.pk and roles.ADMINISTRATOR not in role_names:
        raise TeamRefused(_("You cannot take away your own Administrator role."))
    before = set(user.groups.filter(name__in=roles.ALL_ROLES).values_list("name", flat=True))
    if before == set(role_names):
        return False
    others = user.groups.exclude(name__in=roles.ALL_ROLES)
    user.groups.set([*others, *Group.objects.filter(name__in=role_names)])
    detail = f"{role_summary(list(before))} -> {role_summary(role_names)}"
    record(by=by, subject=user, action=TeamAction.ROLES_CHANGED, detail=detail)
    return True


@transaction.atomic
def set_active(*, by: User, user: User, active: bool) -> bool:
    """Deactivate (cannot log in, history kept) or reactivate; False if already so."""
    if user.pk == by.pk and not active:
        raise TeamRefused(_("You cannot deactivate your own account."))
    if user.is_active == active:
        return False
    user.is_active = active
    user.save(update_fields=["is_active"])
    if not active:
        Invitation.objects.filter(user=user).usable(now=timezone.now()).update(
            revoked_at=timezone.now()
        )
    action = TeamAction.REACTIVATED if active else TeamAction.DEACTIVATED
    record(by=by, subject=user, action=action)
    return True

"""Single sign-on: which account a verified OpenID Connect login opens, and with which roles.

hiring/sso.py runs the flow with mozilla-django-oidc; `OidcBackend` takes the verified
claims (the ID token's, with the user info endpoint's on top) to `sign_in_with_sso`:

- The account is the one linked to the provider's subject (`sub`, an SsoIdentity), else
  the one with the same e-mail address (any case), which is then linked; else, with
  OIDC_CREATE_USERS, a new account without a usable password. An e-mail address the
  provider marks unverified (`email_verified` false) is never matched nor used.
- Roles follow OIDC_ROLE_MAP at every login: each role the map names is held exactly
  when one of the person's provider groups maps to it; roles the map does not name stay
  as an administrator set them. The last active Administrator keeps that role, as on
  the Team page.
- Refused, with the reason on the login page: no role after the mapping (nobody sees
  anything without one; the mapped roles are still taken away first), a deactivated
  account, a superuser (the break-glass account logs in with its password only), two
  accounts with the address, an account linked to another subject. Claims never make
  anyone staff or superuser.
- A created account, a first link and every role change are TeamEvents with no actor
  (the Team page shows "—"). Routine logins are not: `last_login` has them, and the
  Team page's log stays a record of changes.
"""

import logging
import re
from typing import Any

import jwt
import requests
from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, User
from django.core.exceptions import SuspiciousOperation
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import translation
from django.utils.translation import gettext as _
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from hiring import roles
from hiring.sso import ProviderUnavailable, parse_role_map, provider_setting
from team.models import Preference, SsoIdentity, TeamAction
from team.selectors import site_language
from team.services import record, role_summary

logger = logging.getLogger(__name__)

USERNAME_LENGTH = 150


class SsoRefused(Exception):
    """A verified login this app will not accept; the message is for the login page."""


def no_role_message() -> str:
    return _(
        "You are signed in at the provider, but none of your groups there gives a role "
        "in this app. Ask an administrator to add you to a group for HR, interviewers, "
        "hiring managers, rubric admins or administrators."
    )


def provider_groups(claims: dict[str, Any], *, claim: str) -> list[str] | None:
    """The person's groups at the provider; None when the claim is missing or malformed."""
    value = claims.get(claim)
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return value
    return None


def usable_email(claims: dict[str, Any]) -> str:
    """The claimed address, or "" when there is none or the provider says it is unverified."""
    email = claims.get("email")
    verified = claims.get("email_verified", True)
    if isinstance(verified, str):
        # Some providers (Amazon Cognito, 飞书) send the flag as a string.
        verified = verified.strip().lower() == "true"
    if not isinstance(email, str) or not email.strip() or verified is False:
        return ""
    return email.strip()


def free_username(claims: dict[str, Any], *, email: str) -> str:
    """A username not taken in any case, from preferred_username, else the e-mail address."""
    wanted = claims.get("preferred_username")
    base = wanted if isinstance(wanted, str) and wanted.strip() else email
    # The characters Django's username validator accepts.
    base = re.sub(r"[^\w.@+-]", "", base)[: USERNAME_LENGTH - 4] or "sso-user"
    name, number = base, 2
    while User.objects.filter(username__iexact=name).exists():
        name = f"{base}-{number}"
        number += 1
    return name


def held_roles(user: User) -> set[str]:
    return set(user.groups.filter(name__in=roles.ALL_ROLES).values_list("name", flat=True))


def other_administrators(user: User) -> bool:
    return (
        User.objects.filter(is_active=True, groups__name=roles.ADMINISTRATOR)
        .exclude(pk=user.pk)
        .exists()
    )


def find_account(*, issuer: str, subject: str, email: str) -> tuple[User | None, bool]:
    """(the account, whether it is linked already); (None, False) when there is none."""
    identity = (
        SsoIdentity.objects.select_related("user").filter(issuer=issuer, subject=subject).first()
    )
    if identity:
        return identity.user, True
    if not email:
        raise SsoRefused(
            _("The provider sent no verified e-mail address, so no account could be found.")
        )
    matches = list(User.objects.filter(email__iexact=email)[:2])
    if len(matches) > 1:
        raise SsoRefused(
            _("More than one account has this e-mail address. Ask an administrator to fix it.")
        )
    if matches and SsoIdentity.objects.filter(user=matches[0], issuer=issuer).exists():
        raise SsoRefused(
            _(
                "The account with this e-mail address is linked to another single sign-on "
                "user. Ask an administrator for help."
            )
        )
    return (matches[0] if matches else None), False


def sync_roles(*, user: User, granted: set[str], mapped: set[str]) -> set[str]:
    """Give the mapped roles the provider grants, take the others it maps; returns the roles."""
    before = held_roles(user)
    after = (before - mapped) | granted
    if roles.ADMINISTRATOR in before - after and not other_administrators(user):
        logger.warning(
            "Single sign-on left %s the Administrator role: no other active administrator", user
        )
        after.add(roles.ADMINISTRATOR)
    if after != before:
        others = user.groups.exclude(name__in=roles.ALL_ROLES)
        user.groups.set([*others, *Group.objects.filter(name__in=after)])
        detail = f"{role_summary(list(before))} -> {role_summary(list(after))} (single sign-on)"
        record(by=None, subject=user, action=TeamAction.ROLES_CHANGED, detail=detail)
    return after


def create_sso_account(
    *, issuer: str, subject: str, claims: dict[str, Any], email: str, granted: set[str]
) -> User:
    """A new account without a usable password, linked to the subject, with `granted` roles."""
    user = User.objects.create_user(
        username=free_username(claims, email=email),
        email=email,
        password=None,
        first_name=str(claims.get("given_name") or "")[:150],
        last_name=str(claims.get("family_name") or "")[:150],
    )
    user.groups.set(Group.objects.filter(name__in=granted))
    SsoIdentity.objects.create(user=user, issuer=issuer, subject=subject)
    # The language of the page the person signed in from, as an invitation takes the inviter's.
    if language := site_language(translation.get_language()):
        Preference.objects.create(user=user, language=language)
    record(by=None, subject=user, action=TeamAction.SSO_CREATED, detail=role_summary(list(granted)))
    return user


def sign_in_with_sso(
    *,
    issuer: str,
    claims: dict[str, Any],
    role_map: dict[str, frozenset[str]],
    groups_claim: str,
    create_users: bool,
) -> User:
    """The account these verified claims log in to, its roles brought in line with the map.

    Raises SsoRefused (nothing created; the mapped roles of a known account are still
    brought in line) when the login must not go ahead.
    """
    subject = claims.get("sub")
    if not isinstance(subject, str) or not subject:
        raise SsoRefused(_("The provider did not say who you are."))
    groups = provider_groups(claims, claim=groups_claim)
    if groups is None:
        logger.warning(
            "Single sign-on: the claims have no %r list (OIDC_GROUPS_CLAIM)", groups_claim
        )
        raise SsoRefused(no_role_message())
    granted = {role for group in groups for role in role_map.get(group, ())}
    mapped = {role for names in role_map.values() for role in names}
    email = usable_email(claims)
    with transaction.atomic():
        user, linked = find_account(issuer=issuer, subject=subject, email=email)
        if user is None:
            if not create_users:
                raise SsoRefused(
                    _("There is no account for %(email)s. Ask an administrator to invite you.")
                    % {"email": email}
                )
            if not granted:
                raise SsoRefused(no_role_message())
            return create_sso_account(
                issuer=issuer, subject=subject, claims=claims, email=email, granted=granted
            )
        if not user.is_active:
            raise SsoRefused(_("This account is deactivated. Ask an administrator for help."))
        if user.is_superuser:
            raise SsoRefused(
                _("This account logs in with its password only, not with single sign-on.")
            )
        if not linked:
            SsoIdentity.objects.create(user=user, issuer=issuer, subject=subject)
            record(by=None, subject=user, action=TeamAction.SSO_LINKED, detail=issuer[:500])
        held = sync_roles(user=user, granted=granted, mapped=mapped)
    if not held:
        raise SsoRefused(no_role_message())
    return user


class OidcBackend(OIDCAuthenticationBackend):
    """mozilla-django-oidc's code flow, with the checks it leaves out and our account rules.

    It also verifies the ID token's audience (our client id), its issuer (when the
    discovery document names one) and that it expires, and that the user info is about
    the same subject (OpenID Connect Core 1.0, 3.1.3.7 and 5.3.2).
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # The parent reads the endpoints here, which may need the network; this backend
        # is also built for every password login, so they wait until a code comes back.
        self.UserModel = User
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID
        self.OIDC_RP_CLIENT_SECRET = settings.OIDC_RP_CLIENT_SECRET
        self.OIDC_RP_SIGN_ALGO = settings.OIDC_RP_SIGN_ALGO
        self.OIDC_RP_IDP_SIGN_KEY = None

    def authenticate(self, request: HttpRequest | None, **kwargs: Any) -> User | None:
        if request is None or "username" in kwargs or not request.GET.get("code"):
            return None
        try:
            self.OIDC_OP_TOKEN_ENDPOINT = provider_setting("OIDC_OP_TOKEN_ENDPOINT")
            self.OIDC_OP_USER_ENDPOINT = provider_setting("OIDC_OP_USER_ENDPOINT")
            self.OIDC_OP_JWKS_ENDPOINT = (
                None
                if self.OIDC_RP_SIGN_ALGO.startswith("HS")
                else provider_setting("OIDC_OP_JWKS_ENDPOINT")
            )
            self.issuer = provider_setting("issuer")
            return super().authenticate(request, **kwargs)
        except SsoRefused as refusal:
            request.sso_refusal = str(refusal)  # type: ignore[attr-defined]
        except (
            IntegrityError,
            ProviderUnavailable,
            SuspiciousOperation,
            jwt.PyJWTError,
            requests.RequestException,
            KeyError,
            TypeError,
            ValueError,
        ) as error:
            logger.warning("Single sign-on login failed: %r", error)
        return None

    def verify_token(self, token: str, **kwargs: Any) -> dict[str, Any]:
        payload = super().verify_token(token, **kwargs)
        audience = payload.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        if self.OIDC_RP_CLIENT_ID not in audiences:
            raise SuspiciousOperation("The ID token is for another client.")
        if self.issuer and payload.get("iss") != self.issuer:
            raise SuspiciousOperation("The ID token is from another issuer.")
        if "exp" not in payload:
            raise SuspiciousOperation("The ID token does not expire.")
        return payload

    def get_or_create_user(
        self, access_token: str, id_token: str, payload: dict[str, Any]
    ) -> User | None:
        user_info = self.get_userinfo(access_token, id_token, payload)
        if user_info.get("sub") != payload.get("sub"):
            raise SuspiciousOperation("The user info is about another subject.")
        # Some providers (Azure AD) put the groups in the ID token only.
        claims = {**payload, **user_info}
        return sign_in_with_sso(
            issuer=str(payload.get("iss") or self.issuer),
            claims=claims,
            role_map=parse_role_map(settings.OIDC_ROLE_MAP),
            groups_claim=settings.OIDC_GROUPS_CLAIM,
            create_users=settings.OIDC_CREATE_USERS,
        )

    def get_user(self, user_id: int) -> User | None:
        # The parent's ignores is_active, so a deactivated account would stay logged in.
        return ModelBackend.get_user(self, user_id)

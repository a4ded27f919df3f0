"""Single sign-on with OpenID Connect: the provider, the start-up check and the two views.

mozilla-django-oidc runs the authorization code flow; this module points it at the
provider and keeps the app's promises around it. Nothing here knows about accounts:
which account a login opens, and which roles it holds, is decided by the backend in
team/sso.py.

- The endpoints come from the settings, or else from the provider's discovery document,
  fetched when a login first needs them (never at start-up, never for a password login,
  so the break-glass password login works while the provider is down) and kept for
  DISCOVERY_SECONDS.
- Every way a single sign-on login can fail ends on the login page with a message, never
  a 400 or a 500: the backend leaves its reason on the request (`request.sso_refusal`).
- `check_oidc_settings` refuses to start with OIDC_ENABLED on and the client or the
  provider's endpoints missing, or a role map naming no known role.
"""

import logging
import time
from typing import Any

import requests
from django.conf import settings
from django.contrib import messages
from django.core import checks
from django.core.exceptions import SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.utils.translation import gettext
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from hiring import roles

logger = logging.getLogger(__name__)

# Providers rotate keys and move endpoints rarely; an hour keeps a restart-free change cheap.
DISCOVERY_SECONDS = 3600
# Setting name -> the discovery document's field (OpenID Connect Discovery 1.0, section 3).
DISCOVERED = {
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "authorization_endpoint",
    "OIDC_OP_TOKEN_ENDPOINT": "token_endpoint",
    "OIDC_OP_USER_ENDPOINT": "userinfo_endpoint",
    "OIDC_OP_JWKS_ENDPOINT": "jwks_uri",
}
SIGN_ALGORITHMS = ("RS256", "RS384", "RS512", "ES256", "ES384", "ES512", "HS256", "HS384", "HS512")

_discovered: dict[str, tuple[float, dict[str, Any]]] = {}


class ProviderUnavailable(Exception):
    """The discovery document could not be fetched or lacks an endpoint."""


def parse_role_map(text: str) -> dict[str, frozenset[str]]:
    """`"hr-staff=HR,it-admins=Administrator"` as {provider group: role names}.

    Role names are those of hiring/roles.py, in any case; a group may be listed more
    than once to give several roles. Raises ValueError naming the first bad entry.
    """
    by_lower = {name.lower(): name for name in roles.ALL_ROLES}
    mapping: dict[str, set[str]] = {}
    for entry in text.split(","):
        if not entry.strip():
            continue
        group, sep, role = (part.strip() for part in entry.partition("="))
        if not sep or not group or role.lower() not in by_lower:
            raise ValueError(
                f"{entry.strip()!r} is not GROUP=ROLE with ROLE one of {', '.join(roles.ALL_ROLES)}"
            )
        mapping.setdefault(group, set()).add(by_lower[role.lower()])
    return {group: frozenset(names) for group, names in mapping.items()}


def discovery_document(url: str) -> dict[str, Any]:
    """The provider's discovery document, fetched at most once per DISCOVERY_SECONDS."""
    cached = _discovered.get(url)
    if cached and time.monotonic() - cached[0] < DISCOVERY_SECONDS:
        return cached[1]
    try:
        response = requests.get(url, timeout=settings.OIDC_TIMEOUT)
        response.raise_for_status()
        document = response.json()
    except (requests.RequestException, ValueError) as error:
        raise ProviderUnavailable(f"discovery document {url}: {error}") from error
    if not isinstance(document, dict):
        raise ProviderUnavailable(f"discovery document {url} is not a JSON object")
    _discovered[url] = (time.monotonic(), document)
    return document


def forget_discovery() -> None:
    """Drop the fetched discovery documents (the tests start each provider afresh)."""
    _discovered.clear()


def provider_setting(name: str) -> str:
    """An endpoint (or the issuer) from the settings, else from the discovery document.

    `name` is one of DISCOVERED or "issuer"; the issuer is only ever discovered, and is ""
    without a discovery URL. Raises ProviderUnavailable when it is needed but missing.
    """
    explicit = getattr(settings, name, "") if name in DISCOVERED else ""
    if explicit:
        return explicit
    url = settings.OIDC_OP_DISCOVERY_URL
    if not url:
        if name == "issuer":
            return ""
        raise ProviderUnavailable(f"{name} is not set and there is no OIDC_OP_DISCOVERY_URL")
    value = discovery_document(url).get(DISCOVERED.get(name, name))
    if not isinstance(value, str) or not value:
        raise ProviderUnavailable(f"the discovery document at {url} has no {name}")
    return value


def login_label() -> str:
    """The text of the login page's single sign-on button."""
    if settings.OIDC_PROVIDER_NAME:
        return gettext("Log in with %(provider)s") % {"provider": settings.OIDC_PROVIDER_NAME}
    return gettext("Log in with single sign-on")


def refuse(request: HttpRequest, reason: str | None = None) -> HttpResponse:
    """Back to the login page, saying why."""
    messages.error(
        request,
        reason
        or gettext(
            "Single sign-on did not log you in. Try again, or ask an administrator for help."
        ),
    )
    return redirect("login")


class AuthenticateView(OIDCAuthenticationRequestView):
    """Sends the browser to the provider, with state, nonce and a PKCE challenge."""

    def __init__(self, **kwargs: Any) -> None:
        # The parent reads the endpoint here; that may need the network, so it waits for get().
        super(OIDCAuthenticationRequestView, self).__init__(**kwargs)
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID

    def get(self, request: HttpRequest) -> HttpResponse:
        if not settings.OIDC_ENABLED:
            raise Http404
        try:
            self.OIDC_OP_AUTH_ENDPOINT = provider_setting("OIDC_OP_AUTHORIZATION_ENDPOINT")
        except ProviderUnavailable as error:
            logger.error("Single sign-on is unavailable: %s", error)
            return refuse(
                request,
                gettext(
                    "The single sign-on provider cannot be reached. Try again later, "
                    "or ask an administrator for help."
                ),
            )
        return super().get(request)


class CallbackView(OIDCAuthenticationCallbackView):
    """Where the provider sends the browser back; a failure says why on the login page."""

    def get(self, request: HttpRequest) -> HttpResponse:
        if not settings.OIDC_ENABLED:
            raise Http404
        try:
            return super().get(request)
        except SuspiciousOperation as error:
            # An unknown state: the callback was opened twice, or from another browser.
            logger.warning("Single sign-on callback refused: %s", error)
            return self.login_failure()

    def login_failure(self) -> HttpResponseRedirect:
        return refuse(self.request, getattr(self.request, "sso_refusal", None))


def not_a_password_attempt(request: HttpRequest, credentials: dict[str, Any] | None) -> bool:
    """For django-axes: a single sign-on callback's credentials hold no username or password.

    The provider throttles its own password prompts; a refused callback (no role, say) must
    neither count towards nor wait out a lockout of the password form.
    """
    return credentials is not None and not {"username", "password"} & set(credentials)


def check_oidc_settings(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """With OIDC_ENABLED on, the client, the provider's endpoints and the role map must be set."""
    if not settings.OIDC_ENABLED:
        return []
    hint = "See README.md, Single sign-on."
    errors = []

    def error(number: int, message: str) -> None:
        errors.append(checks.Error(message, hint=hint, id=f"hiring.E1{number:02d}"))

    for name in ("OIDC_RP_CLIENT_ID", "OIDC_RP_CLIENT_SECRET"):
        if not getattr(settings, name):
            error(1, f"OIDC_ENABLED is on but {name} is empty.")
    if not settings.OIDC_OP_DISCOVERY_URL:
        needed = [
            "OIDC_OP_AUTHORIZATION_ENDPOINT",
            "OIDC_OP_TOKEN_ENDPOINT",
            "OIDC_OP_USER_ENDPOINT",
        ]
        if not settings.OIDC_RP_SIGN_ALGO.startswith("HS"):
            needed.append("OIDC_OP_JWKS_ENDPOINT")
        missing = [name for name in needed if not getattr(settings, name)]
        if missing:
            error(
                2,
                "OIDC_ENABLED is on but neither OIDC_OP_DISCOVERY_URL nor "
                + ", ".join(missing)
                + " is set.",
            )
    if settings.OIDC_RP_SIGN_ALGO not in SIGN_ALGORITHMS:
        error(3, f"OIDC_RP_SIGN_ALGO must be one of {', '.join(SIGN_ALGORITHMS)}.")
    try:
        if not parse_role_map(settings.OIDC_ROLE_MAP):
            error(4, "OIDC_ROLE_MAP is empty: nobody could log in with single sign-on.")
    except ValueError as problem:
        error(4, f"OIDC_ROLE_MAP: {problem}.")
    if not settings.OIDC_GROUPS_CLAIM:
        error(5, "OIDC_GROUPS_CLAIM is empty.")
    if settings.OIDC_BACKEND not in settings.AUTHENTICATION_BACKENDS:
        error(
            6, f"OIDC_ENABLED is on but {settings.OIDC_BACKEND} is not an authentication backend."
        )
    return errors

"""The production profile: deploy checks, CSP, login throttling, passwords, sessions."""

import os
import secrets
import subprocess
import sys
from datetime import timedelta
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from hiring.client_ip import client_ip
from tests.factories import OpeningFactory
from tests.hiring.test_permissions import URLS

ROOT = Path(__file__).resolve().parents[2]


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    """manage.py in a fresh process with `env` on top of ours (SECRET_KEY and DEBUG cleared)."""
    keep = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG"}}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**keep, **env},
        capture_output=True,
        text=True,
        check=False,
    )


PRODUCTION = {"DEBUG": "false", "ALLOWED_HOSTS": "hiring.example.com"}


@pytest.mark.parametrize("extra", [{}, {"BEHIND_PROXY": "true"}], ids=["direct", "behind-proxy"])
def test_deploy_check_passes_with_debug_off_and_a_secret_key(extra):
    env = {**PRODUCTION, "SECRET_KEY": secrets.token_urlsafe(50), **extra}
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", **env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_deploy_check_flags_plain_http_without_the_redirect():
    env = {**PRODUCTION, "SECRET_KEY": secrets.token_urlsafe(50), "SECURE_SSL_REDIRECT": "false"}
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", **env)
    assert result.returncode != 0
    assert "security.W008" in result.stderr + result.stdout


def test_production_profile_is_strict():
    env = {**PRODUCTION, "SECRET_KEY": secrets.token_urlsafe(50)}
    code = (
        "from django.conf import settings as s; "
        "print(s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, "
        "s.SECURE_HSTS_SECONDS >= 31536000, s.STORAGES['staticfiles']['BACKEND'])"
    )
    result = run_manage("shell", "-v", "0", "-c", code, **env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "True",
        "True",
        "True",
        "True",
        "whitenoise.storage.CompressedManifestStaticFilesStorage",
    ]


# Content Security Policy -----------------------------------------------------


class InlineCode(HTMLParser):
    """Collects what a CSP without 'unsafe-inline' would refuse to run or apply."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = {name for name, _value in attrs}
        if tag == "script" and "src" not in names:
            self.found.append("<script> without src")
        if tag == "style":
            self.found.append("<style>")
        self.found += [f"{tag} {name}=" for name in names if name == "style" or name[:2] == "on"]
        href = dict(attrs).get("href") or ""
        if href.lower().startswith("javascript:"):
            self.found.append(f"{tag} href=javascript:")


def inline_code(html: str) -> list[str]:
    parser = InlineCode()
    parser.feed(html)
    return parser.found


def test_inline_code_detector_finds_what_the_policy_refuses():
    html = (
        '<script>alert(1)</script><script src="/s.js"></script><style>p{}</style>'
        '<div style="width: 3%"></div><button onclick="x()"></button><a href="javascript:x()">'
    )
    assert inline_code(html) == [
        "<script> without src",
        "<style>",
        "div style=",
        "button onclick=",
        "a href=javascript:",
    ]


@pytest.mark.django_db
def test_csp_header_allows_no_inline_code(client):
    policy = client.get(reverse("login")).headers["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["default-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"


# Every page of the permission table, opened by the first role that may open it.
PAGES = [
    (name, kwargs, next(role for role, status in table.items() if status == 200))
    for name, kwargs, table in URLS
    if 200 in table.values()
]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "kwargs", "role"), PAGES, ids=[row[0] for row in PAGES])
def test_pages_hold_no_inline_code(persona_client, name, kwargs, role, interviewer):
    response = persona_client(role).get(reverse(name, kwargs=kwargs()))
    assert response.status_code == 200
    if not response["Content-Type"].startswith("text/html"):
        pytest.skip("not a page: an export or JSON")
    assert inline_code(response.content.decode()) == []


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["login", "admin:index", "admin:rubrics_rubric_changelist"])
def test_login_and_admin_pages_hold_no_inline_code(persona_client, name):
    response = persona_client("hr" if name.startswith("admin") else "anonymous").get(reverse(name))
    assert response.status_code == 200
    assert inline_code(response.content.decode()) == []


# Login throttling --------------------------------------------------------------


def fail_login(client: Client, username: str, times: int):
    response = None
    for _ in range(times):
        response = client.post(reverse("login"), {"username": username, "password": "wrong"})
    return response


@pytest.mark.django_db
def test_repeated_failed_logins_lock_the_account_from_that_address(hr):
    client = Client()
    below = fail_login(client, "hr", settings.AXES_FAILURE_LIMIT - 1)
    assert below.status_code == 200  # the login form again, with its error

    locked = fail_login(client, "hr", 1)
    assert locked.status_code == 429
    assert "Too many failed logins" in locked.content.decode()
    assert "Try again in 15 minutes" in locked.content.decode()
    assert inline_code(locked.content.decode()) == []

    right_password = client.post(reverse("login"), {"username": "hr", "password": "pw-for-tests"})
    assert right_password.status_code == 429
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_a_lockout_does_not_touch_other_users_or_other_addresses(hr, manager):
    fail_login(Client(), "hr", settings.AXES_FAILURE_LIMIT)
    colleague = Client().post(reverse("login"), {"username": "manager", "password": "pw-for-tests"})
    assert colleague.status_code == 302
    elsewhere = Client(REMOTE_ADDR="10.0.0.9").post(
        reverse("login"), {"username": "hr", "password": "pw-for-tests"}
    )
    assert elsewhere.status_code == 302


@pytest.mark.django_db
def test_a_successful_login_resets_the_count(hr):
    client = Client()
    fail_login(client, "hr", settings.AXES_FAILURE_LIMIT - 1)
    ok = client.post(reverse("login"), {"username": "hr", "password": "pw-for-tests"})
    assert ok.status_code == 302
    client.post(reverse("logout"))
    assert fail_login(client, "hr", settings.AXES_FAILURE_LIMIT - 1).status_code == 200


def test_behind_a_proxy_the_client_is_the_address_the_proxy_appended():
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7"
    )
    assert client_ip(request) == "203.0.113.7"
    assert client_ip(RequestFactory().get("/", REMOTE_ADDR="10.0.0.1")) == "10.0.0.1"


# Passwords and sessions --------------------------------------------------------------


@pytest.mark.parametrize("password", ["12345678", "password", "short"])
def test_weak_passwords_are_refused(password):
    with pytest.raises(ValidationError):
        validate_password(password)


def test_sessions_live_in_the_database_and_expire():
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.db"
    assert settings.SESSION_COOKIE_AGE == 8 * 3600
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE


@pytest.mark.django_db
def test_an_expired_session_is_logged_out(hr):
    client = Client()
    client.post(reverse("login"), {"username": "hr", "password": "pw-for-tests"})
    assert client.get(reverse("home")).status_code == 200
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name",
    ["home", "candidates:candidate-list", "candidates:opening-list", "rubrics:rubric-list"],
)
def test_pages_for_a_logged_in_user_are_never_stored(client, hr, name):
    """Before: pages holding personal data carried no Cache-Control at all."""
    client.force_login(hr)
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


@pytest.mark.django_db
def test_exports_and_json_are_never_stored(client, manager):
    opening = OpeningFactory(hiring_managers=[manager])
    client.force_login(manager)
    for name in ["opening-shortlist-csv", "opening-shortlist-xlsx", "opening-ranking-json"]:
        response = client.get(reverse(f"candidates:{name}", args=[opening.pk]))
        assert response.status_code == 200
        assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "query"),
    [
        ("admin:candidates_application_changelist", "stage=a%00b"),
        ("admin:candidates_candidate_changelist", "q=a%00b"),
        ("admin:rubrics_dimension_changelist", "rubric__id__exact=1%00"),
    ],
)
def test_a_nul_in_a_search_or_list_filter_gets_the_bad_request_page(persona_client, name, query):
    response = persona_client("hr").get(f"{reverse(name)}?{query}")
    assert response.status_code == 400
    assert "invisible NUL character" in response.content.decode()

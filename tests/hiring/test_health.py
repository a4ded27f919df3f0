"""`/healthz` for a load balancer, and errors logged with their traceback."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import DatabaseError
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_healthz_answers_without_login_while_the_database_answers(client):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "up"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_healthz_is_503_when_the_database_does_not_answer(client, monkeypatch):
    def broken(*args, **kwargs):
        raise DatabaseError("connection refused")

    monkeypatch.setattr("hiring.health.connection.cursor", broken)
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json()["database"] == "down"


@pytest.mark.django_db
def test_healthz_is_not_redirected_to_https(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get(reverse("healthz")).status_code == 200
    assert client.get(reverse("candidates:opening-list")).status_code == 301


def test_with_debug_off_a_server_error_reaches_stderr_with_its_traceback():
    """Before: no LOGGING, so with DEBUG off Django only tried to e-mail ADMINS."""
    script = (
        "import django, logging; django.setup()\n"
        "try:\n    1 / 0\n"
        "except ZeroDivisionError:\n"
        "    log = logging.getLogger('django.request')\n"
        "    log.error('Internal Server Error: /x', exc_info=True)\n"
    )
    environment = dict(os.environ, DEBUG="false", SECRET_KEY="a-real-key-for-this-test")
    environment["DJANGO_SETTINGS_MODULE"] = "hiring.settings"
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=environment, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert "ERROR django.request: Internal Server Error: /x" in done.stderr
    assert "ZeroDivisionError" in done.stderr and "Traceback" in done.stderr

"""Settings come from the environment and refuse an unsafe production start."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from hiring.settings import DEVELOPMENT_SECRET_KEY, check_secret_key

ROOT = Path(__file__).resolve().parents[2]


def test_debug_off_with_development_key_is_refused():
    with pytest.raises(ImproperlyConfigured):
        check_secret_key(secret_key=DEVELOPMENT_SECRET_KEY, debug=False)


def test_debug_off_with_a_real_key_is_accepted():
    check_secret_key(secret_key="a-real-key-from-the-environment", debug=False)


def run_check(**env: str) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG"}}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


def test_app_does_not_start_with_debug_off_and_no_secret_key():
    result = run_check(DEBUG="false")
    assert result.returncode != 0
    assert "SECRET_KEY is the development default" in result.stderr


def test_app_starts_with_debug_off_and_a_secret_key():
    result = run_check(DEBUG="false", SECRET_KEY="x" * 50, ALLOWED_HOSTS="example.com")
    assert result.returncode == 0, result.stderr

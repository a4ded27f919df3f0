"""The rate limits count in a store every server process shares, never in one process's memory."""

import os
import socket
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.db import connection
from django.test import RequestFactory
from django.urls import reverse

from hiring.ratelimit import over_limit

ROOT = Path(__file__).resolve().parents[2]
REDIS = ("127.0.0.1", 6379)


def redis_is_up() -> bool:
    try:
        socket.create_connection(REDIS, timeout=1).close()
    except OSError:
        return False
    return True


@pytest.mark.django_db
def test_without_redis_the_count_is_a_row_in_the_database():
    request = RequestFactory().get("/", REMOTE_ADDR="203.0.113.9")
    assert not over_limit(request, scope="test", limit=1, seconds=60)
    with connection.cursor() as cursor:
        cursor.execute("SELECT cache_key FROM hiring_cache")
        keys = [row[0] for row in cursor.fetchall()]
    assert any("ratelimit:test:203.0.113.9" in key for key in keys)
    assert over_limit(request, scope="test", limit=1, seconds=60)


COUNT_ONCE = (
    "from django.core.cache import caches; from hiring.ratelimit import count_request; "
    "print(type(caches['default']).__name__, count_request({key!r}, 60))"
)


@pytest.mark.skipif(not redis_is_up(), reason="no Redis on 127.0.0.1:6379")
def test_with_redis_url_two_processes_share_one_count():
    key = f"test-shared-{uuid.uuid4().hex}"
    environment = {**os.environ, "REDIS_URL": "redis://127.0.0.1:6379/15"}
    printed = [
        subprocess.run(
            [sys.executable, "manage.py", "shell", "-v", "0", "-c", COUNT_ONCE.format(key=key)],
            cwd=ROOT,
            env=environment,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
        for _ in range(2)
    ]
    assert printed == [["RedisCache", "1"], ["RedisCache", "2"]]


UNREACHABLE = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens on port 1
    }
}


@pytest.mark.django_db
def test_with_redis_down_the_pages_still_answer_and_the_outage_is_logged_once(
    client, settings, caplog
):
    settings.CACHES = UNREACHABLE  # Django drops its cache connections on this change
    link = reverse("scorecard-link", args=["not-a-live-token"])
    with caplog.at_level("WARNING", logger="hiring.ratelimit"):
        for _ in range(3):
            response = client.post(reverse("password_reset"), {"email": "someone@example.com"})
            assert response.status_code == 302
            assert client.get(link).status_code == 404
    warnings = [r for r in caplog.records if "unreachable" in r.getMessage()]
    assert len(warnings) == 1

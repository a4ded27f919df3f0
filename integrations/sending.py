"""POSTing JSON to another system, with retries on a fixed backoff; reusable by any job.

`post_json` makes one attempt and says when the next one is due; the caller's job
records the attempt on its own row and, if a retry is due, calls `schedule_retry`
with itself. Webhook deliveries (integrations.tasks) work this way; so can any
other job that calls out (chat notifications, say).
"""

import time
from dataclasses import dataclass
from datetime import datetime, timedelta

import requests
from django.conf import settings
from django.db import transaction
from django.utils import timezone

# The wait after the 1st, 2nd, ... failed attempt; after the last one there is none.
BACKOFF = (
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=12),
)
MAX_ATTEMPTS = len(BACKOFF) + 1
USER_AGENT = "hiring-webhooks/1"
# Kept of an error: enough to tell a refused connection from a timeout or a bad TLS setup.
ERROR_LENGTH = 500


@dataclass(frozen=True)
class Attempt:
    """One POST. `retry_at` is when to try again (None: it succeeded, or that was the last)."""

    attempt: int  # 1 for the first
    at: datetime
    ok: bool
    status_code: int | None  # None: no response at all
    error: str  # "" when ok
    duration_ms: int
    retry_at: datetime | None

    def as_log(self) -> dict:
        return {
            "attempt": self.attempt,
            "at": self.at.isoformat(),
            "status_code": self.status_code,
            "error": self.error,
            "duration_ms": self.duration_ms,
        }


def retry_delay(attempt: int) -> timedelta | None:
    """How long to wait after failed attempt number `attempt` (1-based); None: give up."""
    return BACKOFF[attempt - 1] if 1 <= attempt <= len(BACKOFF) else None


def post_json(
    *, url: str, body: bytes, headers: dict[str, str], attempt: int, retry: bool = True
) -> Attempt:
    """POST `body` (JSON bytes, sent as they are) to `url`; never raises for network trouble.

    A 2xx answer is a success; anything else, no answer within
    WEBHOOK_TIMEOUT_SECONDS (connect and read, each), or a connection error is a
    failure, retried after `retry_delay(attempt)` if `retry`. Redirects are not
    followed: a receiver that moved must be given its new URL.
    """
    started, at = time.monotonic(), timezone.now()
    status_code, error = None, ""
    try:
        response = requests.post(
            url,
            data=body,
            headers={"Content-Type": "application/json", "User-Agent": USER_AGENT, **headers},
            timeout=settings.WEBHOOK_TIMEOUT_SECONDS,
            allow_redirects=False,
        )
    except requests.RequestException as exception:
        error = f"{type(exception).__name__}: {exception}"[:ERROR_LENGTH]
    else:
        status_code = response.status_code
        if not 200 <= status_code < 300:
            error = f"HTTP {status_code} {response.reason or ''}".strip()[:ERROR_LENGTH]
    ok = status_code is not None and not error
    delay = None if ok or not retry else retry_delay(attempt)
    return Attempt(
        attempt=attempt,
        at=at,
        ok=ok,
        status_code=status_code,
        error=error,
        duration_ms=round((time.monotonic() - started) * 1000),
        retry_at=at + delay if delay else None,
    )


def schedule_retry(task, *args, at: datetime) -> bool:
    """Enqueue `task(*args)` to run at `at`, after the current transaction commits.

    False when the task backend cannot run a job later (TASKS_BACKEND=immediate):
    the caller then leaves the retry to an administrator.
    """
    if not task.get_backend().supports_defer:
        return False
    transaction.on_commit(lambda: task.using(run_after=at).enqueue(*args))
    return True

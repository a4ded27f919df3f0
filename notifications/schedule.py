"""When an interviewer is reminded of a missing scorecard: pure arithmetic, no Django.

Reminder n (1, 2, ... limit) belongs to the slot that starts `first_hours` +
(n - 1) x `repeat_hours` after the interview and ends where the next slot
starts (the last slot lasts `repeat_hours` too). A driver run inside a slot
sends that slot's reminder if it was not sent yet; a slot missed entirely
(no driver or worker ran during it) is skipped, not sent late in a burst.
So an interview older than first_hours + limit x repeat_hours gets nothing,
which also keeps a first deployment from mailing about last year's interviews.
"""

from datetime import datetime, timedelta


def due_attempt(
    *, held_at: datetime, now: datetime, first_hours: int, repeat_hours: int, limit: int
) -> int | None:
    """The reminder number whose slot `now` falls in, or None (too early, or past the last).

    Hours are whole hours; `repeat_hours` is at least 1.
    """
    elapsed = now - held_at - timedelta(hours=first_hours)
    if elapsed < timedelta(0):
        return None
    attempt = int(elapsed // timedelta(hours=repeat_hours)) + 1
    return attempt if attempt <= limit else None


def window_start(*, now: datetime, first_hours: int, repeat_hours: int, limit: int) -> datetime:
    """The earliest interview time that can still have a reminder due at `now` (exclusive)."""
    return now - timedelta(hours=first_hours + limit * repeat_hours)

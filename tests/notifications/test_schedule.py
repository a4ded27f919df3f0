"""The reminder slots: 2 h after the interview, then every 24 h, three in all (pure arithmetic)."""

from datetime import UTC, datetime, timedelta

import pytest

from notifications.schedule import due_attempt, window_start

HELD = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
HOURS = {"first_hours": 2, "repeat_hours": 24, "limit": 3}


def at(hours: float) -> int | None:
    return due_attempt(held_at=HELD, now=HELD + timedelta(hours=hours), **HOURS)


@pytest.mark.parametrize(
    ("hours", "attempt"),
    [
        (0, None),
        (1.99, None),
        (2, 1),
        (25.99, 1),
        (26, 2),
        (49.99, 2),
        (50, 3),
        (73.99, 3),
        (74, None),
        (500, None),
    ],
)
def test_each_reminder_has_its_own_slot_and_none_follows_the_last(hours, attempt):
    assert at(hours) == attempt


def test_a_limit_of_zero_means_no_reminder():
    assert (
        due_attempt(held_at=HELD, now=HELD + timedelta(hours=3), **(HOURS | {"limit": 0})) is None
    )


def test_the_window_reaches_back_to_the_end_of_the_last_slot():
    now = HELD + timedelta(hours=74)
    assert window_start(now=now, **HOURS) == HELD
    assert at(73.99) == 3

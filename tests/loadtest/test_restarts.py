"""Restarts at their moment: a failed command is reported, a cancelled run restarts nothing."""

import time

from loadtest.restarts import Restart, Restarter, wait_until
from loadtest.workload import Run


def restarter(*restarts: Restart) -> Restarter:
    run = Run(base_urls=("http://127.0.0.1:1",), seconds=10, think_s=0)
    return Restarter(run=run, restarts=list(restarts))


def test_a_restart_runs_at_its_moment_and_its_window_lasts_until_the_service_answers():
    answered_at = []

    def ready() -> bool:
        answered_at.append(time.monotonic())
        return len(answered_at) >= 3  # answers on the third try

    done = restarter(Restart("Redis", at=0.2, command="true", ready=ready))
    done.start()
    done.join()
    (window,) = done.windows
    assert window.name == "Redis"
    assert window.start >= 0.2
    assert window.seconds >= 0.1  # two 50 ms waits for the service
    assert done.failures == []


def test_a_failed_restart_command_is_reported_with_its_window():
    done = restarter(Restart("PostgreSQL", at=0, command="echo no >&2; exit 3", ready=lambda: True))
    done.start()
    done.join()
    assert done.failures == ["PostgreSQL: exit 3: no"]
    assert [w.name for w in done.windows] == ["PostgreSQL"]


def test_cancelling_drops_the_restarts_not_begun():
    done = restarter(Restart("Redis", at=5, command="exit 1", ready=lambda: True))
    done.start()
    started = time.monotonic()
    done.join(cancel=True)
    assert time.monotonic() - started < 1
    assert done.windows == [] and done.failures == []


def test_waiting_for_a_service_that_never_answers_gives_up():
    assert not wait_until(lambda: False, seconds=0.1)
    assert wait_until(lambda: True, seconds=0)

"""Restarting PostgreSQL and Redis mid-run, each at its own moment, on its own thread.

A restart's window (report.Window) runs from the start of its shell command
until the command has returned and the service answers again, so a command
that returns before the service listens (a daemon forking) is covered too.
Redis is left running whatever happens: `keep_redis_running` starts it again
if it does not answer at the end of the run.
"""

import subprocess
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import psycopg
import redis

from loadtest.report import Window
from loadtest.workload import Run

READY_TIMEOUT_S = 30


@dataclass(frozen=True)
class Restart:
    name: str  # what is restarted, as the report names it: "PostgreSQL", "Redis"
    at: float  # seconds into the run
    command: str  # shell command
    ready: Callable[[], bool]  # whether the service answers again


def postgres_answers(url: str) -> Callable[[], bool]:
    def ready() -> bool:
        try:
            with psycopg.connect(url, connect_timeout=2):
                return True
        except psycopg.OperationalError:
            return False

    return ready


def redis_answers(url: str) -> Callable[[], bool]:
    def ready() -> bool:
        try:
            with redis.Redis.from_url(url, socket_timeout=2) as client:
                return bool(client.ping())
        except redis.RedisError:
            return False

    return ready


def wait_until(ready: Callable[[], bool], seconds: float = READY_TIMEOUT_S) -> bool:
    deadline = time.monotonic() + seconds
    while not ready():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


@dataclass
class Restarter:
    """Runs each restart at its moment; `cancel` drops those not begun yet."""

    run: Run
    restarts: list[Restart]
    windows: list[Window] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    cancelled: threading.Event = field(default_factory=threading.Event)
    threads: list[threading.Thread] = field(default_factory=list)

    def start(self) -> None:
        for restart in self.restarts:
            thread = threading.Thread(target=self.restart_at, args=(restart,))
            thread.start()
            self.threads.append(thread)

    def restart_at(self, restart: Restart) -> None:
        if self.cancelled.wait(max(0.0, restart.at - self.run.now())):
            return
        start = self.run.now()
        done = subprocess.run(restart.command, shell=True, capture_output=True, text=True)
        if done.returncode != 0:
            self.failures.append(f"{restart.name}: exit {done.returncode}: {done.stderr.strip()}")
        if not wait_until(restart.ready):
            self.failures.append(f"{restart.name}: not answering {READY_TIMEOUT_S} s after")
        self.windows.append(Window(name=restart.name, start=start, end=self.run.now()))

    def join(self, *, cancel: bool = False) -> None:
        if cancel:
            self.cancelled.set()
        for thread in self.threads:
            thread.join()


def keep_redis_running(url: str, start_command: str) -> None:
    """Start Redis with `start_command` unless it answers at `url`; fail loudly if it cannot."""
    if redis_answers(url)():
        return
    print(f"Redis is not answering: starting it ({start_command})", flush=True)
    subprocess.run(start_command, shell=True, check=False)
    if not wait_until(redis_answers(url)):
        raise SystemExit(f"Redis does not answer at {url}: start it by hand ({start_command})")

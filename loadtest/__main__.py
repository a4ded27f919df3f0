"""`make loadtest`: two gunicorn servers on PostgreSQL and Redis, a mixed workload, restarts.

1. Creates the database afresh (dropping an old one of that name), migrates,
   empties the Redis database of --redis-url, loads the demo users and builds
   two openings with the COPY-based builder of the benchmark: a large one
   (--applications ranked applications, 3 submitted scorecards each) whose
   shortlist the managers read, and one of 100 applications with interviews
   waiting for a scorecard for HR.
2. Starts --servers app servers exactly as production does, one after the
   other, each with `make serve` (collectstatic, migrate, gunicorn with
   whitenoise, DEBUG off) on loopback, on consecutive ports from --port, all on
   that database and that Redis.
3. Drives HR and manager sessions spread over the servers for --seconds
   (loadtest.workload); restarts PostgreSQL at --restart-at seconds with
   --restart-command and Redis at --redis-restart-at with
   --redis-restart-command (loadtest.restarts).
4. Stops the servers, starts Redis again with --redis-start-command if it does
   not answer (whatever happened), reads back every scorecard submitted on the
   waiting interviews, compares them with what the servers acknowledged and
   prints the figures (loadtest.report). Exit status 1 if a goal is missed.

Plain HTTP on loopback, so SSL redirect, secure cookies and HSTS are off.
"""

import argparse
import os
import secrets
import signal
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import psycopg
from psycopg import sql

from loadtest.report import Scores, format_summary, summarise
from loadtest.restarts import (
    Restart,
    Restarter,
    keep_redis_running,
    postgres_answers,
    redis_answers,
)
from loadtest.workload import Run, drive

ROOT = Path(__file__).resolve().parent.parent
LOGS = ROOT / "artifacts" / "loadtest"
SHORTLIST_TITLE = "Load test shortlist"
SHORTLIST_SCORECARDS = 3  # per application, as in the benchmark's figures
HR_TITLE = "Load test opening"
HR_APPLICATIONS = 100
REDIS_START = (
    "redis-server --bind 127.0.0.1 --port 6379 --save '' --appendonly no --daemonize yes"
    " --logfile /var/log/redis/ci.log"
)
REDIS_RESTART = f"redis-cli -p 6379 shutdown nosave; {REDIS_START}"


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m loadtest", description=__doc__.split("\n")[0])
    parser.add_argument("--postgres", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--database", default="hiring_load")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/5", help="emptied first")
    parser.add_argument("--port", type=int, default=8765, help="of the first server")
    parser.add_argument("--servers", type=int, default=2, help="on consecutive ports")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers per server")
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--restart-at", type=float, default=20, help="PostgreSQL, seconds in")
    parser.add_argument(
        "--restart-command",
        default="pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main restart",
        help="shell command that restarts PostgreSQL; empty: no restart",
    )
    parser.add_argument("--redis-restart-at", type=float, default=40, help="seconds in")
    parser.add_argument(
        "--redis-restart-command",
        default=REDIS_RESTART,
        help="shell command that restarts Redis; empty: no restart",
    )
    parser.add_argument(
        "--redis-start-command",
        default=REDIS_START,
        help="shell command that starts Redis, run at the end if it does not answer",
    )
    parser.add_argument("--hr-sessions", type=int, default=6)
    parser.add_argument("--manager-sessions", type=int, default=20)
    parser.add_argument("--think", type=float, default=0.25, help="mean pause in seconds")
    parser.add_argument(
        "--applications", type=int, default=10_000, help="on the opening the managers read"
    )
    parser.add_argument(
        "--awaiting", type=int, default=30, help=f"waiting interviews on each of {HR_APPLICATIONS}"
    )
    args = parser.parse_args()
    if args.servers < 1:
        parser.error("--servers must be at least 1")
    for command, at in (
        ("restart_command", "restart_at"),
        ("redis_restart_command", "redis_restart_at"),
    ):
        if getattr(args, command) and not 0 <= getattr(args, at) < args.seconds:
            parser.error(f"--{at.replace('_', '-')} must fall within --seconds")
    return args


def database_url(args: argparse.Namespace) -> str:
    return f"{args.postgres}/{args.database}"


def server_environment(args: argparse.Namespace) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": database_url(args),
        "REDIS_URL": args.redis_url,
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_COOKIES": "false",
        "SECURE_HSTS_SECONDS": "0",
    }


def create_database(args: argparse.Namespace) -> None:
    with psycopg.connect(f"{args.postgres}/postgres", autocommit=True) as connection:
        name = sql.Identifier(args.database)
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
        connection.execute(sql.SQL("CREATE DATABASE {}").format(name))


@dataclass(frozen=True)
class LoadData:
    shortlist_opening: int  # the large opening the managers read
    hr_opening: int
    waiting: list[int]  # interviews waiting for a scorecard, on the HR opening
    hr: tuple[str, str]  # username, password
    manager: tuple[str, str]


def prepare_data(args: argparse.Namespace) -> LoadData:
    """Migrate, empty the cache and seed through Django in this process."""
    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connection, connections, transaction

    from candidates.devtools.benchmark import build_opening
    from candidates.devtools.demo import create_demo_users, demo_password
    from candidates.models import Interview

    call_command("migrate", verbosity=0)
    cache.clear()  # what a previous run left in that Redis database belongs to its database
    create_demo_users()
    with transaction.atomic():  # one commit, not one per table
        shortlist = build_opening(
            SHORTLIST_TITLE, applications=args.applications, scorecards=SHORTLIST_SCORECARDS
        )
        typing = build_opening(
            HR_TITLE, applications=HR_APPLICATIONS, scorecards=2, awaiting=args.awaiting, seed=2
        )
        # Managers read only their team's openings: put the demo manager on the large one.
        shortlist.hiring_managers.add(User.objects.get(username="manager"))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # fresh planner statistics, as autovacuum would leave them
    waiting = list(
        Interview.objects.filter(application__opening=typing, scorecard__isnull=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    connections.close_all()
    return LoadData(
        shortlist_opening=shortlist.pk,
        hr_opening=typing.pk,
        waiting=waiting,
        hr=("hr", demo_password("hr")),
        manager=("manager", demo_password("manager")),
    )


def stored_scores(interviews: list[int]) -> dict[int, Scores]:
    """The scores of the submitted scorecards of `interviews`, as the database holds them now."""
    from django.db import connections

    from candidates.models import Score

    connections.close_all()  # the connection from before the restart is dead
    stored: dict[int, Scores] = {}
    rows = Score.objects.filter(
        scorecard__interview__in=interviews, scorecard__submitted_at__isnull=False
    ).values_list("scorecard__interview_id", "dimension__code", "value")
    for interview, code, value in rows:
        stored.setdefault(interview, {})[code] = value
    return stored


def start_server(port: int, workers: int, env: dict[str, str]) -> subprocess.Popen:
    """`make serve` on `port`, once it answers; its output goes to artifacts/loadtest/."""
    LOGS.mkdir(parents=True, exist_ok=True)
    log_path = LOGS / f"server-{port}.log"
    command = ["make", "--no-print-directory", "serve", "HOST=127.0.0.1", f"PORT={port}"]
    command.append(f"WORKERS={workers}")
    with log_path.open("w") as log:
        server = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
    url = f"http://127.0.0.1:{port}/accounts/login/"
    for _ in range(120):
        if server.poll() is not None:
            raise SystemExit(f"the server did not start; see {log_path}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return server
        except OSError:
            time.sleep(0.5)
    stop_server(server)
    raise SystemExit(f"the server did not answer within a minute; see {log_path}")


def stop_server(server: subprocess.Popen) -> None:
    os.killpg(server.pid, signal.SIGTERM)
    server.wait(timeout=30)


def planned_restarts(args: argparse.Namespace) -> list[Restart]:
    restarts = []
    if args.restart_command:
        ready = postgres_answers(database_url(args))
        restarts.append(Restart("PostgreSQL", args.restart_at, args.restart_command, ready))
    if args.redis_restart_command:
        ready = redis_answers(args.redis_url)
        restarts.append(Restart("Redis", args.redis_restart_at, args.redis_restart_command, ready))
    return restarts


def run_load(args: argparse.Namespace, env: dict[str, str], data: LoadData) -> Restarter:
    """Start the servers, drive the sessions and restart; the servers are stopped after."""
    ports = [args.port + k for k in range(args.servers)]
    servers: list[subprocess.Popen] = []
    restarter = None
    try:
        for port in ports:  # one after the other: collectstatic and migrate do not overlap
            servers.append(start_server(port, args.workers, env))
        restarts = planned_restarts(args)
        print(
            f"Servers up on ports {', '.join(map(str, ports))} ({args.workers} gunicorn "
            f"workers each). Driving {args.hr_sessions} HR and {args.manager_sessions} manager "
            f"sessions for {args.seconds:.0f} s, restarting "
            + (", ".join(f"{r.name} at {r.at:.0f} s" for r in restarts) or "nothing")
            + " ...",
            flush=True,
        )
        run = Run(
            base_urls=tuple(f"http://127.0.0.1:{port}" for port in ports),
            seconds=args.seconds,
            think_s=args.think,
        )
        restarter = Restarter(run=run, restarts=restarts)
        restarter.start()
        drive(
            run,
            hr=data.hr,
            manager=data.manager,
            hr_sessions=args.hr_sessions,
            manager_sessions=args.manager_sessions,
            interviews=data.waiting,
            shortlist_opening=data.shortlist_opening,
        )
        restarter.join()
    finally:
        if restarter:
            restarter.join(cancel=True)  # after an error: the restarts not begun are dropped
        for server in servers:
            stop_server(server)
    return restarter


def main() -> int:
    args = parse_args()
    # Stopped by a signal, still stop the servers and leave Redis running (the finally blocks).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    env = server_environment(args)
    os.environ.update(env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hiring.settings")
    sys.path.insert(0, str(ROOT))
    try:
        print(f"Preparing database {args.database} ...", flush=True)
        started = time.monotonic()
        create_database(args)
        data = prepare_data(args)
        print(
            f"Built in {time.monotonic() - started:.0f} s: opening {data.shortlist_opening} "
            f"with {args.applications} ranked applications for the managers, opening "
            f"{data.hr_opening} with {len(data.waiting)} interviews waiting for HR",
            flush=True,
        )
        restarter = run_load(args, env, data)
    finally:
        keep_redis_running(args.redis_url, args.redis_start_command)
    summary = summarise(
        restarter.run.samples,
        restarter.windows,
        acknowledged=restarter.run.acknowledged,
        stored=stored_scores(data.waiting),
    )
    print(format_summary(summary, seconds=args.seconds))
    for failure in restarter.failures:
        print(f"restart failed:  {failure}")
    return 0 if summary.goals_met and not restarter.failures else 1


if __name__ == "__main__":
    sys.exit(main())

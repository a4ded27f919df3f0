"""`make loadtest`: gunicorn on PostgreSQL, a mixed workload, a database restart mid-run.

1. Creates the database afresh (dropping an old one of that name), migrates,
   loads the demo users and builds a load opening: ranked applications for the
   managers and interviews waiting for a scorecard for HR.
2. Starts the app exactly as production does, with `make serve` (collectstatic,
   migrate, gunicorn with whitenoise, DEBUG off) on loopback.
3. Drives HR and manager sessions for --seconds (loadtest.workload) and
   restarts PostgreSQL at --restart-at seconds with --restart-command.
4. Stops the server, reads back every scorecard submitted on the waiting
   interviews, compares them with what the server acknowledged and prints the
   figures (loadtest.report). Exit status 1 if a goal is missed.

Plain HTTP on loopback, so SSL redirect, secure cookies and HSTS are off.
"""

import argparse
import os
import secrets
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import psycopg
from psycopg import sql

from loadtest.report import Scores, Window, format_summary, summarise
from loadtest.workload import Run, drive

ROOT = Path(__file__).resolve().parent.parent
LOG = ROOT / "artifacts" / "loadtest" / "server.log"
OPENING_TITLE = "Load test opening"


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m loadtest", description=__doc__.split("\n")[0])
    parser.add_argument("--postgres", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--database", default="hiring_load")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--restart-at", type=float, default=25)
    parser.add_argument(
        "--restart-command",
        default="pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main restart",
        help="shell command that restarts PostgreSQL; empty: no restart",
    )
    parser.add_argument("--hr-sessions", type=int, default=6)
    parser.add_argument("--manager-sessions", type=int, default=3)
    parser.add_argument("--think", type=float, default=0.25, help="mean pause in seconds")
    parser.add_argument("--applications", type=int, default=100)
    parser.add_argument("--awaiting", type=int, default=30, help="waiting interviews each")
    return parser.parse_args()


def server_environment(args: argparse.Namespace) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": f"{args.postgres}/{args.database}",
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


def prepare_data(args: argparse.Namespace) -> tuple[int, list[int], tuple[str, str], tuple]:
    """Migrate and seed through Django in this process: (opening, waiting interviews, logins)."""
    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.db import connections

    from candidates.devtools.benchmark import build_opening
    from candidates.devtools.demo import create_demo_users, demo_password
    from candidates.models import Interview

    call_command("migrate", verbosity=0)
    create_demo_users()
    opening = build_opening(
        OPENING_TITLE, applications=args.applications, scorecards=2, awaiting=args.awaiting
    )
    # Managers read only their team's openings: put the demo manager on this one.
    opening.hiring_managers.add(User.objects.get(username="manager"))
    waiting = list(
        Interview.objects.filter(application__opening=opening, scorecard__isnull=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    connections.close_all()
    return (
        opening.pk,
        waiting,
        ("hr", demo_password("hr")),
        ("manager", demo_password("manager")),
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


def start_server(args: argparse.Namespace, env: dict[str, str]) -> subprocess.Popen:
    LOG.parent.mkdir(parents=True, exist_ok=True)
    command = ["make", "--no-print-directory", "serve", "HOST=127.0.0.1", f"PORT={args.port}"]
    command.append(f"WORKERS={args.workers}")
    with LOG.open("w") as log:
        server = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
    url = f"http://127.0.0.1:{args.port}/accounts/login/"
    for _ in range(120):
        if server.poll() is not None:
            raise SystemExit(f"the server did not start; see {LOG}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return server
        except OSError:
            time.sleep(0.5)
    stop_server(server)
    raise SystemExit(f"the server did not answer within a minute; see {LOG}")


def stop_server(server: subprocess.Popen) -> None:
    os.killpg(server.pid, signal.SIGTERM)
    server.wait(timeout=30)


def restart_later(run: Run, at: float, command: str, window: list[Window]) -> threading.Thread:
    def restart() -> None:
        time.sleep(max(0.0, at - run.now()))
        start = run.now()
        subprocess.run(command, shell=True, check=True, capture_output=True)
        window.append(Window(start=start, end=run.now()))

    thread = threading.Thread(target=restart)
    thread.start()
    return thread


def main() -> int:
    args = parse_args()
    env = server_environment(args)
    os.environ.update(env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hiring.settings")
    sys.path.insert(0, str(ROOT))

    print(f"Preparing database {args.database} ...", flush=True)
    create_database(args)
    opening, waiting, hr, manager = prepare_data(args)
    print(f"Opening {opening}: {args.applications} ranked applications, {len(waiting)} waiting")
    server = start_server(args, env)
    print(
        f"Server up ({args.workers} gunicorn workers). Driving {args.hr_sessions} HR and "
        f"{args.manager_sessions} manager sessions for {args.seconds:.0f} s, restarting "
        f"PostgreSQL at {args.restart_at:.0f} s ...",
        flush=True,
    )
    run = Run(base_url=f"http://127.0.0.1:{args.port}", seconds=args.seconds, think_s=args.think)
    windows: list[Window] = []
    restarter = None
    if args.restart_command:
        restarter = restart_later(run, args.restart_at, args.restart_command, windows)
    try:
        drive(
            run,
            hr=hr,
            manager=manager,
            hr_sessions=args.hr_sessions,
            manager_sessions=args.manager_sessions,
            interviews=waiting,
            opening=opening,
        )
        if restarter:
            restarter.join()
    finally:
        stop_server(server)
    summary = summarise(
        run.samples,
        windows[0] if windows else None,
        acknowledged=run.acknowledged,
        stored=stored_scores(waiting),
    )
    print(format_summary(summary, seconds=args.seconds))
    return 0 if summary.goals_met else 1


if __name__ == "__main__":
    sys.exit(main())

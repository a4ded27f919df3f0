"""`manage.py migrate_safely`: two servers migrating a fresh database at once both succeed.

Each run is a separate process, as two servers starting together would be. The
PostgreSQL case needs DATABASE_URL to name a PostgreSQL server (it creates and
drops a database of its own there); the SQLite case always runs, on a new file.
"""

import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import dj_database_url
import psycopg
import pytest

ROOT = Path(__file__).resolve().parents[3]
SERVERS = 2


def on_postgresql() -> bool:
    return os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))


def manage(*args: str, database_url: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": database_url},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def finished(process: subprocess.Popen) -> tuple[int, str]:
    output, _ = process.communicate(timeout=300)
    return process.returncode, output


@pytest.fixture
def fresh_postgresql() -> Iterator[str]:
    server = dj_database_url.parse(os.environ["DATABASE_URL"])
    name = f"migrate_race_{uuid.uuid4().hex[:12]}"
    admin = psycopg.connect(
        host=server["HOST"] or None,
        port=server["PORT"] or None,
        user=server["USER"] or None,
        password=server["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    )
    admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield os.environ["DATABASE_URL"].rsplit("/", 1)[0] + f"/{name}"
    finally:
        admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
        admin.close()


def assert_servers_migrate_one_after_the_other(database_url: str) -> None:
    servers = [
        manage("migrate_safely", "--noinput", database_url=database_url) for _ in range(SERVERS)
    ]
    results = [finished(server) for server in servers]
    assert [code for code, _output in results] == [0] * SERVERS, results
    outputs = [output for _code, output in results]
    assert sum("No migrations to apply." in output for output in outputs) == SERVERS - 1, outputs
    check = finished(manage("migrate", "--check", "--noinput", database_url=database_url))
    assert check[0] == 0, check[1]  # nothing left unapplied: the schema is complete


@pytest.mark.skipif(not on_postgresql(), reason="DATABASE_URL is not PostgreSQL")
def test_two_servers_migrating_a_fresh_postgresql_database_both_succeed(fresh_postgresql):
    assert_servers_migrate_one_after_the_other(fresh_postgresql)


def test_two_servers_migrating_a_fresh_sqlite_database_both_succeed(tmp_path):
    assert_servers_migrate_one_after_the_other(f"sqlite:///{tmp_path / 'db.sqlite3'}")

"""One migration at a time, however many servers start at once.

`make serve` migrates before gunicorn starts. Two servers starting together on a
fresh PostgreSQL database would both create the tables and one would abort. The
first to take the lock migrates; the others wait for it, then find nothing to do.

PostgreSQL: a session advisory lock (MIGRATION_LOCK_KEY) on a connection of its
own, so the lock outlives whatever migrate does with its connection. SQLite: an
exclusive flock on `<database file>.migrate-lock`, next to the database. Other
databases and in-memory SQLite run unlocked.
"""

import fcntl
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.db import connections

# Any fixed 64-bit number; the same for every server of this project ("hiring" in ASCII).
MIGRATION_LOCK_KEY = 0x686972696E67


@contextmanager
def migration_lock(alias: str) -> Iterator[None]:
    """Hold the project's migration lock on database `alias` for the `with` block."""
    connection = connections[alias]
    if connection.vendor == "postgresql":
        with advisory_lock(alias):
            yield
    elif connection.vendor == "sqlite" and not connection.is_in_memory_db():
        with file_lock(Path(connection.settings_dict["NAME"])):
            yield
    else:
        yield


@contextmanager
def advisory_lock(alias: str) -> Iterator[None]:
    holder = connections.create_connection(alias)
    try:
        with holder.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s)", [MIGRATION_LOCK_KEY])
        try:
            yield
        finally:
            with holder.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [MIGRATION_LOCK_KEY])
    finally:
        holder.close()  # closing the session would release the lock anyway


@contextmanager
def file_lock(database: Path) -> Iterator[None]:
    database.parent.mkdir(parents=True, exist_ok=True)
    with open(database.with_name(database.name + ".migrate-lock"), "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)

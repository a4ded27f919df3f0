"""Running two writes at once in threads, each on its own database connection.

Only meaningful on PostgreSQL (row locks and advisory locks); tests using it
are skipped on SQLite, whose in-memory test database is one connection.
"""

import threading
from collections.abc import Callable

import pytest
from django.db import connection

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs PostgreSQL's locks and real connections"
)


def run_together(*calls: Callable[[], object]) -> list[object]:
    """Run each call in its own thread, started together; results or raised exceptions."""
    results: list[object] = [None] * len(calls)
    start = threading.Barrier(len(calls))

    def run(index: int, call: Callable[[], object]) -> None:
        start.wait()
        try:
            results[index] = call()
        except Exception as error:  # the test looks at what each one raised
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results

"""The maths is tested without a database: a test here that asks for one is refused."""

from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
DATABASE_FIXTURES = {"db", "transactional_db", "django_db_setup", "client", "admin_client"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if HERE not in Path(item.path).resolve().parents:
            continue
        wants_database = item.get_closest_marker("django_db") or DATABASE_FIXTURES & set(
            getattr(item, "fixturenames", ())
        )
        if wants_database:
            raise pytest.UsageError(f"{item.nodeid}: tests/candidates/scoring/ needs no database")

"""Migration 0006: decisions recorded before the history was kept become its first rows."""

import importlib
from datetime import timedelta

import pytest
from django.apps import apps
from django.utils import timezone

from candidates.models import StageChange
from tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db

migration = importlib.import_module("candidates.migrations.0006_stage_history")


def test_existing_decisions_become_history_rows_and_nothing_else_does(hr, manager):
    decided_at = timezone.now() - timedelta(days=3)
    by_manager = ApplicationFactory(
        stage="offer", decided_by=manager, decided_at=decided_at, decision_note="Strongest"
    )
    by_hr = ApplicationFactory(stage="rejected", decided_by=hr, decided_at=decided_at)
    ApplicationFactory(stage="screening")  # no decision: nothing to keep

    migration.record_decisions(apps, None)

    rows = StageChange.objects.order_by("application_id").values_list(
        "application_id", "from_stage", "to_stage", "by__username", "is_decision", "note", "at"
    )
    assert list(rows) == [
        (by_manager.pk, "", "offer", "manager", True, "Strongest", decided_at),
        (by_hr.pk, "", "rejected", "hr", False, "", decided_at),
    ]

"""`manage.py apply_retention [--dry-run]`: what it prints, what it changes, what it records."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from candidates.models import AuditAction, AuditEntry, Candidate, RetentionRun
from tests.candidates.retention_helpers import closed_on, months_before, switch_on

pytestmark = pytest.mark.django_db

NAME = "Zhao Xiaoyu 赵晓雨"


def run(*args: str) -> str:
    out = StringIO()
    call_command("apply_retention", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def past() -> Candidate:
    """Past a 24-month period by a day; another candidate is still inside it."""
    today = timezone.localdate()
    closed_on(months_before(today, 23), name="Inside Period")
    return closed_on(months_before(today, 24, days=1), name=NAME)


def test_the_dry_run_prints_code_and_name_and_changes_nothing(past):
    switch_on(24, 36)
    output = run("--dry-run")
    assert f"{past.code} {NAME}: kept until " in output
    assert "24 months after the last application closed" in output
    assert "Inside Period" not in output
    assert "Dry run: 1 candidate(s) would be anonymised; nothing was changed." in output
    past.refresh_from_db()
    assert past.anonymised_at is None
    assert RetentionRun.objects.get().dry_run


def test_the_dry_run_says_when_the_policy_is_off(past):
    output = run("--dry-run")
    assert f"{past.code} {NAME}" in output
    assert "The retention policy is off: a real run changes nothing." in output


def test_the_real_run_prints_codes_not_names_and_a_second_run_finds_nobody(past):
    switch_on(24, 36)
    output = run()
    assert output.splitlines() == [
        f"{past.code} anonymised",
        "Anonymised 1 candidate(s); 0 skipped.",
    ]
    assert NAME not in output
    past.refresh_from_db()
    assert past.anonymised_at is not None and past.name == past.code
    entry = AuditEntry.objects.get(action=AuditAction.ANONYMISED)
    assert entry.actor is None
    assert entry.data["reason"] == "Retention policy: 24 months after the last application closed"
    assert run() == "Anonymised 0 candidate(s); 0 skipped.\n"
    assert RetentionRun.objects.filter(dry_run=False).count() == 2


def test_with_the_policy_off_the_real_run_says_so_and_changes_nothing(past):
    output = run()
    assert output.startswith("The retention policy is off: nobody was anonymised. 1 candidate(s)")
    past.refresh_from_db()
    assert past.anonymised_at is None
    run_row = RetentionRun.objects.get()
    assert (run_row.dry_run, run_row.policy_enabled, run_row.found) == (False, False, 1)

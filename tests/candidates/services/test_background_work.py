"""The background job's states and progress, its failures, and clearing old jobs."""

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from django_tasks.base import TaskResultStatus

import candidates.services.work as work_services
import candidates.tasks as tasks
from candidates.models import BackgroundWork, Scorecard, WorkKind, WorkStatus
from candidates.services.importing import import_scorecards
from candidates.services.privacy import anonymise_candidate
from candidates.services.work import (
    ask_for_export,
    ask_for_import,
    claim_work,
    prune_background_work,
)
from candidates.tasks import run_background_work
from tests.candidates.views.test_background_work import IMMEDIATE, scorecards_csv
from tests.factories import ApplicationFactory, OpeningFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def immediate_jobs(settings) -> None:
    settings.TASKS = IMMEDIATE


def queued_import(owner, content: bytes) -> BackgroundWork:
    return ask_for_import(
        owner=owner, upload=SimpleUploadedFile("cards.csv", content), language="en"
    )


def test_an_import_goes_queued_running_saving_then_done(hr, monkeypatch):
    work = queued_import(hr, scorecards_csv(5))
    seen = []

    def watched(source, *, entered_by, progress):
        def reported(phase: str, rows: int) -> None:
            progress(phase, rows)
            row = BackgroundWork.objects.get(pk=work.pk)
            seen.append((row.status, row.phase, row.done, row.total))

        row = BackgroundWork.objects.get(pk=work.pk)
        seen.append((row.status, row.phase, row.done, row.total))
        return import_scorecards(source, entered_by=entered_by, progress=reported)

    monkeypatch.setattr(work_services, "import_scorecards", watched)
    assert work.status == WorkStatus.QUEUED
    run_background_work.enqueue(work.pk)
    work.refresh_from_db()
    assert seen == [("running", "reading", 0, 0), ("running", "saving", 0, 5)]
    assert (work.status, work.done, work.total) == (WorkStatus.DONE, 5, 5)
    assert work.started_at <= work.finished_at
    assert "Imported 5 submitted scorecards." in work.messages


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_import_reports_its_rows_before_its_transaction_opens(hr):
    """So a progress row written from the callback is committed, not held until the end."""
    calls = []

    def progress(phase: str, rows: int) -> None:
        calls.append((phase, rows, connection.in_atomic_block))

    import_scorecards(scorecards_csv(3), entered_by=hr, progress=progress)
    assert calls == [("saving", 3, False)]


def test_a_job_enqueued_twice_runs_once(hr):
    work = queued_import(hr, scorecards_csv(2))
    assert run_background_work.enqueue(work.pk).return_value == WorkStatus.DONE
    assert run_background_work.enqueue(work.pk).return_value == "skipped"
    assert Scorecard.objects.count() == 2
    assert claim_work(work_id=work.pk, now=timezone.now()) is None


def test_an_error_in_the_job_marks_it_failed_and_the_task_too(manager, monkeypatch):
    opening = OpeningFactory(hiring_managers=[manager])
    work, created = ask_for_export(
        owner=manager, opening=opening, kind=WorkKind.SHORTLIST_CSV, query="", language="en"
    )

    def broken(*args, **kwargs):
        raise RuntimeError("the ranking broke")

    monkeypatch.setattr(tasks, "build_shortlist", broken)
    result = run_background_work.enqueue(work.pk)
    work.refresh_from_db()
    assert created and result.status == TaskResultStatus.FAILED
    assert work.status == WorkStatus.FAILED and work.finished_at is not None
    assert work.error == "The job stopped with an error (RuntimeError). No file was made."
    assert not work.result_file


def test_a_failed_import_deletes_its_upload(hr, monkeypatch):
    work = queued_import(hr, scorecards_csv(2))
    name = work.input_file.name
    monkeypatch.setattr(work_services, "import_scorecards", lambda *a, **k: 1 / 0)
    run_background_work.enqueue(work.pk)
    work.refresh_from_db()
    assert work.status == WorkStatus.FAILED and "Nothing was imported." in work.error
    assert not work.input_file and not default_storage.exists(name)


def test_an_export_of_an_opening_deleted_meanwhile_fails_with_a_message(manager):
    opening = OpeningFactory(hiring_managers=[manager])
    work, _created = ask_for_export(
        owner=manager, opening=opening, kind=WorkKind.SHORTLIST_JSON, query="", language="en"
    )
    opening.hiring_managers.remove(manager)
    run_background_work.enqueue(work.pk)
    work.refresh_from_db()
    assert work.status == WorkStatus.FAILED
    assert work.error.startswith("The opening is gone, or no longer yours to see")


def test_a_job_running_past_the_limit_seems_stopped(hr, settings):
    settings.BACKGROUND_WORK_STALLED_MINUTES = 30
    work = queued_import(hr, scorecards_csv(1))
    assert not work.seems_stopped
    BackgroundWork.objects.filter(pk=work.pk).update(
        status=WorkStatus.RUNNING, started_at=timezone.now() - timedelta(minutes=31)
    )
    work.refresh_from_db()
    assert work.seems_stopped
    BackgroundWork.objects.filter(pk=work.pk).update(started_at=timezone.now())
    work.refresh_from_db()
    assert not work.seems_stopped


def test_pruning_deletes_old_jobs_with_their_files_and_keeps_recent_ones(manager):
    now = timezone.now()
    opening = OpeningFactory(hiring_managers=[manager])
    old, _ = ask_for_export(
        owner=manager, opening=opening, kind=WorkKind.SHORTLIST_CSV, query="", language="en"
    )
    old.result_file.save("old.csv", ContentFile(b"a,b\n"))
    recent = queued_import(manager, scorecards_csv(1))
    stuck = queued_import(manager, scorecards_csv(1))
    BackgroundWork.objects.filter(pk=old.pk).update(
        status=WorkStatus.DONE, finished_at=now - timedelta(days=8)
    )
    BackgroundWork.objects.filter(pk=recent.pk).update(
        status=WorkStatus.DONE, finished_at=now - timedelta(days=6)
    )
    BackgroundWork.objects.filter(pk=stuck.pk).update(created_at=now - timedelta(days=8))
    files = [old.result_file.name, stuck.input_file.name]
    assert all(default_storage.exists(name) for name in files)
    assert prune_background_work(older_than=timedelta(days=7), now=now) == 2
    assert list(BackgroundWork.objects.values_list("pk", flat=True)) == [recent.pk]
    assert not any(default_storage.exists(name) for name in files)


def test_the_prune_command_says_how_many_went(hr, capsys):
    work = queued_import(hr, scorecards_csv(1))
    BackgroundWork.objects.filter(pk=work.pk).update(
        status=WorkStatus.DONE, finished_at=timezone.now() - timedelta(days=2)
    )
    call_command("prune_background_work", "--days", "3")
    assert "Deleted 0 background jobs." in capsys.readouterr().out
    call_command("prune_background_work", "--days", "1")
    assert "Deleted 1 background job." in capsys.readouterr().out
    assert not BackgroundWork.objects.exists()


def test_files_live_under_media_work_with_random_names(hr, settings):
    work = queued_import(hr, scorecards_csv(1))
    assert work.input_file.name.startswith("work/input/")
    assert "cards" not in work.input_file.name and work.input_file.name.endswith(".csv")
    assert work.input_name == "cards.csv"
    assert (settings.MEDIA_ROOT / work.input_file.name).exists()


def test_anonymising_a_candidate_deletes_the_exports_that_list_them(
    manager, hr, django_capture_on_commit_callbacks
):
    opening = OpeningFactory(hiring_managers=[manager])
    candidate = ApplicationFactory(opening=opening).candidate
    elsewhere = OpeningFactory(hiring_managers=[manager])
    works = []
    for on in (opening, elsewhere):
        work, _ = ask_for_export(
            owner=manager, opening=on, kind=WorkKind.SHORTLIST_CSV, query="", language="en"
        )
        work.result_file.save(f"{on.pk}.csv", ContentFile(b"Rank,Candidate\n"))
        works.append(work)
    listed, other = (work.result_file.name for work in works)
    with django_capture_on_commit_callbacks(execute=True):
        anonymise_candidate(candidate=candidate, by=hr, reason="erasure request")
    assert not default_storage.exists(listed)
    assert default_storage.exists(other)
    assert BackgroundWork.objects.get(pk=works[0].pk).result_file.name == ""

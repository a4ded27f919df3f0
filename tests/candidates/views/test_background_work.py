"""Large imports and exports as background jobs: the page enqueues, the progress page
shows the result, the owner alone downloads it; small ones stay synchronous."""

import csv
import io
import zipfile
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from candidates.models import BackgroundWork, Opening, Scorecard, WorkKind, WorkStatus
from candidates.services.importing import COLUMNS
from hiring import roles
from tests.conftest import logged_in, make_user
from tests.factories import InterviewFactory, OpeningFactory, submitted_scorecard

IMPORT = reverse("candidates:scorecard-import")
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
DATABASE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@pytest.fixture
def immediate_jobs(settings) -> None:
    settings.TASKS = IMMEDIATE


@pytest.fixture
def database_jobs(settings) -> None:
    settings.TASKS = DATABASE


@pytest.fixture
def small_thresholds(settings) -> None:
    """Every upload above 200 bytes and every opening with an application go to a job."""
    settings.IMPORT_IN_BACKGROUND_BYTES = 200
    settings.EXPORT_IN_BACKGROUND_ROWS = 0


def scorecards_csv(count: int, *, bad_line: int | None = None) -> bytes:
    """`count` scorecards of one score each, for new candidates of a new opening; the row on
    `bad_line` (the header is line 1) names a dimension code the rubric does not have."""
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=COLUMNS)
    writer.writeheader()
    for number in range(count):
        line = number + 2
        writer.writerow(
            {
                "opening": "Background import",
                "candidate": f"Candidate {number}",
                "email": f"candidate{number}@example.com",
                "interviewer": "Ivy Interviewer",
                "round": "First",
                "dimension": "ethic" if line == bad_line else "experience",
                "score": "3",
            }
        )
    return out.getvalue().encode("utf-8-sig")


def upload(client, content: bytes):
    return client.post(IMPORT, {"file": SimpleUploadedFile("cards.csv", content)})


def run_worker() -> None:
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


@pytest.fixture
def opening(manager) -> Opening:
    opening = OpeningFactory(title="Export opening", hiring_managers=[manager])
    for number, score in enumerate([4, 3, 2, 4]):
        interview = InterviewFactory(
            application__opening=opening, application__candidate__name=f"Person {number}"
        )
        submitted_scorecard(interview, {"experience": score, "crm": 3})
    return opening


def streamed(response) -> bytes:
    return b"".join(response.streaming_content)


# Imports


@pytest.mark.django_db
def test_a_large_import_runs_as_a_job_and_its_page_shows_the_summary(
    hr, small_thresholds, immediate_jobs
):
    client = logged_in(hr)
    response = upload(client, scorecards_csv(3))
    work = BackgroundWork.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("candidates:work-detail", args=[work.pk])
    assert (work.kind, work.status, work.owner) == (WorkKind.SCORECARD_IMPORT, "done", hr)
    assert (work.done, work.total) == (3, 3)
    assert Scorecard.objects.filter(submitted_at__isnull=False).count() == 3
    page = client.get(response.url).content.decode()
    assert "Imported 3 submitted scorecards." in page and "Created 3 candidates." in page
    assert "data-hx-trigger" not in page  # finished: nothing polls
    # The upload is not kept once it has been imported.
    assert not work.input_file


@pytest.mark.django_db
def test_a_large_bad_file_is_rejected_by_the_job_with_its_lines_and_nothing_imported(
    hr, small_thresholds, immediate_jobs
):
    client = logged_in(hr)
    response = upload(client, scorecards_csv(4, bad_line=4))
    work = BackgroundWork.objects.get()
    assert work.status == WorkStatus.REJECTED
    assert len(work.messages) == 1 and work.messages[0].startswith("line 4: ")
    assert "ethic" in work.messages[0]
    assert not Scorecard.objects.exists() and not Opening.objects.exists()
    page = client.get(response.url).content.decode()
    assert "The file was rejected and nothing was saved." in page
    assert "line 4: " in page


# A real transaction: the worker closes a connection it finds inside one (PostgreSQL).
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_job_waits_queued_for_the_worker_and_its_result_is_there_later(
    hr, small_thresholds, database_jobs
):
    client = logged_in(hr)
    detail = upload(client, scorecards_csv(3)).url
    work = BackgroundWork.objects.get()
    assert work.status == WorkStatus.QUEUED and work.input_file
    queued = client.get(detail).content.decode()
    assert "Waiting for a worker to start it." in queued
    assert 'data-hx-trigger="every 2s"' in queued
    # Away from the page (another page visited) while the worker runs the job.
    client.get(reverse("candidates:opening-list"))
    run_worker()
    work.refresh_from_db()
    assert work.status == WorkStatus.DONE and not work.input_file
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    later = client.get(reverse("candidates:work-list")).content.decode()
    assert reverse("candidates:work-detail", args=[work.pk]) in later and "Done" in later
    assert "Imported 3 submitted scorecards." in client.get(detail).content.decode()


@pytest.mark.django_db
def test_the_status_fragment_for_htmx_is_the_status_alone(hr, small_thresholds, database_jobs):
    client = logged_in(hr)
    detail = upload(client, scorecards_csv(3)).url
    fragment = client.get(detail, headers={"HX-Request": "true"}).content.decode()
    assert fragment.lstrip().startswith('<div id="work-status"')
    assert "<html" not in fragment and "<progress" in fragment


@pytest.mark.django_db
def test_a_small_import_is_still_synchronous(hr, settings, immediate_jobs):
    settings.IMPORT_IN_BACKGROUND_BYTES = 256 * 1024
    response = upload(logged_in(hr), scorecards_csv(2))
    assert response.url == IMPORT
    assert not BackgroundWork.objects.exists()
    assert Scorecard.objects.count() == 2


# Exports


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "kind", "query"),
    [
        ("candidates:opening-shortlist-csv", WorkKind.SHORTLIST_CSV, ""),
        ("candidates:opening-shortlist-csv", WorkKind.SHORTLIST_CSV, "?min_score=50"),
        ("candidates:opening-shortlist-xlsx", WorkKind.SHORTLIST_XLSX, ""),
        ("candidates:opening-shortlist-json", WorkKind.SHORTLIST_JSON, "?calibrated=1&k=2"),
    ],
)
def test_a_large_export_downloads_the_same_file_as_the_streamed_one(
    manager, opening, settings, immediate_jobs, name, kind, query
):
    client = logged_in(manager)
    url = reverse(name, args=[opening.pk]) + query
    synchronous = client.get(url)
    expected = streamed(synchronous)
    settings.EXPORT_IN_BACKGROUND_ROWS = 3
    response = client.get(url)
    work = BackgroundWork.objects.get()
    assert response.url == reverse("candidates:work-detail", args=[work.pk])
    assert (work.kind, work.status, work.opening) == (kind, WorkStatus.DONE, opening)
    assert work.done == work.total
    page = client.get(response.url).content.decode()
    download = reverse("candidates:work-download", args=[work.pk])
    assert download in page
    file = client.get(download)
    assert file.status_code == 200
    assert file["Content-Disposition"].startswith("attachment")
    assert work.result_name in file["Content-Disposition"]
    body = b"".join(file.streaming_content)
    if kind == WorkKind.SHORTLIST_XLSX:
        # The zip's timestamps differ; its sheets are the same.
        assert sheets(body) == sheets(expected)
    else:
        assert body == expected


def sheets(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return {name: package.read(name) for name in package.namelist()}


@pytest.mark.django_db
def test_the_same_export_asked_for_twice_while_waiting_is_one_job(
    manager, opening, small_thresholds, database_jobs
):
    client = logged_in(manager)
    url = reverse("candidates:opening-shortlist-csv", args=[opening.pk])
    assert client.get(url).url == client.get(url).url
    assert BackgroundWork.objects.count() == 1 and DBTaskResult.objects.count() == 1
    # Other filters are another export.
    client.get(url + "?stage=interviewing")
    assert BackgroundWork.objects.count() == 2


@pytest.mark.django_db
def test_a_small_export_still_streams(manager, opening, immediate_jobs):
    response = logged_in(manager).get(
        reverse("candidates:opening-shortlist-csv", args=[opening.pk])
    )
    assert response.streaming and response.status_code == 200
    assert not BackgroundWork.objects.exists()


# Who sees a job


@pytest.mark.django_db
def test_only_the_owner_and_administrators_see_a_job(
    manager, opening, small_thresholds, immediate_jobs, hr, admin, manager_elsewhere
):
    logged_in(manager).get(reverse("candidates:opening-shortlist-csv", args=[opening.pk]))
    work = BackgroundWork.objects.get()
    detail = reverse("candidates:work-detail", args=[work.pk])
    download = reverse("candidates:work-download", args=[work.pk])
    other_manager = make_user("other-manager", roles.MANAGER)
    opening.hiring_managers.add(other_manager)
    for user in (hr, manager_elsewhere, other_manager):
        assert logged_in(user).get(detail).status_code == 404
        assert logged_in(user).get(download).status_code == 404
        assert detail not in logged_in(user).get(reverse("candidates:work-list")).content.decode()
    assert logged_in(admin).get(detail).status_code == 200
    assert logged_in(admin).get(download).status_code == 200
    assert logged_in(manager).get(download).status_code == 200


@pytest.mark.django_db
def test_a_manager_taken_off_the_team_no_longer_downloads_the_file(
    manager, opening, small_thresholds, immediate_jobs
):
    client = logged_in(manager)
    client.get(reverse("candidates:opening-shortlist-csv", args=[opening.pk]))
    work = BackgroundWork.objects.get()
    opening.hiring_managers.remove(manager)
    assert client.get(reverse("candidates:work-download", args=[work.pk])).status_code == 404


@pytest.mark.django_db
def test_a_file_gone_from_storage_is_a_404_not_an_error(
    manager, opening, small_thresholds, immediate_jobs
):
    client = logged_in(manager)
    client.get(reverse("candidates:opening-shortlist-csv", args=[opening.pk]))
    work = BackgroundWork.objects.get()
    work.result_file.storage.delete(work.result_file.name)
    assert client.get(reverse("candidates:work-download", args=[work.pk])).status_code == 404


@pytest.mark.django_db
def test_an_import_has_no_file_to_download(hr, small_thresholds, immediate_jobs):
    client = logged_in(hr)
    upload(client, scorecards_csv(3))
    work = BackgroundWork.objects.get()
    assert client.get(reverse("candidates:work-download", args=[work.pk])).status_code == 404


# The worker


# A real transaction: the worker closes a connection it finds inside one (PostgreSQL).
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_worker_runs_the_export_and_the_file_downloads(manager, opening, settings):
    settings.TASKS = DATABASE
    settings.EXPORT_IN_BACKGROUND_ROWS = 0
    client = logged_in(manager)
    url = reverse("candidates:opening-shortlist-csv", args=[opening.pk])
    detail = client.get(url).url
    assert BackgroundWork.objects.get().status == WorkStatus.QUEUED
    assert "Waiting for a worker to start it." in client.get(detail).content.decode()
    run_worker()
    work = BackgroundWork.objects.get()
    assert work.status == WorkStatus.DONE
    body = b"".join(
        client.get(reverse("candidates:work-download", args=[work.pk])).streaming_content
    )
    settings.EXPORT_IN_BACKGROUND_ROWS = 5000
    assert body == streamed(client.get(url))


@pytest.mark.django_db
def test_a_job_running_too_long_is_shown_as_probably_stopped_with_its_start(
    hr, small_thresholds, database_jobs
):
    client = logged_in(hr)
    detail = upload(client, scorecards_csv(3)).url
    started = timezone.now() - timedelta(hours=2)
    BackgroundWork.objects.update(status=WorkStatus.RUNNING, phase="reading", started_at=started)
    page = client.get(detail).content.decode()
    assert "its worker has probably stopped" in page
    assert '<dt class="col-sm-3">Started</dt>' in page
    assert "Probably stopped" in client.get(reverse("candidates:work-list")).content.decode()

"""The background job (django-tasks) that runs a large import or export.

Here rather than in services/: an export is built by candidates.export and the
filter form, which sit above the services. The job's row (candidates.services.work)
says how far it has got; a job enqueued twice runs once (`claim_work`).
"""

import tempfile
from dataclasses import replace

from django.core.files import File
from django.http import QueryDict
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext, override
from django_tasks import task

from candidates.export import shortlist_csv_chunks, shortlist_json_chunks, shortlist_xlsx
from candidates.export.cells import ROWS_PER_CHUNK, selected
from candidates.forms import ShortlistFilterForm
from candidates.models import BackgroundWork, WorkKind
from candidates.models.work import EXPORT_EXTENSIONS
from candidates.selectors.access import openings_for_user, sees_contacts_on
from candidates.selectors.confidence import DEFAULT_K
from candidates.selectors.shortlist import build_shortlist
from candidates.services.work import (
    claim_work,
    fail_work,
    finish_export,
    report_progress,
    run_scorecard_import,
)


class OpeningGone(Exception):
    """The export's opening was deleted, or its owner may no longer see it."""

    def __str__(self) -> str:
        return gettext("The opening is gone, or no longer yours to see: no file was made.")


@task()
def run_background_work(work_id: int) -> str:
    """Run the job; its status once finished ("skipped" if it was not waiting to run).

    An error marks the job failed, then is raised again so the task's own
    result records it too (the worker's log, `DBTaskResult`).
    """
    work = claim_work(work_id=work_id, now=timezone.now())
    if work is None:
        return "skipped"
    # The page's language: the messages and the file's words are the owner's.
    with override(work.language or None):
        try:
            if work.kind == WorkKind.SCORECARD_IMPORT:
                run_scorecard_import(work=work)
            else:
                run_shortlist_export(work)
        except OpeningGone as gone:
            fail_work(work_id=work_id, error=gone, message=str(gone))
        except Exception as error:
            fail_work(work_id=work_id, error=error)
            raise
    return work.status


def enqueue_work(work: BackgroundWork) -> None:
    """Hand the job to the queue: a worker runs it, or, with TASKS_BACKEND=immediate,
    it runs now, before this returns."""
    run_background_work.enqueue(work.pk)


def run_shortlist_export(work: BackgroundWork) -> None:
    """Write the export to a file, as the export view sends it, and keep the file.

    In the language active now (the job's). The query string is read as the view
    reads its request: `?calibrated=` and `?k=` (json_choices), the filters
    (export_filters), e-mails left blank for a reader who may not see contact
    details (exported_shortlist); the owner's scope is checked again now.
    """
    if (
        work.opening_id is None
        or not openings_for_user(work.owner).filter(pk=work.opening_id).exists()
    ):
        raise OpeningGone(work.opening_id)
    opening = work.opening
    query = QueryDict(work.query)
    calibrated = query.get("calibrated", "") not in {"", "0", "false"}
    report_progress(work_id=work.pk, phase="ranking", done=0)
    shortlist = build_shortlist(opening, calibrated=calibrated)
    if not sees_contacts_on(work.owner, opening):
        shortlist = replace(shortlist, applications=shortlist.applications.without_emails())
    filters = ShortlistFilterForm(query or None).shortlist_filters()
    ranking = selected(shortlist, filters) or shortlist.ranking
    total = len(ranking.ranked) + len(ranking.needs_more_evidence)
    if work.kind == WorkKind.SHORTLIST_XLSX:
        # The sheet is written in one call: no row count until it is done.
        report_progress(work_id=work.pk, phase="writing_sheet", done=0)
    else:
        report_progress(work_id=work.pk, phase="writing", done=0, total=total)
    extension = EXPORT_EXTENSIONS[work.kind]
    name = f"shortlist-{slugify(opening.title) or f'opening-{opening.pk}'}.{extension}"
    with tempfile.TemporaryFile() as out:
        if work.kind == WorkKind.SHORTLIST_XLSX:
            shortlist_xlsx(shortlist, out, filters=filters)
        elif work.kind == WorkKind.SHORTLIST_CSV:
            # The BOM lets Excel open Chinese names, as in the streamed CSV.
            out.write("\ufeff".encode())
            _write_chunks(work, out, shortlist_csv_chunks(shortlist, filters=filters), total)
        else:
            chunks = shortlist_json_chunks(shortlist, query.get("k", DEFAULT_K), filters)
            _write_chunks(work, out, chunks, total)
        out.seek(0)
        finish_export(work=work, content=File(out, name=name), name=name, rows=total)


def _write_chunks(work: BackgroundWork, out, chunks, total: int) -> None:
    """Write the text chunks as UTF-8 (as the streamed response encodes them), saving
    the progress after each chunk of rows.

    Rows are counted by chunk: the exports hold ROWS_PER_CHUNK rows a chunk. The
    JSON's first chunk is its header and a chunk not starting with an object
    ("{") is punctuation between its lists: neither counts.
    """
    done = 0
    for number, chunk in enumerate(chunks):
        out.write(chunk.encode())
        if work.kind == WorkKind.SHORTLIST_JSON and (
            number == 0 or not chunk.lstrip(", ").startswith("{")
        ):
            continue
        done = min(total, done + ROWS_PER_CHUNK)
        report_progress(work_id=work.pk, phase="writing", done=done)

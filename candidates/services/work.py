"""Background work: asking for a job, its progress, its result, and clearing old ones.

A job moves queued -> running -> done, rejected (an import with bad rows:
nothing imported) or failed (the job broke). Progress is written in autocommit
(each update its own transaction, outside the import's), so the progress page
reads it while the job runs. The files live under MEDIA_ROOT/work/: the upload
until the import has read it, the export's file until the row is pruned.
"""

import logging
from datetime import datetime, timedelta

from django.contrib.auth.models import User
from django.core.files import File
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from candidates.models import BackgroundWork, Opening, WorkKind, WorkStatus
from candidates.services.importing import ImportRejected, import_scorecards

logger = logging.getLogger(__name__)


@transaction.atomic
def ask_for_import(*, owner: User, upload: UploadedFile, language: str) -> BackgroundWork:
    """A queued scorecard import of `upload`, the file kept for the job to read."""
    work = BackgroundWork(
        kind=WorkKind.SCORECARD_IMPORT,
        owner=owner,
        language=language,
        input_name=upload.name[:255],
    )
    work.input_file.save(upload.name, upload, save=False)
    work.save()
    return work


@transaction.atomic
def ask_for_export(
    *, owner: User, opening: Opening, kind: str, query: str, language: str
) -> tuple[BackgroundWork, bool]:
    """A queued export of `opening`'s shortlist with the filters of `query`, and whether
    it is new.

    The same export (owner, opening, format, filters, language) already queued or
    running is returned instead of a second one: the export is a link, and a link
    opened twice (a double click, a browser's prefetch) must not make two files.
    """
    same = BackgroundWork.objects.filter(
        owner=owner,
        opening=opening,
        kind=kind,
        query=query,
        language=language,
        status__in=(WorkStatus.QUEUED, WorkStatus.RUNNING),
    ).first()
    if same is not None:
        return same, False
    work = BackgroundWork.objects.create(
        kind=kind, owner=owner, opening=opening, query=query, language=language
    )
    return work, True


def claim_work(*, work_id: int, now: datetime) -> BackgroundWork | None:
    """Mark the queued job running and return it; None if it is not queued (gone, or
    already taken: a job enqueued twice runs once)."""
    claimed = BackgroundWork.objects.filter(pk=work_id, status=WorkStatus.QUEUED).update(
        status=WorkStatus.RUNNING, started_at=now
    )
    if not claimed:
        return None
    return BackgroundWork.objects.select_related("owner", "opening").get(pk=work_id)


def report_progress(*, work_id: int, phase: str, done: int, total: int | None = None) -> None:
    """Save how far the job has got (rows), committed at once when no transaction is open."""
    fields = {"phase": phase, "done": done}
    if total is not None:
        fields["total"] = total
    BackgroundWork.objects.filter(pk=work_id).update(**fields)


def run_scorecard_import(*, work: BackgroundWork) -> None:
    """Import the job's uploaded file, as the upload page does, in the owner's language.

    Done: the report's lines; rejected: every problem with its line, nothing
    imported. The uploaded file is deleted either way.
    """
    report_progress(work_id=work.pk, phase="reading", done=0)
    with work.input_file.open("rb") as upload:
        data = upload.read()

    def saving(phase: str, rows: int) -> None:
        report_progress(work_id=work.pk, phase=phase, done=0, total=rows)

    try:
        with override(work.language or None):
            report = import_scorecards(data, entered_by=work.owner, progress=saving)
            lines = report.lines()
    except ImportRejected as rejected:
        _finish(work, WorkStatus.REJECTED, messages=[error.message for error in rejected.errors])
    else:
        work.refresh_from_db(fields=["total"])
        _finish(work, WorkStatus.DONE, messages=lines, done=work.total)
    finally:
        delete_input(work=work)


def finish_export(*, work: BackgroundWork, content: File, name: str, rows: int) -> None:
    """Keep the export's file (`content`, downloaded as `name`) and mark the job done."""
    with transaction.atomic():
        work.result_file.save(name, content, save=False)
        work.result_name = name
        _finish(work, WorkStatus.DONE, done=rows, total=rows)


def fail_work(*, work_id: int, error: BaseException, message: str = "") -> None:
    """Mark the job failed, with `message` or a general one: its page says so instead of
    showing it running forever. The details go to the log (standard error), not the page."""
    logger.error("Background work %s failed", work_id, exc_info=error)
    work = BackgroundWork.objects.filter(pk=work_id).first()
    if work is None:
        return
    with override(work.language or None):
        if not message:
            message = (
                _("The job stopped with an error (%(error)s). No file was made.")
                if work.is_export
                else _("The job stopped with an error (%(error)s). Nothing was imported.")
            ) % {"error": type(error).__name__}
    _finish(work, WorkStatus.FAILED, error=message)
    delete_input(work=work)


def _finish(work: BackgroundWork, status: str, **fields: object) -> None:
    work.status = status
    work.finished_at = timezone.now()
    for name, value in fields.items():
        setattr(work, name, value)
    work.save()


def delete_input(*, work: BackgroundWork) -> None:
    """Delete the uploaded file: once the import has read it, it is not needed again."""
    if work.input_file:
        work.input_file.delete(save=False)
        BackgroundWork.objects.filter(pk=work.pk).update(input_file="")


def prune_background_work(*, older_than: timedelta, now: datetime) -> int:
    """Delete the jobs finished more than `older_than` before `now`, with their files, and
    those queued or running that long (their worker is gone). How many went."""
    cutoff = now - older_than
    old = BackgroundWork.objects.filter(
        Q(finished_at__lt=cutoff) | Q(finished_at__isnull=True, created_at__lt=cutoff)
    )
    count = 0
    for work in old.iterator():
        for stored in (work.input_file, work.result_file):
            if stored:
                stored.delete(save=False)
        work.delete()
        count += 1
    return count

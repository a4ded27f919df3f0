"""Long work run as a background job: a large scorecard import or a large shortlist export.

One row per job: who asked for it, how far it has got and what came of it. The
rows are written by candidates.services.work only; the files live under
MEDIA_ROOT/work/ and are served by the owner's download view, never as public media.
"""

import uuid
from datetime import timedelta
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from candidates.models.openings import Opening
from rubrics.models import long_text_validators


class WorkKind(models.TextChoices):
    SCORECARD_IMPORT = "scorecard_import", _("Scorecard import")
    SHORTLIST_CSV = "shortlist_csv", _("Shortlist export (CSV)")
    SHORTLIST_XLSX = "shortlist_xlsx", _("Shortlist export (Excel)")
    SHORTLIST_JSON = "shortlist_json", _("Shortlist export (JSON)")


# The file extension of each export's result.
EXPORT_EXTENSIONS = {
    WorkKind.SHORTLIST_CSV: "csv",
    WorkKind.SHORTLIST_XLSX: "xlsx",
    WorkKind.SHORTLIST_JSON: "json",
}


class WorkStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to start")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    # The import's file had bad rows: nothing was imported, the messages name them.
    REJECTED = "rejected", pgettext_lazy("background work", "Rejected")
    # The job itself broke (a bug, the database gone): `error` says so.
    FAILED = "failed", _("Failed")


FINISHED = (WorkStatus.DONE, WorkStatus.REJECTED, WorkStatus.FAILED)


def _random_name(folder: str, filename: str) -> str:
    # Random names: two jobs never share a file, and a name says nothing about its contents.
    return f"work/{folder}{uuid.uuid4().hex}{PurePath(filename).suffix.lower()}"


def work_input_path(instance: "BackgroundWork", filename: str) -> str:
    return _random_name("input/", filename)


def work_result_path(instance: "BackgroundWork", filename: str) -> str:
    return _random_name("", filename)


class BackgroundWork(models.Model):
    kind = models.CharField(_("kind"), max_length=20, choices=WorkKind.choices)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="background_work",
        verbose_name=_("owner"),
    )
    opening = models.ForeignKey(
        Opening,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("opening"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=WorkStatus.choices, default=WorkStatus.QUEUED
    )
    # What the job is doing now ("reading", "saving", "ranking", "writing", "writing_sheet").
    # Blank before it starts.
    phase = models.CharField(_("phase"), max_length=20, blank=True)
    # Rows: of the file (import) or of the export; total 0 while not yet known.
    done = models.PositiveIntegerField(_("rows done"), default=0)
    total = models.PositiveIntegerField(_("rows in all"), default=0)
    created_at = models.DateTimeField(_("asked for"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    # The page's language: the job writes its messages and files in it.
    language = models.CharField(_("language"), max_length=16, blank=True)
    # An export's query string (its filters, calibration and k), without the "?".
    query = models.TextField(_("filters"), blank=True, validators=long_text_validators())
    input_file = models.FileField(_("uploaded file"), upload_to=work_input_path, blank=True)
    input_name = models.CharField(_("uploaded file name"), max_length=255, blank=True)
    result_file = models.FileField(_("result file"), upload_to=work_result_path, blank=True)
    result_name = models.CharField(_("result file name"), max_length=255, blank=True)
    # The import's report (one sentence each) or its line-numbered problems.
    messages = models.JSONField(_("messages"), default=list, blank=True)
    error = models.TextField(_("error"), blank=True, validators=long_text_validators())

    class Meta:
        verbose_name = _("background work")
        verbose_name_plural = _("background work")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["owner", "-created_at"], name="work_owner_recent")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"

    @property
    def is_finished(self) -> bool:
        return self.status in FINISHED

    @property
    def is_export(self) -> bool:
        return self.kind in EXPORT_EXTENSIONS

    @property
    def percent(self) -> int:
        """How far the job has got, 0-100; 100 once finished."""
        if self.is_finished:
            return 100
        return min(100, self.done * 100 // self.total) if self.total else 0

    @property
    def seems_stopped(self) -> bool:
        """Running for longer than BACKGROUND_WORK_STALLED_MINUTES: its worker has most
        likely died (a worker stopped gracefully finishes its job first)."""
        limit = timedelta(minutes=settings.BACKGROUND_WORK_STALLED_MINUTES)
        return (
            self.status == WorkStatus.RUNNING
            and self.started_at is not None
            and timezone.now() - self.started_at > limit
        )

    @property
    def waits_for_worker(self) -> bool:
        """Queued for over a minute: no worker is taking jobs."""
        return self.status == WorkStatus.QUEUED and timezone.now() - self.created_at > timedelta(
            minutes=1
        )

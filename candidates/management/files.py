"""What the import commands share: reading the file and reporting a rejected one."""

from collections.abc import Callable
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from candidates.services.importing import ImportRejected


def read_file(path: Path) -> bytes:
    """The file's bytes, or a CommandError saying why it cannot be read."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise CommandError(_("No such file: %(path)s") % {"path": path}) from None
    except OSError as exc:
        raise CommandError(
            _("Cannot read %(path)s: %(reason)s") % {"path": path, "reason": exc.strerror}
        ) from None


def run_import(command: BaseCommand, path: Path, importer: Callable[[bytes], object]) -> None:
    """Import the file at `path` with `importer`; print its report, or every problem and
    a CommandError when the file is rejected (nothing was saved)."""
    try:
        report = importer(read_file(path))
    except ImportRejected as rejected:
        for error in rejected.errors:
            command.stderr.write(error.message)
        count = len(rejected.errors)
        raise CommandError(
            ngettext(
                "The file was rejected (%(count)d problem); nothing was imported.",
                "The file was rejected (%(count)d problems); nothing was imported.",
                count,
            )
            % {"count": count}
        ) from None
    for line in report.lines():
        command.stdout.write(line)

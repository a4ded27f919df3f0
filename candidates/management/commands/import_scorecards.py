from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from candidates.services.importing import ImportRejected, import_scorecards


class Command(BaseCommand):
    help = (
        "Import paper scorecards from a UTF-8 CSV file, one row per score. "
        "A file with any bad row is rejected whole and nothing is saved."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="The CSV file.")

    def handle(self, *args: object, **options: object) -> None:
        path = options["file"]
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise CommandError(_("No such file: %(path)s") % {"path": path}) from None
        except OSError as exc:
            raise CommandError(
                _("Cannot read %(path)s: %(reason)s") % {"path": path, "reason": exc.strerror}
            ) from None
        try:
            report = import_scorecards(data, entered_by=None)
        except ImportRejected as rejected:
            for error in rejected.errors:
                self.stderr.write(error.message)
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
            self.stdout.write(line)

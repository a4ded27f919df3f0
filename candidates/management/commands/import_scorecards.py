from pathlib import Path

from django.core.management.base import BaseCommand, CommandParser

from candidates.management.files import run_import
from candidates.services.importing import import_scorecards


class Command(BaseCommand):
    help = (
        "Import paper scorecards from a UTF-8 CSV file or an Excel workbook (.xlsx, its "
        "first sheet), one row per score. A file with any bad row is rejected whole and "
        "nothing is saved."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "file", type=Path, help="The .csv or .xlsx file (told apart by its content)."
        )

    def handle(self, *args: object, **options: object) -> None:
        run_import(self, options["file"], lambda data: import_scorecards(data, entered_by=None))

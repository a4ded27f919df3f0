"""`python manage.py benchmark_ranking --applications N [--pages a,b] [--format json]`."""

import json
import sys
import tempfile
from contextlib import redirect_stdout
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test.utils import setup_databases, teardown_databases

from candidates.devtools.benchmark import PAGES, format_text, run_benchmark


def page_list(text: str) -> list[str]:
    pages = [page.strip() for page in text.split(",") if page.strip()]
    unknown = sorted(set(pages) - set(PAGES))
    if unknown or not pages:
        raise CommandError(f"--pages: choose among {', '.join(PAGES)} (not {', '.join(unknown)})")
    return pages


class Command(BaseCommand):
    help = (
        "Time the shortlist and the other pages of an opening of N applications, each "
        "interleaved with the bare SQL aggregate, in a scratch database of the configured engine."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--applications", type=int, default=1000)
        parser.add_argument("--scorecards", type=int, default=3, help="per application")
        parser.add_argument("--runs", type=int, default=5)
        parser.add_argument(
            "--pages", default=",".join(PAGES), help=f"comma-separated, among {','.join(PAGES)}"
        )
        parser.add_argument(
            "--other-openings", type=int, default=4, help="more openings on the same rubric"
        )
        parser.add_argument(
            "--other-applications",
            type=int,
            default=None,
            help="applications of each other opening (default: --applications)",
        )
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args, format: str, pages: str, **options) -> None:
        chosen = page_list(pages)
        if connection.vendor == "sqlite":
            # A file, as in use, rather than the in-memory database tests get.
            scratch = Path(tempfile.gettempdir()) / "hiring-benchmark.sqlite3"
            connection.settings_dict["TEST"]["NAME"] = str(scratch)
        # Creating the test database prints a line about the cache table: keep stdout for figures.
        with redirect_stdout(sys.stderr):
            old = setup_databases(verbosity=0, interactive=False, aliases={"default"})
        try:
            result = run_benchmark(
                applications=options["applications"],
                scorecards=options["scorecards"],
                runs=options["runs"],
                pages=chosen,
                other_openings=options["other_openings"],
                other_applications=options["other_applications"],
            )
        finally:
            teardown_databases(old, verbosity=0)
        figures = result.as_dict()
        self.stdout.write(json.dumps(figures) if format == "json" else format_text(figures))

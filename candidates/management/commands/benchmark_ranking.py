"""`python manage.py benchmark_ranking --applications N --scorecards 3 [--format json]`."""

import json
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand
from django.db import connection
from django.test.utils import setup_databases, teardown_databases

from candidates.devtools.benchmark import run_benchmark


class Command(BaseCommand):
    help = (
        "Time the shortlist page against the bare SQL aggregate on N applications, "
        "in a scratch database of the configured engine."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--applications", type=int, default=1000)
        parser.add_argument("--scorecards", type=int, default=3)
        parser.add_argument("--runs", type=int, default=5)
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(
        self, *args, applications: int, scorecards: int, runs: int, format: str, **options
    ) -> None:
        if connection.vendor == "sqlite":
            # A file, as in use, rather than the in-memory database tests get.
            scratch = Path(tempfile.gettempdir()) / "hiring-benchmark.sqlite3"
            connection.settings_dict["TEST"]["NAME"] = str(scratch)
        old = setup_databases(verbosity=0, interactive=False, aliases={"default"})
        try:
            result = run_benchmark(applications=applications, scorecards=scorecards, runs=runs)
        finally:
            teardown_databases(old, verbosity=0)
        figures = result.as_dict()
        if format == "json":
            self.stdout.write(json.dumps(figures))
        else:
            for key, value in figures.items():
                self.stdout.write(f"{key:>28}: {value}")

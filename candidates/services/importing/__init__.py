"""Importing paper scorecards from a CSV file or an Excel workbook, one row per score.

Columns (header on line 1, in any order): opening, candidate, email,
interviewer, round, dimension, score, evidence, recommendation. `email`,
`evidence` and `recommendation` may be left out of the header. `dimension` is
the dimension code; a blank score means "not assessed" (stored as NULL); a
blank recommendation means "no decision". A CSV file is UTF-8, with or without
a byte-order mark; an Excel workbook (.xlsx, told apart by its content) is read
from its first sheet, by the same rules, its row numbers standing for lines.

The whole file is checked before anything is written. A file with any bad row
raises ImportRejected listing every problem with its line in the file (the
header is line 1; a quoted value spanning lines is named by its first line)
and nothing is saved. A good file is written in one transaction: missing
openings (with the default rubric), candidates, applications, interviewers
and interviews are created, and each scorecard is saved as submitted.

Matching: an opening by exact title (if several share it, the open one
created last), a candidate by e-mail (ignoring case) or, when the e-mail is
blank, by exact name, an interviewer by exact name. A scorecard is (opening,
candidate, interviewer, round). An interview that already has a scorecard,
submitted or draft, is never touched.
"""

from collections.abc import Callable
from typing import TextIO

from django.contrib.auth.models import User
from django.db import connection, transaction

from candidates.services.importing.checking import validate
from candidates.services.importing.existing import load_existing
from candidates.services.importing.reading import decode, read_rows
from candidates.services.importing.rows import (
    COLUMNS,
    REQUIRED_COLUMNS,
    ImportRejected,
    ImportReport,
    RowError,
)
from candidates.services.importing.template import (
    COLUMN_GUIDE,
    XLSX_CONTENT_TYPE,
    import_template_csv,
    import_template_xlsx,
)
from candidates.services.importing.writing import write

__all__ = [
    "COLUMNS",
    "COLUMN_GUIDE",
    "REQUIRED_COLUMNS",
    "ImportRejected",
    "ImportReport",
    "RowError",
    "XLSX_CONTENT_TYPE",
    "import_scorecards",
    "import_template_csv",
    "import_template_xlsx",
]


def import_scorecards(
    source: TextIO | bytes,
    *,
    entered_by: User | None,
    progress: Callable[[str, int], None] | None = None,
) -> ImportReport:
    """Check the whole file `source`, then create everything it describes in one transaction.

    `source` is the file's bytes (an .xlsx workbook, else CSV decoded as UTF-8, a
    BOM allowed) or an open text file. Raises ImportRejected, with nothing
    written, if any row is bad.
    The scorecards are submitted now, entered by `entered_by`; interviews
    created for them are dated now and marked done.
    `progress(phase, rows)`, if given, is called once the file is read ("saving",
    the number of data rows) and before the transaction opens: a caller outside any
    transaction (a background job) commits what it writes there at once, for its
    progress page; nothing done inside the transaction is seen until it commits.
    """
    rows = read_rows(decode(source))
    if progress is not None:
        progress("saving", len(rows))
    with transaction.atomic():
        # One import at a time, and the check sees what the previous one wrote: two
        # imports at once would both find a new opening missing and both create it.
        wait_for_other_imports()
        existing = load_existing(rows)
        groups, errors = validate(rows, existing)
        if errors:
            raise ImportRejected(errors)
        return write(groups, existing, entered_by=entered_by)


# pg_advisory_xact_lock key of the import ("IMPORT" in ASCII); held until commit.
IMPORT_LOCK = 0x494D504F5254


def wait_for_other_imports() -> None:
    """Wait until no other import's transaction is open (call inside an atomic block).

    PostgreSQL: a transaction-level advisory lock. SQLite: every transaction
    already holds the database's write lock from its start (settings).
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [IMPORT_LOCK])

"""The file HR downloads to fill in: the reader's columns, a row per dimension."""

import csv
import io

from candidates.models import Opening
from candidates.selectors.imports import template_dimension_codes
from candidates.services.importing.rows import COLUMNS, REQUIRED_COLUMNS

# Column names, each with whether the header must hold it (the import page lists them).
COLUMN_GUIDE = tuple((name, name in REQUIRED_COLUMNS) for name in COLUMNS)


def import_template_csv(*, opening: Opening | None) -> bytes:
    """The header and one row per dimension of the opening's rubric, in UTF-8 with a BOM.

    Each row has the opening's title (blank for a new opening, scored on the
    default rubric) and the dimension code; the candidate, interviewer, round
    and score are left for HR, so the file as downloaded is refused by the
    import rather than creating a made-up scorecard. The BOM makes Excel read
    the Chinese correctly; the import accepts it.
    """
    title = opening.title if opening is not None else ""
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for code in template_dimension_codes(opening):
        writer.writerow([{"opening": title, "dimension": code}.get(name, "") for name in COLUMNS])
    return out.getvalue().encode("utf-8-sig")

"""Reading the file: decoding, the header, and each row with the line it starts on."""

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TextIO

from django.utils.translation import gettext as _

from candidates.services.importing.rows import (
    COLUMNS,
    REQUIRED_COLUMNS,
    ImportRejected,
    Row,
    RowError,
    row_error,
)


@dataclass(frozen=True)
class Layout:
    """What one kind of import file holds: its columns, those it must have, and the row
    type built from a line number and the stripped values by column name."""

    columns: tuple[str, ...]
    required: tuple[str, ...]
    make: Callable[..., Any]


SCORECARDS = Layout(columns=COLUMNS, required=REQUIRED_COLUMNS, make=Row)


def decode(source: TextIO | bytes | str) -> str:
    if isinstance(source, str):
        return source.removeprefix("\ufeff")
    data = source if isinstance(source, bytes | bytearray) else source.read()
    if isinstance(data, str):
        return data.removeprefix("\ufeff")
    try:
        return bytes(data).decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        message = _("line %(line)s: the file is not UTF-8 text; save it as “CSV UTF-8”")
        raise ImportRejected([row_error(line, message)]) from None


def read_rows(text: str, layout: Layout = SCORECARDS) -> list:
    """The data rows, each with the line it starts on; blank rows are skipped."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader, [])
    except csv.Error as exc:
        raise ImportRejected([_unreadable(1, exc)]) from None
    columns = _read_header(header, layout)
    rows, errors = [], []
    while True:
        line = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            # The reader cannot find where the next row starts; stop here.
            errors.append(_unreadable(line, exc))
            break
        if not any(cell.strip() for cell in cells):
            continue
        row, error = _build_row(line, cells, columns, layout)
        rows.append(row)
        if error:
            errors.append(error)
    if not rows and not errors:
        errors.append(row_error(1, _("line %(line)s: the file has a header but no rows")))
    if errors:
        raise ImportRejected(errors)
    return rows


def _unreadable(line: int, exc: csv.Error) -> RowError:
    return row_error(line, _("line %(line)s: not valid CSV (%(reason)s)"), reason=exc)


def _read_header(header: list[str], layout: Layout) -> list[str | None]:
    """The column name at each position (None for a blank header cell)."""
    names = [cell.strip().lower() or None for cell in header]
    if not any(names):
        message = _("line %(line)s: the first line must be the header: %(columns)s")
        raise ImportRejected([row_error(1, message, columns=", ".join(layout.columns))])
    errors = []
    unknown = [name for name in names if name and name not in layout.columns]
    if unknown:
        message = _("line %(line)s: unknown column(s) %(unknown)s; the columns are %(columns)s")
        listed = ", ".join(layout.columns)
        errors.append(row_error(1, message, unknown=", ".join(unknown), columns=listed))
    repeated = sorted({name for name in names if name and names.count(name) > 1})
    if repeated:
        message = _("line %(line)s: column(s) %(columns)s appear more than once")
        errors.append(row_error(1, message, columns=", ".join(repeated)))
    missing = [name for name in layout.required if name not in names]
    if missing:
        message = _("line %(line)s: missing required column(s) %(columns)s")
        errors.append(row_error(1, message, columns=", ".join(missing)))
    if errors:
        raise ImportRejected(errors)
    return names


def _build_row(
    line: int, cells: list[str], columns: list[str | None], layout: Layout
) -> tuple[Any, RowError | None]:
    values = {}
    stray = False
    for index, cell in enumerate(cells):
        name = columns[index] if index < len(columns) else None
        if name is None:
            stray = stray or bool(cell.strip())
        else:
            values[name] = cell.strip()
    error = None
    if stray:
        # Usually a comma inside a value that was not quoted.
        message = _(
            "line %(line)s: more values than columns; put values containing commas in quotes"
        )
        error = row_error(line, message)
    return layout.make(line=line, **values), error

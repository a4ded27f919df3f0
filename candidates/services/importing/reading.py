"""Reading the file: decoding (CSV text or an Excel workbook), the header, and each row
with the line it starts on (for a workbook, its row number)."""

import csv
import io
from collections.abc import Callable, Iterator
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
from candidates.services.importing.sheets import Sheet, is_workbook, read_sheet


@dataclass(frozen=True)
class Layout:
    """What one kind of import file holds: its columns, those it must have, and the row
    type built from a line number and the stripped values by column name."""

    columns: tuple[str, ...]
    required: tuple[str, ...]
    make: Callable[..., Any]


SCORECARDS = Layout(columns=COLUMNS, required=REQUIRED_COLUMNS, make=Row)


def decode(source: TextIO | bytes | str) -> str | Sheet:
    """The file's text, or its first sheet when the bytes are an Excel workbook.

    Told apart by content, not by name: a workbook starts with the ZIP (or, for an
    old .xls, the OLE2) signature, which no UTF-8 text does.
    """
    if isinstance(source, str):
        return source.removeprefix("\ufeff")
    data = source if isinstance(source, bytes | bytearray) else source.read()
    if isinstance(data, str):
        return data.removeprefix("\ufeff")
    data = bytes(data)
    if is_workbook(data):
        return read_sheet(data)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        message = _("line %(line)s: the file is not UTF-8 text; save it as “CSV UTF-8”")
        raise ImportRejected([row_error(line, message)]) from None


def read_rows(content: str | Sheet, layout: Layout = SCORECARDS) -> list:
    """The data rows, each with the line it starts on; blank rows are skipped.

    `content` is what decode() returns: CSV text or a workbook's first sheet,
    read by the same rules.
    """
    records = iter(content.rows) if isinstance(content, Sheet) else _csv_records(content)
    header = next(records, (1, []))[1]
    if isinstance(header, RowError):
        raise ImportRejected([header])
    columns = _read_header(header, layout)
    rows, errors = [], []
    for line, cells in records:
        if isinstance(cells, RowError):
            errors.append(cells)
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


def _csv_records(text: str) -> Iterator[tuple[int, list[str] | RowError]]:
    """Each CSV record with the line it starts on; a record the reader cannot parse
    comes as its RowError, and ends the file (the reader cannot tell where the next
    record starts)."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    while True:
        line = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield line, _unreadable(line, exc)
            return
        yield line, cells


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

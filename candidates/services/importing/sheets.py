"""Reading the first sheet of an Excel workbook (.xlsx) into the rows a CSV file gives.

A cell becomes the text a clerk would have typed into the CSV: 3, 3.0 and "3"
all read "3"; a number shown as a percentage reads as its percentage (95% is
"95", as the performance import's percent columns expect); a date is
"YYYY-MM-DD"; TRUE/FALSE are "yes"/"no"; an empty cell is blank. The row
number is the line of every message, as a CSV line is.
"""

import datetime
import io
import re
import zipfile
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from itertools import repeat

from django.conf import settings
from django.utils.translation import gettext as _

from candidates.services.importing.rows import ImportRejected, RowError, row_error

XLSX_SIGNATURE = b"PK\x03\x04"
# An OLE2 compound file: an Excel 97–2003 .xls, or an .xlsx saved with a password
# (Excel encrypts the whole workbook into such a container).
OLE2_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# The sheet's XML is a few times the text it holds (each cell is wrapped in tags
# with its address; Excel keeps the texts once, in sharedStrings.xml), so an .xlsx
# holding as much as the largest CSV upload unpacks to about 3–4 times the upload
# limit. Far more than this is a zip bomb, or a sheet too big to read in a request.
UNPACKED_PER_UPLOAD_BYTE = 5
# A formula element (<f>, <f t="shared" …/>, or with a namespace prefix) in a sheet's XML.
FORMULA_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?f[\s>/]")


@dataclass(frozen=True)
class Sheet:
    """The first worksheet as text: row 1 (the header, possibly empty), then every
    non-blank row, each with its row number."""

    rows: tuple[tuple[int, list[str]], ...]


def is_workbook(data: bytes) -> bool:
    """Whether `data` is an Excel file (new or old format) rather than text."""
    return data.startswith((XLSX_SIGNATURE, OLE2_SIGNATURE))


def max_unpacked_bytes() -> int:
    return settings.MAX_UPLOAD_BYTES * UNPACKED_PER_UPLOAD_BYTE


def read_sheet(data: bytes) -> Sheet:
    """The first worksheet of the workbook `data`, or ImportRejected saying why it cannot be read.

    Refused: an .xls or password-protected file, a file that is not a readable
    workbook, one that unpacks to more than `max_unpacked_bytes()`, an empty
    first sheet, and formulas saved without their results (openpyxl reads the
    result Excel stored; it does not calculate).
    """
    if data.startswith(OLE2_SIGNATURE):
        message = _(
            "line %(line)s: this is an old Excel file (.xls) or a workbook with a password, "
            "which the import cannot read; save it as “Excel Workbook (.xlsx)” without a "
            "password, or as “CSV UTF-8”"
        )
        raise ImportRejected([row_error(1, message)])
    has_formulas = _check_archive(data)
    # Imported here: only an Excel upload needs openpyxl loaded.
    from openpyxl import load_workbook

    values = formulas = None
    try:
        values = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        # The formulas are read only to find those saved without a result: a second
        # pass over the sheet, skipped when the file holds no formula.
        if has_formulas:
            formulas = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
        return _read_first_sheet(values, formulas)
    except ImportRejected:
        raise
    except Exception:
        # openpyxl reports a damaged workbook with whatever its parsers raise.
        raise ImportRejected([_unreadable()]) from None
    finally:
        for book in (values, formulas):
            if book is not None:
                book.close()


def _unreadable() -> RowError:
    message = _(
        "line %(line)s: the file is not a readable Excel workbook; open it in Excel and "
        "save it again as “Excel Workbook (.xlsx)”, or as “CSV UTF-8”"
    )
    return row_error(1, message)


def _check_archive(data: bytes) -> bool:
    """Refuse a workbook that would unpack to more than the limit, before unpacking it;
    then whether any of its worksheets holds a formula.

    zipfile stops every member at the size the archive declares, so the
    declared sizes bound what reading can produce.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            unpacked = sum(member.file_size for member in members)
            limit = max_unpacked_bytes()
            if unpacked > limit:
                message = _(
                    "line %(line)s: the workbook unpacks to %(size)s MB, more than the "
                    "%(limit)s MB the import reads; split it into smaller files"
                )
                raise ImportRejected(
                    [row_error(1, message, size=_megabytes(unpacked), limit=_megabytes(limit))]
                )
            # Every XML part, not just xl/worksheets/: the sheet may be stored under another
            # name, and a formula found elsewhere (a chart's) costs only the second pass.
            parts = [m for m in members if m.filename.lower().endswith(".xml")]
            return any(holds_formula(_chunks(archive, member)) for member in parts)
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, zlib.error):
        raise ImportRejected([_unreadable()]) from None


def _chunks(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> Iterable[bytes]:
    with archive.open(member) as source:
        while chunk := source.read(1024 * 1024):
            yield chunk


def holds_formula(chunks: Iterable[bytes]) -> bool:
    tail = b""
    for chunk in chunks:
        # A tag split between two chunks is found in the tail carried over.
        if FORMULA_TAG.search(tail + chunk):
            return True
        tail = chunk[-64:]
    return False


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}"


def _read_first_sheet(values, formulas) -> Sheet:
    if not values.worksheets:
        raise ImportRejected([_empty()])
    value_sheet = values.worksheets[0]
    # The stored dimensions may claim the whole grid (a column formatted to the
    # bottom); read only the cells the file holds.
    value_sheet.reset_dimensions()
    value_rows = value_sheet.iter_rows()
    if formulas is None:
        formula_rows = repeat(())
    else:
        formula_sheet = formulas.worksheets[0]
        formula_sheet.reset_dimensions()
        formula_rows = formula_sheet.iter_rows(values_only=True)
    rows: list[tuple[int, list[str]]] = []
    errors: list[RowError] = []
    # Not strict: without formulas the second source is an endless run of empty rows.
    for number, (cells, written) in enumerate(zip(value_rows, formula_rows, strict=False), 1):
        texts = [cell_text(cell.value, number_format=cell.number_format) for cell in cells]
        unsaved = [
            cell.column_letter
            for cell, formula in zip(cells, written, strict=False)
            if cell.value is None and formula is not None
        ]
        if unsaved:
            message = _(
                "line %(line)s: cell(s) %(cells)s hold a formula whose result is not saved in "
                "the file; open it in Excel and save it again, or paste the values"
            )
            errors.append(
                row_error(number, message, cells=", ".join(f"{c}{number}" for c in unsaved))
            )
        while texts and not texts[-1].strip():
            texts.pop()
        if number == 1 or texts:
            rows.append((number, texts))
    if errors:
        raise ImportRejected(errors)
    if not rows or (len(rows) == 1 and not rows[0][1]):
        raise ImportRejected([_empty()])
    if rows[0][0] != 1:
        rows.insert(0, (1, []))
    return Sheet(rows=tuple(rows))


def _empty() -> RowError:
    message = _(
        "line %(line)s: the first sheet of the workbook is empty; put the header in row 1 "
        "and the rows below it"
    )
    return row_error(1, message)


def cell_text(value: object, *, number_format: str = "General") -> str:
    """The text a CSV would hold for a cell of this value and number format."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):
        return _number_text(value, percent="%" in (number_format or ""))
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time():
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    return str(value)


def _number_text(value: int | float, *, percent: bool) -> str:
    """3 and 3.0 -> "3"; 4.25 -> "4.25"; 0.955 shown as a percentage -> "95.5".

    Through the float's shortest repr, so 4.2 stays "4.2" and not its binary expansion.
    """
    number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    if not number.is_finite():
        return str(value)
    if percent:
        number *= 100
    if number == number.to_integral_value():
        return str(int(number))
    return format(number.normalize(), "f")

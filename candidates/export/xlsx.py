"""The shortlist as an Excel file, its sheet's XML written directly."""

import re
from itertools import chain, islice
from typing import BinaryIO
from xml.sax.saxutils import escape, quoteattr
from zipfile import ZIP_DEFLATED, ZipFile

from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from candidates.export.cells import ROWS_PER_CHUNK
from candidates.export.table import shortlist_headers, shortlist_rows
from candidates.selectors.profiles import ShortlistFilters
from candidates.selectors.shortlist import Shortlist

# The Excel file's parts beside its one sheet (SpreadsheetML, ECMA-376 part 1): no
# styles but the default, the sheet's name filled in by `shortlist_xlsx`.
XML_START = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
SPREADSHEET = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships"
OFFICE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml"
XLSX_PARTS = {
    "[Content_Types].xml": (
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/'
        'vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{CONTENT_TYPE}.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" '
        f'ContentType="{CONTENT_TYPE}.worksheet+xml"/>'
        f'<Override PartName="/xl/styles.xml" ContentType="{CONTENT_TYPE}.styles+xml"/>'
        "</Types>"
    ),
    "_rels/.rels": (
        f'<Relationships xmlns="{RELATIONSHIPS}"><Relationship Id="rId1" '
        f'Type="{OFFICE}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
    ),
    "xl/_rels/workbook.xml.rels": (
        f'<Relationships xmlns="{RELATIONSHIPS}">'
        f'<Relationship Id="rId1" Type="{OFFICE}/worksheet" Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId2" Type="{OFFICE}/styles" Target="styles.xml"/>'
        "</Relationships>"
    ),
    "xl/styles.xml": (
        f'<styleSheet xmlns="{SPREADSHEET}">'
        '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
        '<fills count="2"><fill><patternFill patternType="none"/></fill>'
        '<fill><patternFill patternType="gray125"/></fill></fills>'
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
        '</cellStyleXfs><cellXfs count="1">'
        '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>'
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
        "</styleSheet>"
    ),
}
WORKBOOK = (
    f'<workbook xmlns="{SPREADSHEET}" xmlns:r="{OFFICE}"><sheets>'
    '<sheet name={name} sheetId="1" r:id="rId1"/></sheets></workbook>'
)
# The header row and the rank and candidate columns stay in view (frozen at C2).
SHEET_START = (
    f'<worksheet xmlns="{SPREADSHEET}"><sheetViews><sheetView workbookViewId="0">'
    '<pane xSplit="2" ySplit="1" topLeftCell="C2" activePane="bottomRight" state="frozen"/>'
    '<selection pane="topRight"/><selection pane="bottomLeft"/>'
    '<selection pane="bottomRight" activeCell="C2" sqref="C2"/></sheetView></sheetViews>'
    "<sheetData>"
)
SHEET_END = "</sheetData></worksheet>"
# What XML cannot hold (control characters), and an underscore that would read as the
# start of OOXML's escape for them: both written as that escape, "_x000B_", as Excel does.
OOXML_ESCAPED = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]|_(?=x[0-9A-Fa-f]{4}_)")
# A bare carriage return would come back as a line feed (XML normalises line ends).
CARRIAGE_RETURN = {"\r": "&#13;"}


def xml_text(text: str) -> str:
    """`text` as it may stand in the sheet's XML, read back as the same characters."""
    escaped = escape(text, CARRIAGE_RETURN)
    return OOXML_ESCAPED.sub(lambda found: f"_x{ord(found[0]):04X}_", escaped)


def sheet_row(number: int, cells: list, columns: list[str]) -> str:
    """One row of the sheet's XML: numbers as numbers, text inline, None left out (blank)."""
    parts = [f'<row r="{number}">']
    for column, cell in zip(columns, cells, strict=True):
        if cell is None or cell == "":
            continue
        if cell.__class__ is str:  # the rows hold str, int and float only
            parts.append(
                f'<c r="{column}{number}" t="inlineStr"><is>'
                f'<t xml:space="preserve">{xml_text(cell)}</t></is></c>'
            )
        else:
            parts.append(f'<c r="{column}{number}"><v>{cell}</v></c>')
    parts.append("</row>")
    return "".join(parts)


def shortlist_xlsx(
    shortlist: Shortlist, out: BinaryIO, filters: ShortlistFilters | None = None
) -> None:
    """The Excel file of the shortlist written to `out`, a few hundred rows at a time.

    The sheet's XML is written here rather than by a library cell by cell
    (openpyxl took about 10 µs a cell, XlsxWriter 6; this about 2). It holds
    values only, never a formula; `neutralised` guards what Excel would run as one.
    """
    headers = shortlist_headers(shortlist)
    columns = [get_column_letter(n) for n in range(1, len(headers) + 1)]
    rows = enumerate(chain([headers], shortlist_rows(shortlist, filters)), start=1)
    # Level 3 deflates as fast as level 1 here, the file about 15% larger than at the default 6.
    with ZipFile(out, "w", ZIP_DEFLATED, compresslevel=3) as package:
        for name, xml in XLSX_PARTS.items():
            package.writestr(name, XML_START + xml)
        package.writestr(
            "xl/workbook.xml", XML_START + WORKBOOK.format(name=quoteattr(_("Shortlist")[:31]))
        )
        with package.open("xl/worksheets/sheet1.xml", "w") as sheet:
            sheet.write((XML_START + SHEET_START).encode())
            while batch := list(islice(rows, ROWS_PER_CHUNK)):
                sheet.write("".join(sheet_row(n, cells, columns) for n, cells in batch).encode())
            sheet.write(SHEET_END.encode())

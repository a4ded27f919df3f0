"""The shortlist as JSON, and as one table for CSV and Excel (same columns)."""

import csv
import io
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import chain, islice
from typing import BinaryIO
from xml.sax.saxutils import escape, quoteattr
from zipfile import ZIP_DEFLATED, ZipFile

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.translation import get_language, override
from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from candidates.explain import code_of, describe_reason, summarize_flags
from candidates.scoring.confidence import ScoreConfidence
from candidates.scoring.ranking import RankedApplication
from candidates.scoring.sensitivity import Flip, neighbour_flips
from candidates.selectors.confidence import DEFAULT_K, ConfidenceReport, ranking_confidence
from candidates.selectors.shortlist import Shortlist, rubric_rules
from hiring.wording import join_clauses

# ranking.json's rows a page: by default, and at most (the full file is the JSON export).
JSON_PAGE_SIZE = 100
MAX_JSON_PAGE_SIZE = 500
# Rows encoded per chunk of a streamed export.
ROWS_PER_CHUNK = 500

# What a spreadsheet reads as the start of a formula (OWASP's advice on CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralised(cell):
    """Text a spreadsheet would run as a formula, made plain text by a leading apostrophe.

    Applied to every text cell of the CSV, the Excel sheet and `ranking --format csv`:
    a candidate named "=HYPERLINK(...)" must reach the reader as those characters.
    """
    if isinstance(cell, str) and cell.startswith(FORMULA_STARTS):
        return "'" + cell
    return cell


def rounded(value: float | None, places: int) -> float | None:
    return None if value is None else round(value, places)


def flip_json(flip: Flip | None) -> dict | None:
    """The single-weight change that lifts the row over the one above, in percent."""
    if flip is None:
        return None
    return {
        "dimension": flip.dimension,
        "weight": round(flip.share * 100, 2),
        "flip_at": round(flip.flip_share * 100, 2),
    }


def confidence_json(figures: ScoreConfidence | None, k: int) -> dict:
    """SE, 90% interval and P(top k); null for applications that are not ranked."""
    if figures is None:
        return {"se": None, "ci_low": None, "ci_high": None, "p_top_k": None, "k": k}
    return {
        "se": rounded(figures.se, 4),
        "ci_low": rounded(figures.low, 4),
        "ci_high": rounded(figures.high, 4),
        "p_top_k": round(figures.p_top_k, 4),
        "k": k,
        "apart_from_next": figures.apart_from_next,
    }


def raw_json(raw: RankedApplication | None) -> dict:
    """Beside a calibrated result: the uncorrected rank and score."""
    if raw is None:
        return {}
    return {"rank_raw": raw.rank, "score_raw": rounded(raw.score, 4)}


def row_json(
    row: RankedApplication,
    application,
    flip: Flip | None = None,
    figures: ScoreConfidence | None = None,
    k: int = DEFAULT_K,
    raw: RankedApplication | None = None,
    ahead: list[tuple[str, float]] = (),
) -> dict:
    """One row of ranking.json; `ahead` (ranked rows): what lifts it above the average."""
    return {
        "rank": row.rank,
        "application": application.pk,
        "candidate": application.candidate.name,
        "email": application.candidate.email,
        "stage": application.stage,
        "score": rounded(row.score, 4),
        "score_100": rounded(row.score_100, 2),
        "coverage": round(row.coverage, 4),
        "bracket": [round(row.bracket[0], 4), round(row.bracket[1], 4)],
        "scorecards": row.scorecards,
        "eligible": row.eligible,
        "reasons": [code_of(reason) for reason in row.reasons],
        "dimensions": {
            code: {"mean": round(stat.mean, 4), "n": stat.n}
            for code, stat in row.dimensions.items()
        },
        "flags": [code_of(flag) for flag in row.flags],
        "ahead_on": [
            {"dimension": code, "above_average": round(above, 4)} for code, above in ahead
        ],
        "flip": flip_json(flip),
        **confidence_json(figures, k),
        **raw_json(raw),
    }


class BadPage(ValueError):
    """A page or page size ranking.json cannot serve; the message says why, for a 400."""


@dataclass(frozen=True)
class JsonPage:
    number: int  # from 1
    size: int  # rows a page, 1 to MAX_JSON_PAGE_SIZE


def json_page(page: str | None, page_size: str | None) -> JsonPage:
    """`?page=` and `?page_size=` of ranking.json, checked; a size past the maximum is capped.

    Only plain digits count: "1.0", "²" or "-1" are refused, never turned into a 500.
    """
    number = whole_number(page, default=1)
    size = whole_number(page_size, default=JSON_PAGE_SIZE)
    if number is None or number < 1:
        raise BadPage(_("The page must be a whole number from 1."))
    if size is None or size < 1:
        raise BadPage(
            _("The page size must be a whole number from 1 to %(max)s.")
            % {"max": MAX_JSON_PAGE_SIZE}
        )
    return JsonPage(number, min(size, MAX_JSON_PAGE_SIZE))


def whole_number(text: str | None, *, default: int) -> int | None:
    """`default` when absent or empty, None when not ASCII digits.

    Past 18 digits the number is only "huge" (int() refuses past 4,300 digits).
    """
    if text is None or text == "":
        return default
    if not (text.isascii() and text.isdigit()):
        return None
    return int(text) if len(text) <= 18 else 10**18


def page_bounds(total: int, page: JsonPage | None) -> tuple[int, int]:
    """The slice of the ranking (ranked rows, then those needing more evidence) a page holds."""
    if page is None:
        return 0, total
    start = (page.number - 1) * page.size
    if page.number > 1 and start >= total:
        raise BadPage(
            _("Page %(page)s does not exist: the last page is %(pages)s at page size %(size)s.")
            % {"page": page.number, "pages": page_count(total, page), "size": page.size}
        )
    return start, start + page.size


def page_count(total: int, page: JsonPage | None) -> int:
    """At least one page, as for an empty opening."""
    return 1 if page is None else max(1, math.ceil(total / page.size))


def json_header(
    shortlist: Shortlist, report: ConfidenceReport, page: JsonPage | None = None
) -> dict:
    """Everything of ranking.json but its rows: the same on every page and in the full file."""
    total = len(shortlist.ranking.ranked) + len(shortlist.ranking.needs_more_evidence)
    return {
        "opening": shortlist.opening.title,
        "rubric": shortlist.opening.rubric.name,
        "weights": shortlist.weights,
        "calibrated": shortlist.calibrated,
        "k": report.k,
        "pooled_sd": rounded(report.pooled.sd, 4),
        "total": total,
        "page": 1 if page is None else page.number,
        "pages": page_count(total, page),
    }


def json_rows(
    shortlist: Shortlist, report: ConfidenceReport, start: int = 0, stop: int | None = None
) -> tuple[Iterator[dict], Iterator[dict]]:
    """The rows and needs_more_evidence entries between `start` and `stop`, built as read.

    Positions count the ranked rows first, then those needing more evidence,
    so consecutive pages join into the full file. A row's flip needs only the
    row just above it, so only the slice (and that one row) is compared.
    """
    ranked, pending = shortlist.ranking.ranked, shortlist.ranking.needs_more_evidence
    stop = len(ranked) + len(pending) if stop is None else stop
    shown = ranked[start:stop]
    waiting = pending[max(start - len(ranked), 0) : max(stop - len(ranked), 0)]
    flips = neighbour_flips(ranked[max(start - 1, 0) : stop], shortlist.weights)
    raw = shortlist.raw_rows()
    entries = shortlist.applications
    rows = (
        row_json(
            row,
            entries[row.key],
            flips[row.key],
            report.rows[row.key],
            report.k,
            raw.get(row.key),
            shortlist.ahead_on(row),
        )
        for row in shown
    )
    others = (row_json(row, entries[row.key], k=report.k, raw=raw.get(row.key)) for row in waiting)
    return rows, others


def shortlist_json(
    shortlist: Shortlist, k: int | str = DEFAULT_K, page: JsonPage | None = None
) -> dict:
    """The ranking with its confidence figures; calibrated shortlists add the raw rank and score.

    With `page`, only that page's rows (ranking.json); without, every row (the
    JSON export and `ranking --format json`), as one page of them all.
    """
    report = ranking_confidence(shortlist, k)
    header = json_header(shortlist, report, page)
    rows, others = json_rows(shortlist, report, *page_bounds(header["total"], page))
    return {**header, "rows": list(rows), "needs_more_evidence": list(others)}


def shortlist_json_chunks(shortlist: Shortlist, k: int | str = DEFAULT_K) -> Iterator[str]:
    """The full ranking.json as text, a few hundred rows at a time (the JSON export).

    The same document as `shortlist_json(shortlist, k)`, encoded as
    `JsonResponse` encodes it, without ever holding every row's dict at once.
    The figures are computed here; only the rows' dicts wait for the reader.
    """
    report = ranking_confidence(shortlist, k)
    rows, others = json_rows(shortlist, report)
    return json_chunks(json_header(shortlist, report), rows=rows, needs_more_evidence=others)


def json_chunks(header: dict, **lists: Iterator[dict]) -> Iterator[str]:
    """`header` with `lists` added as its last keys, written out as they are read."""
    encode = DjangoJSONEncoder(ensure_ascii=False).encode
    yield encode(header)[:-1]
    for name, items in lists.items():
        yield f", {encode(name)}: ["
        separator = ""
        while batch := list(islice(items, ROWS_PER_CHUNK)):
            yield separator + ", ".join(encode(item) for item in batch)
            separator = ", "
        yield "]"
    yield "}"


def shortlist_headers(shortlist: Shortlist) -> list[str]:
    """The columns in the active language: the CSV and the Excel sheet share them."""
    return [
        neutralised(header)
        for header in (
            _("Rank"),
            _("Candidate"),
            _("E-mail"),
            _("Stage"),
            _("Score (0–100)"),
            _("Score (scale)"),
            _("Coverage (%)"),
            _("Scorecards"),
            *[d.name for d in shortlist.dimensions],
            _("Flags"),
            _("Needs more evidence"),
        )
    ]


def shortlist_rows(shortlist: Shortlist) -> Iterator[list]:
    """One row per application, ranked first, made as it is read (the exports stream them).

    Each row's dimension figures are read once (`RankedApplication.dimensions`
    builds a dict on every access). A stage, a set of flags or of reasons is
    put in words once per export: most rows share a few of them. No flag or
    no reason is an empty cell (None): the CSV writes "", the sheet skips it.
    """
    names = {d.code: d.name for d in shortlist.dimensions}
    codes = [d.code for d in shortlist.dimensions]
    rules = rubric_rules(shortlist.opening.rubric, shortlist.dimensions)
    stages: dict[str, str] = {}
    flag_words: dict[tuple, str | None] = {(): None}
    reason_words: dict[tuple, str | None] = {(): None}
    ranking = shortlist.ranking
    for row in chain(ranking.ranked, ranking.needs_more_evidence):
        application = shortlist.applications[row.key]
        if application.stage not in stages:
            stages[application.stage] = application.stage_label
        stats, flags, reasons = row.dimensions, row.flags, row.reasons
        if flags not in flag_words:
            flag_words[flags] = join_clauses(summarize_flags(flags, names, rules.gates))
        if reasons not in reason_words:
            reason_words[reasons] = join_clauses(
                describe_reason(reason, names, rules) for reason in reasons
            )
        cells = [
            row.rank,
            application.candidate.name,
            application.candidate.email,
            stages[application.stage],
            rounded(row.score_100, 1),
            rounded(row.score, 2),
            round(row.coverage * 100, 1),
            row.scorecards,
            *[round(stats[code].mean, 2) if code in stats else None for code in codes],
            flag_words[flags],
            reason_words[reasons],
        ]
        yield [neutralised(cell) for cell in cells]


def shortlist_csv_chunks(shortlist: Shortlist) -> Iterator[str]:
    """The CSV, a few hundred lines at a time, in the language active when this is called."""
    return csv_chunks(shortlist_headers(shortlist), shortlist_rows(shortlist), get_language())


def csv_chunks(headers: list[str], rows: Iterator[list], language: str) -> Iterator[str]:
    """CSV text of `headers` and `rows`, the rows' words in `language`.

    A streamed response is read after the view has returned, so the language
    is set again around each chunk, never left set between chunks (another
    request may run on the thread in between).
    """
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(headers)
    while True:
        with override(language):
            batch = list(islice(rows, ROWS_PER_CHUNK))
        writer.writerows(["" if cell is None else cell for cell in row] for row in batch)
        yield out.getvalue()
        if len(batch) < ROWS_PER_CHUNK:
            return
        out.seek(0)
        out.truncate()


def shortlist_csv(shortlist: Shortlist) -> str:
    return "".join(shortlist_csv_chunks(shortlist))


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


def shortlist_xlsx(shortlist: Shortlist, out: BinaryIO) -> None:
    """The Excel file of the shortlist written to `out`, a few hundred rows at a time.

    The sheet's XML is written here rather than by a library cell by cell
    (openpyxl took about 10 µs a cell, XlsxWriter 6; this about 2). It holds
    values only, never a formula; `neutralised` guards what Excel would run as one.
    """
    headers = shortlist_headers(shortlist)
    columns = [get_column_letter(n) for n in range(1, len(headers) + 1)]
    rows = enumerate(chain([headers], shortlist_rows(shortlist)), start=1)
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

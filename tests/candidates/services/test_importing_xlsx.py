"""Excel workbooks (.xlsx) through the scorecard and performance imports: the first sheet
read as the same rows as a CSV, by the same rules, its row numbers standing for lines."""

import csv
import datetime
import io
import zipfile
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import override_settings
from openpyxl import Workbook
from openpyxl.styles import Font

from candidates.models import PerformanceRecord, Score, Scorecard, Stage
from candidates.services.importing import ImportRejected, import_scorecards
from candidates.services.importing.sheets import cell_text
from candidates.services.performance import import_performance
from tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db

HEADER = [
    "opening",
    "candidate",
    "email",
    "interviewer",
    "round",
    "dimension",
    "score",
    "evidence",
    "recommendation",
]
# The same scorecards as rows of cells: a number where Excel would hold a number.
GOOD = [
    ["客户经理(上海)", "张伟", "zhangwei@example.com", "王芳", "初试", "experience", 4,
     "五年银行客户经理,业绩稳定", "yes"],
    ["客户经理(上海)", "张伟", "zhangwei@example.com", "王芳", "初试", "crm", None, "没有问到",
     "yes"],
    ["客户经理(上海)", "张伟", "zhangwei@example.com", "王芳", "初试", "communication", 3.0, None,
     None],
    ["客户经理(上海)", "李娜", None, "王芳", "初试", "experience", "2", None, "no"],
    ["客户经理(上海)", "李娜", None, "王芳", "初试", "ethics", 5, "拒绝违规操作的要求并说明原因",
     None],
]  # fmt: skip


def workbook(rows: list[list], header: list | None = None) -> Workbook:
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER if header is None else header)
    for cells in rows:
        sheet.append(cells)
    return book


def xlsx_bytes(rows: list[list], header: list | None = None) -> bytes:
    return saved(workbook(rows, header))


def saved(book: Workbook) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def csv_text(value) -> str:
    """How Excel's "CSV UTF-8" writes a cell in the General format (3.0 as 3)."""
    return "" if value is None else f"{value:g}" if isinstance(value, float) else str(value)


def csv_bytes(rows: list[list], header: list | None = None) -> bytes:
    """What Excel's "CSV UTF-8" would write for the same cells."""
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(HEADER if header is None else header)
    for cells in rows:
        writer.writerow([csv_text(value) for value in cells])
    return out.getvalue().encode("utf-8-sig")


def rejected(data: bytes) -> list[tuple[int, str]]:
    with pytest.raises(ImportRejected) as excinfo:
        import_scorecards(data, entered_by=None)
    return [(error.line, error.message) for error in excinfo.value.errors]


def imported() -> list[tuple]:
    """Every score with its scorecard, as the names a file gives them."""
    return sorted(
        Score.objects.values_list(
            "scorecard__interview__application__opening__title",
            "scorecard__interview__application__candidate__name",
            "scorecard__interview__application__candidate__email",
            "scorecard__interview__interviewer__name",
            "scorecard__interview__round_name",
            "scorecard__recommendation",
            "dimension__code",
            "value",
            "evidence",
        ),
        key=repr,
    )


def import_and_undo(data: bytes) -> tuple[list[str], list[tuple]]:
    """The report and what the file created; then everything is rolled back."""
    with transaction.atomic():
        report = import_scorecards(data, entered_by=None)
        found = imported()
        transaction.set_rollback(True)
    return report.lines(), found


def test_good_workbook_creates_the_same_as_the_equivalent_csv(default_rubric):
    from_csv = import_and_undo(csv_bytes(GOOD))
    from_xlsx = import_and_undo(xlsx_bytes(GOOD))
    assert from_xlsx == from_csv
    lines, scores = from_xlsx
    assert "Imported 2 submitted scorecards." in lines
    assert ("客户经理(上海)", "张伟", "zhangwei@example.com", "王芳", "初试", "yes", "crm", None,
            "没有问到") in scores  # fmt: skip


def good_row(**values) -> list:
    fields = {
        "opening": "Account manager (Beijing)",
        "candidate": "Chen Jing",
        "email": "chen.jing@example.com",
        "interviewer": "Liu Yang",
        "round": "Structured interview",
        "dimension": "experience",
        "score": 3,
        "evidence": None,
        "recommendation": "yes",
    } | values
    return [fields[name] for name in HEADER]


@pytest.mark.parametrize(
    "bad",
    [
        {"score": 7},
        {"score": 3.5},
        {"score": "three"},
        {"dimension": "ethic"},
        {"candidate": None},
        {"email": "not-an-address"},
        {"recommendation": "maybe"},
        {"score": 5},  # a 5 needs evidence
    ],
    ids=repr,
)
def test_bad_row_gives_the_csv_message_at_its_sheet_row(bad):
    rows = [good_row(dimension="crm"), [], good_row(dimension="communication"), good_row(**bad)]
    from_xlsx = rejected(xlsx_bytes(rows))
    assert from_xlsx == rejected(csv_bytes(rows))
    assert [line for line, _ in from_xlsx] == [5]
    assert from_xlsx[0][1].startswith("line 5: ")


def test_several_bad_rows_are_named_by_their_rows_in_order():
    rows = [good_row(score=9), good_row(dimension="crm"), good_row(dimension="nope", score=0)]
    assert [line for line, _ in rejected(xlsx_bytes(rows))] == [2, 4, 4]


def test_header_problems_are_named_on_line_1_as_in_a_csv():
    header = [name for name in HEADER if name != "round"] + ["grade"]
    rows = [good_row()[:-1]]
    messages = rejected(xlsx_bytes(rows, header=header))
    assert messages == rejected(csv_bytes(rows, header=header))
    assert {line for line, _ in messages} == {1}
    assert any("grade" in message for _, message in messages)
    assert any("round" in message for _, message in messages)


def test_numbers_typed_as_text_and_text_typed_as_numbers_are_both_read():
    rows = [
        good_row(dimension="experience", score="4", interviewer=1001),
        good_row(dimension="crm", score=2.0, interviewer=1001),
        good_row(dimension="communication", score=" 3 ", interviewer=1001, recommendation=True),
    ]
    import_scorecards(xlsx_bytes(rows), entered_by=None)
    scorecard = Scorecard.objects.get()
    assert scorecard.interview.interviewer.name == "1001"
    assert scorecard.recommendation == "yes"
    values = dict(scorecard.scores.values_list("dimension__code", "value"))
    assert values == {"experience": 4, "crm": 2, "communication": 3}


@pytest.mark.parametrize(
    ("value", "number_format", "text"),
    [
        (3, "General", "3"),
        (3.0, "General", "3"),
        (4.25, "General", "4.25"),
        (4.2, "0.00", "4.2"),
        (0.955, "0.0%", "95.5"),
        (1, "0%", "100"),
        (True, "General", "yes"),
        (False, "General", "no"),
        (datetime.datetime(2026, 6, 30), "yyyy-mm-dd", "2026-06-30"),
        (datetime.datetime(2026, 6, 30, 9, 30), "yyyy-mm-dd hh:mm", "2026-06-30 09:30:00"),
        (datetime.date(2026, 6, 30), "yyyy-mm-dd", "2026-06-30"),
        (None, "General", ""),
        ("三", "General", "三"),
    ],
)
def test_a_cell_reads_as_what_a_csv_would_hold(value, number_format, text):
    assert cell_text(value, number_format=number_format) == text


def test_trailing_empty_rows_and_columns_are_ignored():
    book = workbook([good_row(), good_row(dimension="crm")])
    sheet = book.active
    # Formatted but empty cells far to the right and below, as a clerk's sheet often has.
    for cell in (sheet.cell(row=1, column=40), sheet.cell(row=900, column=3)):
        cell.font = Font(bold=True)
    sheet.cell(row=3, column=12).value = "   "
    report = import_scorecards(saved(book), entered_by=None)
    assert report.scores_created == 2


def test_a_value_beyond_the_header_is_refused_by_its_row():
    book = workbook([good_row(), good_row(dimension="crm")])
    book.active.cell(row=3, column=11).value = "stray"
    assert [line for line, _ in rejected(saved(book))] == [3]


def with_formula(cached: str | None) -> bytes:
    """A workbook whose score on row 3 is the formula 1+2, saved with or without its result."""
    book = workbook([good_row(), good_row(dimension="crm", score="=1+2")])
    data = saved(book)
    source, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            content = source.read(member)
            if member.filename == "xl/worksheets/sheet1.xml" and cached is not None:
                content = content.replace(b"<f>1+2</f><v />", f"<f>1+2</f><v>{cached}</v>".encode())
                assert cached.encode() in content
            target.writestr(member, content)
    return out.getvalue()


def test_a_formula_is_read_by_the_result_excel_saved():
    import_scorecards(with_formula("3"), entered_by=None)
    assert Score.objects.get(dimension__code="crm").value == 3


def test_a_formula_saved_without_its_result_is_refused_by_its_cell():
    [(line, message)] = rejected(with_formula(None))
    assert line == 3
    assert "G3" in message and "formula" in message
    assert not Scorecard.objects.exists()


def test_a_sheet_with_only_the_header_is_refused_as_a_csv_is():
    assert rejected(xlsx_bytes([])) == rejected(csv_bytes([]))


def test_an_empty_workbook_is_refused():
    [(line, message)] = rejected(saved(Workbook()))
    assert line == 1 and "empty" in message


def test_a_sheet_whose_header_is_not_in_row_1_is_refused():
    book = Workbook()
    book.active.append([])
    book.active.append(HEADER)
    book.active.append(good_row())
    [(line, message)] = rejected(saved(book))
    assert line == 1 and "header" in message


def test_only_the_first_sheet_is_read():
    book = workbook([good_row()])
    book.create_sheet("Notes").append(["not", "a", "scorecard"])
    assert import_scorecards(saved(book), entered_by=None).scores_created == 1


@pytest.mark.parametrize(
    "data",
    [
        b"PK\x03\x04 this is not really a zip",
        xlsx_bytes([good_row()])[:2000],  # cut off while uploading
        b"PK\x03\x04" + b"\x00" * 200,
    ],
    ids=["garbage", "truncated", "zeros"],
)
def test_a_damaged_workbook_is_refused_with_a_message(data):
    [(line, message)] = rejected(data)
    assert line == 1 and "not a readable Excel workbook" in message


def test_a_zip_that_is_no_workbook_is_refused_with_a_message():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("hello.txt", "hello")
    [(line, message)] = rejected(out.getvalue())
    assert "not a readable Excel workbook" in message


def test_an_old_xls_or_a_password_protected_workbook_is_refused_with_a_message():
    # Both are OLE2 compound files; only the signature matters to the import.
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 1024
    [(line, message)] = rejected(data)
    assert ".xls" in message and "password" in message


@override_settings(MAX_UPLOAD_BYTES=1024 * 1024 // 5)
def test_a_workbook_that_unpacks_past_the_limit_is_refused_before_it_is_read():
    """A zip bomb: a few kilobytes that would unpack to far more than the upload limit."""
    data = xlsx_bytes([good_row()])
    source, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            target.writestr(member, source.read(member))
        target.writestr("xl/media/padding.bin", b"\x00" * 2_000_000)
    assert len(out.getvalue()) < 100_000
    [(line, message)] = rejected(out.getvalue())
    assert "unpacks to 1.9 MB, more than the 1.0 MB" in message
    assert not Scorecard.objects.exists()


def test_a_workbook_named_csv_is_still_read_as_a_workbook(tmp_path):
    path = tmp_path / "cards.csv"
    path.write_bytes(xlsx_bytes([good_row()]))
    out = io.StringIO()
    call_command("import_scorecards", str(path), stdout=out)
    assert "Imported 1 score." in out.getvalue()


def test_the_command_imports_an_xlsx_file(tmp_path, default_rubric):
    path = tmp_path / "cards.xlsx"
    path.write_bytes(xlsx_bytes(GOOD))
    out = io.StringIO()
    call_command("import_scorecards", str(path), stdout=out)
    assert "Imported 2 submitted scorecards." in out.getvalue()
    assert Score.objects.count() == 5


def test_the_command_rejects_a_bad_xlsx_file_with_its_row_numbers(tmp_path):
    path = tmp_path / "cards.xlsx"
    path.write_bytes(xlsx_bytes([good_row(), [], good_row(dimension="crm", score=8)]))
    err = io.StringIO()
    with pytest.raises(CommandError, match="1 problem"):
        call_command("import_scorecards", str(path), stderr=err)
    assert err.getvalue().startswith("line 4: score 8 is outside the scale")


PERFORMANCE_HEADER = [
    "email",
    "measured_on",
    "period_months",
    "sales_attainment",
    "customer_satisfaction",
    "retention",
    "overall",
    "employed",
    "note",
]


def performance_workbook() -> Workbook:
    ApplicationFactory(candidate__email="ada@example.com", stage=Stage.HIRED)
    ApplicationFactory(candidate__email="bo@example.com", stage=Stage.HIRED)
    book = workbook(
        [
            ["ada@example.com", datetime.datetime(2026, 6, 30), 6, 0.95, 4.5, "88", 4, True, None],
            ["BO@example.com", "2026-07-31", "12", 110, None, None, None, False, "left in July"],
        ],
        header=PERFORMANCE_HEADER,
    )
    book.active["D2"].number_format = "0%"
    return book


def test_the_performance_import_reads_an_xlsx_with_typed_cells():
    result = import_performance(saved(performance_workbook()), by=None)
    assert result.records_created == 2
    ada = PerformanceRecord.objects.get(candidate__email="ada@example.com")
    assert ada.measured_on == datetime.date(2026, 6, 30)
    assert (ada.period_months, ada.sales_attainment) == (6, Decimal("95"))
    assert (ada.customer_satisfaction, ada.retention, ada.overall) == (
        Decimal("4.5"),
        Decimal("88"),
        4,
    )
    assert ada.employed is True
    bo = PerformanceRecord.objects.get(candidate__email="bo@example.com")
    assert (bo.period_months, bo.sales_attainment, bo.employed) == (12, Decimal("110"), False)


def test_the_performance_command_reads_an_xlsx_and_names_bad_rows(tmp_path):
    book = performance_workbook()
    book.active["C3"] = 0  # no period of 0 months
    path = tmp_path / "performance.xlsx"
    path.write_bytes(saved(book))
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_performance", str(path), stderr=err)
    assert err.getvalue().startswith("line 3: period_months")
    assert not PerformanceRecord.objects.exists()


@pytest.mark.parametrize(
    ("xml", "found"),
    [
        (b'<c r="G2"><f>1+2</f><v /></c>', True),
        (b'<c r="G3"><f t="shared" si="0"/></c>', True),
        (b'<x:c r="G2"><x:f>SUM(A1:A2)</x:f></x:c>', True),
        (b'<c r="A1" t="inlineStr"><is><t>&lt;f&gt; is text</t></is></c>', False),
        (b"<font><b/></font><formula1>1</formula1><fill/>", False),
    ],
)
def test_a_formula_is_found_in_the_xml_even_across_chunks(xml, found):
    from candidates.services.importing.sheets import holds_formula

    assert holds_formula([xml]) is found
    # Cut at every position: a tag split between two chunks is still found.
    assert all(holds_formula([xml[:cut], xml[cut:]]) is found for cut in range(len(xml)))


def test_an_entity_bomb_in_the_sheet_is_refused_with_a_message():
    """Nested XML entities that would expand to gigabytes: expat refuses them."""
    entities = "".join(f'<!ENTITY e{n} "{f"&e{n - 1};" * 10 if n else "lol"}">' for n in range(10))
    bomb = (
        f'<?xml version="1.0"?><!DOCTYPE worksheet [{entities}]>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&e9;</t></is></c></row>'
        "</sheetData></worksheet>"
    ).encode()
    data = xlsx_bytes([good_row()])
    source, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            is_sheet = member.filename == "xl/worksheets/sheet1.xml"
            target.writestr(member, bomb if is_sheet else source.read(member))
    [(line, message)] = rejected(out.getvalue())
    assert "not a readable Excel workbook" in message

"""Exports are safe to open: no cell of the CSV, the Excel sheet or `ranking --format csv`
is read as a formula by a spreadsheet (OWASP's advice on CSV injection). They stream,
and hold what they held before they streamed; ranking.json comes a page at a time."""

import csv
import io
import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook
from openpyxl.utils.escape import unescape

from candidates.export import neutralised
from candidates.forms import CandidateForm
from candidates.models import Application, Candidate
from candidates.services.importing import ImportRejected, import_scorecards
from rubrics.models import Dimension
from tests.candidates.views.test_shortlists import grow
from tests.factories import (
    DEFAULT_CODES,
    ApplicationFactory,
    InterviewFactory,
    OpeningFactory,
    submitted_scorecard,
)

PAYLOADS = [
    '=HYPERLINK("http://example.com","click")',
    "+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "-2+3",
    "\t=1+1",
    "\r=1+1",
]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_formula_start_becomes_plain_text(payload):
    assert neutralised(payload) == "'" + payload
    assert neutralised("Li Na") == "Li Na" and neutralised(-2) == -2 and neutralised(None) is None


@pytest.fixture
def opening_with_payloads(db, manager):
    opening = OpeningFactory(title="Payloads", hiring_managers=[manager])
    for payload in PAYLOADS:
        ApplicationFactory(opening=opening, candidate__name=payload)
    return opening


def names_in(rows: list[list]) -> set[str]:
    """The candidate column; a CSV reader may hand a carriage return back as a newline."""
    return {str(row[1]).replace("\n", "\r") for row in rows[1:]}


def test_csv_excel_and_command_line_csv_hold_no_formula(client, manager, opening_with_payloads):
    opening = opening_with_payloads
    expected = {"'" + payload for payload in PAYLOADS}
    client.force_login(manager)
    raw = client.get(reverse("candidates:opening-shortlist-csv", args=[opening.pk])).getvalue()
    assert names_in(list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))) == expected
    xlsx = client.get(reverse("candidates:opening-shortlist-xlsx", args=[opening.pk])).getvalue()
    sheet = load_workbook(io.BytesIO(xlsx)).active
    assert names_in([list(row) for row in sheet.iter_rows(values_only=True)]) == expected
    assert all(cell.data_type == "s" for cell in sheet["B"])  # text, never a formula ("f")
    out = StringIO()
    call_command("ranking", "Payloads", "--format", "csv", stdout=out)
    assert names_in(list(csv.reader(io.StringIO(out.getvalue(), newline="")))) == expected


@pytest.mark.django_db
def test_an_email_that_starts_like_a_formula_is_refused_by_form_model_and_import():
    form = CandidateForm(data={"name": "Ann", "email": "=1+1@example.com"})
    assert not form.is_valid()
    assert form.errors["email"] == ["An e-mail address cannot start with =, +, - or @."]
    with pytest.raises(ValidationError):
        ApplicationFactory.build(candidate__email="+1@example.com").candidate.full_clean()
    header = "opening,candidate,email,interviewer,round,dimension,score"
    with pytest.raises(ImportRejected) as rejected:
        import_scorecards(f"{header}\nAM,Ann,-1@example.com,Bo,R1,experience,3\n", entered_by=None)
    assert "“-1@example.com” is not a valid e-mail address" in rejected.value.errors[0].message


# Streamed exports: the same files as before streaming ------------------------------------

# Ties, a failed gate, a disagreement, a formula, quotes and commas, Chinese, a missing
# scorecard, a gate never scored and an application never interviewed.
SEEDED = [
    # name, e-mail, stage, one (level everywhere, exceptions) per submitted scorecard
    ("Li Na 李娜", "li.na@example.com", "interviewing", [(5, {}), (4, {})]),
    ('Wang, "Wei"', "wang.wei@example.com", "shortlisted", [(4, {}), (5, {})]),
    (
        '=HYPERLINK("http://x")',
        "payload@example.com",
        "applied",
        [(3, {"experience": 5}), (3, {"experience": 1})],
    ),
    ("Gate Low", "gate.low@example.com", "screening", [(4, {"ethics": 2}), (4, {"ethics": 2})]),
    (
        "Partial",
        "partial@example.com",
        "applied",
        [(3, {"crm": None, "leadership": None}), (4, {"crm": None})],
    ),
    ("One Card", "one.card@example.com", "on_hold", [(5, {})]),
    (
        "No Ethics",
        "no.ethics@example.com",
        "applied",
        [(4, {"ethics": None}), (4, {"ethics": None})],
    ),
    ("Unseen", "unseen@example.com", "applied", []),
]
# What the exports gave for SEEDED before they streamed (written by the code of then,
# application ids replaced by the candidate's name): the CSV's lines, the sheet's values,
# ranking.json.
GOLDEN = Path(__file__).parents[1] / "data" / "shortlist_exports_golden.json"
BEFORE = json.loads(GOLDEN.read_text("utf-8"))


@pytest.fixture
def seeded(db, manager):
    opening = OpeningFactory(title="Golden", hiring_managers=[manager])
    Dimension.objects.filter(rubric=opening.rubric, code="ethics").update(gate=3)
    for name, email, stage, cards in SEEDED:
        application = ApplicationFactory(
            opening=opening, candidate__name=name, candidate__email=email, stage=stage
        )
        for level, exceptions in cards:
            values = dict.fromkeys(DEFAULT_CODES, level) | exceptions
            submitted_scorecard(InterviewFactory(application=application), values)
    return opening


def export(client, name: str, opening, **query):
    response = client.get(reverse(f"candidates:{name}", args=[opening.pk]), query)
    assert response.status_code == 200 and response.streaming
    assert "no-store" in response["Cache-Control"]
    return response


# The columns the candidate filters added (CRM systems, client segments, industries)
# after Stage: the golden files predate them; everything else is as before.
NEW_COLUMNS = slice(4, 7)
NEW_JSON_FIELDS = ("crm_systems", "client_segments", "industries")


def without_new_columns(row: list) -> list:
    return row[: NEW_COLUMNS.start] + row[NEW_COLUMNS.stop :]


def test_the_streamed_csv_is_the_csv_of_before_byte_for_byte(client, manager, seeded):
    """Byte for byte but for the new columns: same BOM, quoting, line ends and cells."""
    client.force_login(manager)
    raw = export(client, "opening-shortlist-csv", seeded).getvalue().decode("utf-8")
    lines = raw.splitlines(keepends=True)
    assert [line[-2:] for line in lines] == [line[-2:] for line in BEFORE["csv"]]
    assert raw.startswith("\ufeff") == BEFORE["csv"][0].startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(raw.removeprefix("\ufeff"), newline="")))
    before = list(
        csv.reader(io.StringIO("".join(BEFORE["csv"]).removeprefix("\ufeff"), newline=""))
    )
    assert [without_new_columns(row) for row in rows] == before
    assert rows[0][NEW_COLUMNS] == ["CRM systems", "Client segments", "Industries"]


def test_the_sheet_holds_the_cells_of_before(client, manager, seeded):
    client.force_login(manager)
    response = export(client, "opening-shortlist-xlsx", seeded)
    assert response["Content-Disposition"] == 'attachment; filename="shortlist-golden.xlsx"'
    sheet = load_workbook(io.BytesIO(response.getvalue())).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert [without_new_columns(row) for row in rows] == BEFORE["xlsx"]["rows"]
    assert (sheet.title, sheet.freeze_panes) == ("Shortlist", "C2")
    assert not any(cell.data_type == "f" for row in sheet.iter_rows() for cell in row)


# Characters XML escapes or cannot hold, OOXML's own escape typed as text, spaces, line ends.
AWKWARD_NAMES = [
    "Ann & Bo <Ltd>",
    'Say "hi"',
    "_x0041_ as typed",
    "Vertical\x0btab",
    "  Spaced  ",
    "Two\nlines",
    "Carriage\rreturn",
]


def test_the_sheet_shows_each_name_as_typed(client, manager):
    """Read as Excel reads a cell (its _xHHHH_ escapes undone), every name is unchanged."""
    opening = OpeningFactory(title="Awkward", hiring_managers=[manager])
    for name in AWKWARD_NAMES:
        ApplicationFactory(opening=opening, candidate__name=name)
    client.force_login(manager)
    sheet = load_workbook(io.BytesIO(export(client, "opening-shortlist-xlsx", opening).getvalue()))
    names = [unescape(cell.value) for cell in sheet.active["B"][1:]]
    assert sorted(names) == sorted(AWKWARD_NAMES)


def many_rows_in_chinese(client, manager, export_name: str):
    """An export in Chinese of an opening of 1,203 candidates, more than two chunks of rows."""
    opening = OpeningFactory(title="Many", hiring_managers=[manager])
    candidates = Candidate.objects.bulk_create(
        Candidate(name=f"C{index}", email=f"c{index}@example.com") for index in range(1203)
    )
    Application.objects.bulk_create(Application(opening=opening, candidate=c) for c in candidates)
    client.force_login(manager)
    url = reverse(f"candidates:{export_name}", args=[opening.pk])
    return client.get(url, HTTP_ACCEPT_LANGUAGE="zh-Hans")


def test_the_sheet_holds_more_rows_than_a_chunk_in_the_asked_language(client, manager):
    response = many_rows_in_chinese(client, manager, "opening-shortlist-xlsx")
    sheet = load_workbook(io.BytesIO(response.getvalue())).active
    header, *rows = sheet.iter_rows(values_only=True)
    assert (sheet.title, header[:2], len(rows)) == ("候选名单", ("排名", "候选人"), 1203)
    assert {row[1] for row in rows} == {f"C{index}" for index in range(1203)}
    assert {row[3] for row in rows} == {"已申请"}
    assert rows[-1][-1].startswith("已评分的权重不足")


def with_names(document: dict, opening) -> dict:
    """`document` with each row's application id replaced by its candidate's name."""
    names = dict(Application.objects.filter(opening=opening).values_list("pk", "candidate__name"))
    for part in ("rows", "needs_more_evidence"):
        for row in document[part]:
            row["application"] = names[row["application"]]
    return document


def test_the_json_export_is_the_ranking_json_of_before_in_one_file(client, manager, seeded):
    client.force_login(manager)
    response = export(client, "opening-shortlist-json", seeded)
    assert response["Content-Disposition"] == 'attachment; filename="shortlist-golden.json"'
    full = with_names(json.loads(response.getvalue()), seeded)
    assert (full.pop("total_all"), full.pop("filters")) == (8, {})
    for row in full["rows"] + full["needs_more_evidence"]:
        assert all(isinstance(row.pop(field), list) for field in NEW_JSON_FIELDS)
    assert full == BEFORE["json"] | {"total": 8, "page": 1, "pages": 1}
    out = StringIO()
    call_command("ranking", "Golden", "--format", "json", stdout=out)
    printed = with_names(json.loads(out.getvalue()), seeded)
    assert (printed.pop("total_all"), printed.pop("filters")) == (8, {})
    for row in printed["rows"] + printed["needs_more_evidence"]:
        for field in NEW_JSON_FIELDS:
            row.pop(field)
    assert printed == full


def test_the_csv_streams_more_rows_than_a_chunk_in_the_asked_language(client, manager):
    """Rows are written after the view returns: their words must still be Chinese."""
    response = many_rows_in_chinese(client, manager, "opening-shortlist-csv")
    chunks = list(response.streaming_content)
    assert len(chunks) == 4  # the BOM, then 500, 500 and 203 rows
    rows = list(csv.reader(io.StringIO(b"".join(chunks).decode("utf-8-sig"), newline="")))
    assert len(rows) == 1 + 1203
    assert {row[3] for row in rows[1:]} == {"已申请"}
    assert rows[-1][-1].startswith("已评分的权重不足")


# ranking.json a page at a time; the whole file is the JSON export ------------------------


def json_page(client, opening, **query):
    response = client.get(reverse("candidates:opening-ranking-json", args=[opening.pk]), query)
    assert response.status_code == 200
    return response.json()


def full_json(client, opening, **query) -> dict:
    url = reverse("candidates:opening-shortlist-json", args=[opening.pk])
    return json.loads(client.get(url, query).getvalue())


@pytest.mark.parametrize("size", [1, 3, 5, 500])
@pytest.mark.parametrize("query", [{}, {"calibrated": "1", "k": "2"}])
def test_json_pages_join_into_the_full_file_in_its_order(client, manager, seeded, size, query):
    opening = seeded  # 5 ranked, 3 needing more evidence
    client.force_login(manager)
    full = full_json(client, opening, **query)
    pages = [json_page(client, opening, page=1, page_size=size, **query)]
    while pages[-1]["page"] < pages[-1]["pages"]:
        pages.append(json_page(client, opening, page=len(pages) + 1, page_size=size, **query))
    assert len(pages) == -(-8 // size) and {page["total"] for page in pages} == {8}
    for part in ("rows", "needs_more_evidence"):
        assert [row for page in pages for row in page[part]] == full[part]
    header = {
        key: value for key, value in full.items() if key not in {"rows", "needs_more_evidence"}
    }
    assert {key: pages[-1][key] for key in header} == header | {
        "page": len(pages),
        "pages": len(pages),
    }


def test_a_json_page_holds_100_rows_unless_asked_and_never_more_than_500(client, manager):
    opening = OpeningFactory(hiring_managers=[manager])
    people = Candidate.objects.bulk_create(
        Candidate(name=f"C{index}", email=f"c{index}@example.com") for index in range(501)
    )
    Application.objects.bulk_create(Application(opening=opening, candidate=c) for c in people)
    client.force_login(manager)
    assert len(json_page(client, opening)["needs_more_evidence"]) == 100
    for asked in ("501", "100000", "9" * 5000):
        capped = json_page(client, opening, page_size=asked)
        assert (len(capped["needs_more_evidence"]), capped["total"], capped["pages"]) == (
            500,
            501,
            2,
        )
    last = json_page(client, opening, page=2, page_size=500)
    assert last["needs_more_evidence"] == full_json(client, opening)["needs_more_evidence"][500:]
    assert len(last["needs_more_evidence"]) == 1


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"page": "0"}, "The page must be a whole number from 1."),
        ({"page": "-1"}, "The page must be a whole number from 1."),
        ({"page": "abc"}, "The page must be a whole number from 1."),
        ({"page": "1.0"}, "The page must be a whole number from 1."),
        ({"page": "²"}, "The page must be a whole number from 1."),
        ({"page_size": "0"}, "The page size must be a whole number from 1 to 500."),
        ({"page_size": "all"}, "The page size must be a whole number from 1 to 500."),
        ({"page_size": "٣"}, "The page size must be a whole number from 1 to 500."),
        (
            {"page": "5", "page_size": "2"},
            "Page 5 does not exist: the last page is 4 at page size 2.",
        ),
        ({"page": "9" * 5000}, "Page 1000000000000000000 does not exist"),
    ],
)
def test_a_bad_page_of_the_json_is_a_400_that_says_why(client, manager, seeded, query, message):
    client.force_login(manager)
    response = client.get(reverse("candidates:opening-ranking-json", args=[seeded.pk]), query)
    assert response.status_code == 400
    assert message in response.json()["error"]


def test_an_empty_opening_has_one_empty_json_page(client, manager):
    opening = OpeningFactory(hiring_managers=[manager])
    client.force_login(manager)
    page = json_page(client, opening)
    assert (page["total"], page["page"], page["pages"], page["rows"]) == (0, 1, 1, [])
    assert full_json(client, opening)["needs_more_evidence"] == []


@pytest.mark.parametrize(
    ("name", "query"),
    [
        ("candidates:opening-ranking-json", ""),
        ("candidates:opening-ranking-json", "?page=2&page_size=2&calibrated=1"),
        ("candidates:opening-shortlist-json", ""),
        ("candidates:opening-shortlist-csv", ""),
        ("candidates:opening-shortlist-xlsx", ""),
    ],
)
def test_json_and_export_query_counts_are_the_same_at_5_and_50_applications(
    client, manager, name, query
):
    client.force_login(manager)
    counts = []
    for size in (5, 50):
        opening = OpeningFactory(hiring_managers=[manager])
        grow(opening, size)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse(name, args=[opening.pk]) + query)
            assert response.status_code == 200
            response.getvalue()  # a streamed export does its work as it is read
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_a_rubric_admins_exports_leave_the_e_mails_blank_as_the_pages_do(
    client, manager, rubric_admin, seeded
):
    """Rubric admins read every shortlist but no contact details; the exports gave them."""
    emails = {email for _, email, _, _ in SEEDED if email}
    for user, shown in ((manager, True), (rubric_admin, False)):
        client.force_login(user)
        csv_text = export(client, "opening-shortlist-csv", seeded).getvalue().decode("utf-8-sig")
        full = json.loads(export(client, "opening-shortlist-json", seeded).getvalue())
        page = client.get(reverse("candidates:opening-ranking-json", args=[seeded.pk])).json()
        xlsx = export(client, "opening-shortlist-xlsx", seeded).getvalue()
        cells = {
            cell
            for row in load_workbook(io.BytesIO(xlsx)).active.iter_rows(values_only=True)
            for cell in row
        }
        for found in (
            {e for e in emails if e in csv_text},
            {r["email"] for r in full["rows"] + full["needs_more_evidence"]} & emails,
            {r["email"] for r in page["rows"] + page["needs_more_evidence"]} & emails,
            cells & emails,
        ):
            assert found == (emails if shown else set())

"""Exports are safe to open: no cell of the CSV, the Excel sheet or `ranking --format csv`
is read as a formula by a spreadsheet (OWASP's advice on CSV injection)."""

import csv
import io
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from candidates.export import neutralised
from candidates.forms import CandidateForm
from candidates.services.importing import ImportRejected, import_scorecards
from tests.factories import ApplicationFactory, OpeningFactory

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
    raw = client.get(reverse("candidates:opening-shortlist-csv", args=[opening.pk])).content
    assert names_in(list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))) == expected
    xlsx = client.get(reverse("candidates:opening-shortlist-xlsx", args=[opening.pk])).content
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

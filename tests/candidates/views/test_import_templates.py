"""The template files (CSV and Excel, per opening and per rubric) and the Excel upload:
what they hold, in either language, and that each imports back once filled in."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from candidates.models import Recommendation, Score, Scorecard
from candidates.services.importing import COLUMNS
from rubrics.models import Dimension, Rubric
from tests.factories import OpeningFactory

pytestmark = pytest.mark.django_db

PAGE = reverse("candidates:scorecard-import")
CSV_TEMPLATE = reverse("candidates:scorecard-import-template")
XLSX_TEMPLATE = reverse("candidates:scorecard-import-template-xlsx")
CHINESE = {"HTTP_ACCEPT_LANGUAGE": "zh-Hans"}
ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en"}


def key_accounts() -> Rubric:
    rubric = Rubric.objects.create(name="Key accounts", scale_min=1, scale_max=4)
    Dimension.objects.create(
        rubric=rubric, code="negotiation", name_en="Negotiation", name_zh_hans="谈判", weight=60
    )
    Dimension.objects.create(
        rubric=rubric, code="retention", name_en="Client retention", name_zh_hans="客户留存",
        weight=40,
    )  # fmt: skip
    return rubric


def read_csv(content: bytes) -> list[list[str]]:
    assert content.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def filled_csv(content: bytes, **values: str) -> bytes:
    """The CSV template with every row filled in, as Excel saves "CSV UTF-8"."""
    header, *rows = read_csv(content)
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(header)
    for number, cells in enumerate(rows):
        filled = dict(zip(header, cells, strict=True)) | values
        filled.setdefault("score", "")
        filled["score"] = filled["score"] or str(2 + number % 2)  # 2, 3: no evidence needed
        writer.writerow([filled[name] for name in header])
    return out.getvalue().encode("utf-8-sig")


def filled_xlsx(content: bytes, **values) -> bytes:
    """The Excel template with every row of its first sheet filled in, saved again."""
    book = load_workbook(io.BytesIO(content))
    sheet = book.worksheets[0]
    header = [cell.value for cell in sheet[1]]
    for number, row in enumerate(sheet.iter_rows(min_row=2), 0):
        for name, value in values.items():
            row[header.index(name)].value = value
        row[header.index("score")].value = 2 + number % 2  # a number, as Excel holds it
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def upload(client, content: bytes, name: str):
    return client.post(PAGE, {"file": SimpleUploadedFile(name, content)})


FILL = {"candidate": "张伟", "interviewer": "王芳", "round": "初试"}
FORMATS = [
    (CSV_TEMPLATE, filled_csv, "cards.csv"),
    (XLSX_TEMPLATE, filled_xlsx, "cards.xlsx"),
]


@pytest.mark.parametrize(("url", "fill", "name"), FORMATS, ids=["csv", "xlsx"])
@pytest.mark.parametrize("language", [ENGLISH, CHINESE], ids=["en", "zh"])
def test_rubric_template_imports_back_for_an_opening_on_that_rubric(
    persona_client, url, fill, name, language
):
    rubric = key_accounts()
    opening = OpeningFactory(title="大客户经理（北京）", rubric=rubric)
    client = persona_client("hr")
    response = client.get(url, {"rubric": rubric.pk}, **language)
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith(f'template.{name.split(".")[1]}"')
    content = fill(response.content, opening=opening.title, **FILL)
    assert upload(client, content, name).status_code == 302
    scores = Score.objects.filter(scorecard__interview__application__opening=opening)
    assert dict(scores.values_list("dimension__code", "value")) == {
        "negotiation": 2,
        "retention": 3,
    }


@pytest.mark.parametrize(("url", "fill", "name"), FORMATS, ids=["csv", "xlsx"])
@pytest.mark.parametrize("language", [ENGLISH, CHINESE], ids=["en", "zh"])
def test_opening_template_imports_back_once_filled_in(persona_client, url, fill, name, language):
    opening = OpeningFactory(title="客户经理（上海）")
    client = persona_client("hr")
    response = client.get(url, {"opening": opening.pk}, **language)
    assert response.status_code == 200
    assert upload(client, fill(response.content, **FILL), name).status_code == 302
    scorecard = Scorecard.objects.get(interview__application__opening=opening)
    codes = set(opening.rubric.dimensions.values_list("code", flat=True))
    assert set(scorecard.scores.values_list("dimension__code", flat=True)) == codes


@pytest.mark.parametrize(("url", "fill", "name"), FORMATS, ids=["csv", "xlsx"])
@pytest.mark.parametrize("params", ["opening", "rubric", "new"])
def test_template_uploaded_as_downloaded_is_refused(persona_client, url, fill, name, params):
    rubric = key_accounts()
    opening = OpeningFactory(rubric=rubric)
    query = {"opening": {"opening": opening.pk}, "rubric": {"rubric": rubric.pk}, "new": {}}
    client = persona_client("hr")
    response = upload(client, client.get(url, query[params]).content, name)
    assert response.status_code == 400
    assert response.context["errors"]
    assert all(error.message.startswith("line ") for error in response.context["errors"])
    assert not Scorecard.objects.exists()


def test_rubric_csv_template_has_the_columns_and_a_blank_opening(persona_client):
    rubric = key_accounts()
    OpeningFactory(rubric=rubric)
    response = persona_client("hr").get(CSV_TEMPLATE, {"rubric": rubric.pk})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    header, *rows = read_csv(response.content)
    assert header == list(COLUMNS)
    at = {name: COLUMNS.index(name) for name in ("opening", "dimension")}
    assert [(r[at["opening"]], r[at["dimension"]]) for r in rows] == [
        ("", "negotiation"),
        ("", "retention"),
    ]


def dimensions_sheet(client, language, **params) -> list[tuple]:
    response = client.get(XLSX_TEMPLATE, params, **language)
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[1]
    return list(sheet.iter_rows(values_only=True))


def test_excel_template_names_the_dimensions_in_the_users_language(persona_client):
    rubric = key_accounts()
    OpeningFactory(rubric=rubric)
    client = persona_client("hr")
    chinese = dimensions_sheet(client, CHINESE, rubric=rubric.pk)
    english = dimensions_sheet(client, ENGLISH, rubric=rubric.pk)
    assert chinese[1:] == [("negotiation", "谈判", "1–4"), ("retention", "客户留存", "1–4")]
    assert english[1:] == [
        ("negotiation", "Negotiation", "1–4"),
        ("retention", "Client retention", "1–4"),
    ]
    default = dimensions_sheet(client, CHINESE)
    assert ("experience", "经验和技能", "1–5") in default


def test_excel_template_header_is_bold_and_frozen_and_values_are_checked(persona_client):
    rubric = key_accounts()
    opening = OpeningFactory(title="大客户经理（北京）", rubric=rubric)
    response = persona_client("hr").get(XLSX_TEMPLATE, {"opening": opening.pk})
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == list(COLUMNS)
    assert [(r[0], r[COLUMNS.index("dimension")]) for r in rows[1:]] == [
        ("大客户经理（北京）", "negotiation"),
        ("大客户经理（北京）", "retention"),
    ]
    assert all(cell.font.bold for cell in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["A"].width >= len("大客户经理（北京）") * 2
    checks = {
        str(validation.sqref).split(":")[0][0]: validation
        for validation in sheet.data_validations.dataValidation
    }
    score = checks["G"]
    assert (score.type, score.formula1, score.formula2, score.allow_blank) == (
        "whole",
        "1",
        "4",
        True,
    )
    assert checks["I"].type == "list"
    assert checks["I"].formula1 == '"' + ",".join(Recommendation.values) + '"'
    assert checks["F"].type == "list" and "$A$2:$A$3" in checks["F"].formula1


def test_template_for_an_opening_and_a_rubric_at_once_is_a_400(persona_client):
    rubric = key_accounts()
    opening = OpeningFactory(rubric=rubric)
    response = persona_client("hr").get(XLSX_TEMPLATE, {"opening": opening.pk, "rubric": rubric.pk})
    assert response.status_code == 400
    assert response.context["template_form"].errors["rubric"]


@pytest.mark.parametrize("value", ["abc", "99999999999999999999", "0"])
def test_template_for_an_unknown_rubric_is_a_400_with_the_page(persona_client, value):
    response = persona_client("hr").get(CSV_TEMPLATE, {"rubric": value})
    assert response.status_code == 400
    assert response.context["template_form"].errors["rubric"]


def test_template_for_a_rubric_no_open_opening_uses_is_refused(persona_client):
    unused = key_accounts()
    response = persona_client("hr").get(XLSX_TEMPLATE, {"rubric": unused.pk})
    assert response.status_code == 400


def test_page_links_both_templates_of_each_rubric(persona_client):
    rubric = key_accounts()
    OpeningFactory(rubric=rubric)
    page = persona_client("hr").get(PAGE).content.decode()
    for each in (Rubric.objects.get(is_default=True), rubric):
        assert f'href="{CSV_TEMPLATE}?rubric={each.pk}"' in page
        assert f'href="{XLSX_TEMPLATE}?rubric={each.pk}"' in page
    assert f'formaction="{XLSX_TEMPLATE}"' in page


def test_an_xlsx_upload_is_imported_from_the_page(persona_client):
    book = Workbook()
    book.active.append(["opening", "candidate", "interviewer", "round", "dimension", "score"])
    book.active.append(["Account manager (Wuhan)", "Li Na", "Wang Fang", "First", "crm", 3])
    out = io.BytesIO()
    book.save(out)
    response = upload(persona_client("hr"), out.getvalue(), "Cards.XLSX")
    assert response.status_code == 302
    assert Score.objects.get().value == 3


def test_a_bad_xlsx_upload_lists_its_rows_on_the_page(persona_client):
    book = Workbook()
    book.active.append(["opening", "candidate", "interviewer", "round", "dimension", "score"])
    book.active.append(["Account manager (Wuhan)", "Li Na", "Wang Fang", "First", "crm", 3])
    book.active.append(["Account manager (Wuhan)", "Li Na", "Wang Fang", "First", "crm", 4])
    out = io.BytesIO()
    book.save(out)
    response = upload(persona_client("hr"), out.getvalue(), "cards.xlsx")
    assert response.status_code == 400
    [error] = response.context["errors"]
    assert error.line == 3 and "first on line 2" in error.message


@pytest.mark.parametrize(
    ("name", "content", "fragment"),
    [
        ("cards.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512, "Old Excel files"),
        ("cards.txt", b"opening\n", "Upload a .csv or .xlsx file."),
    ],
)
def test_a_file_of_another_kind_is_refused_next_to_the_field(
    persona_client, name, content, fragment
):
    response = upload(persona_client("hr"), content, name)
    assert response.status_code == 400
    assert any(fragment in message for message in response.context["form"].errors["file"])


def test_a_corrupt_xlsx_upload_is_a_message_not_a_server_error(persona_client):
    response = upload(persona_client("hr"), b"PK\x03\x04 broken", "cards.xlsx")
    assert response.status_code == 400
    [error] = response.context["errors"]
    assert "not a readable Excel workbook" in error.message


def test_a_rubric_problem_is_shown_on_the_page(persona_client):
    rubric = key_accounts()
    opening = OpeningFactory(rubric=rubric)
    response = persona_client("hr").get(CSV_TEMPLATE, {"opening": opening.pk, "rubric": rubric.pk})
    assert "Rubric: Choose an opening or a rubric, not both." in response.content.decode()


def test_the_opening_form_does_not_carry_a_bad_rubric_along(persona_client):
    response = persona_client("hr").get(XLSX_TEMPLATE, {"rubric": "abc"})
    assert response.status_code == 400
    assert 'name="rubric"' not in response.content.decode()
    assert 'name="opening"' in response.content.decode()


def test_an_xlsx_upload_is_held_to_the_upload_size_limit(persona_client, settings):
    book = Workbook()
    book.active.append(["opening", "candidate", "interviewer", "round", "dimension", "score"])
    out = io.BytesIO()
    book.save(out)
    settings.MAX_UPLOAD_BYTES = len(out.getvalue()) - 1
    response = upload(persona_client("hr"), out.getvalue(), "cards.xlsx")
    assert response.status_code == 400
    assert response.context["form"].errors["file"] == ["The file is larger than 5 MB."]

"""The import page: the columns and dimension codes it lists, the template file it offers."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from candidates.models import Opening, OpeningStatus, Score, Scorecard
from candidates.services.importing import COLUMNS, REQUIRED_COLUMNS
from candidates.services.plans import start_plan_from_rubric
from rubrics.models import Dimension, Rubric
from tests.factories import OpeningFactory

pytestmark = pytest.mark.django_db

PAGE = reverse("candidates:scorecard-import")
TEMPLATE = reverse("candidates:scorecard-import-template")


def other_rubric() -> Rubric:
    rubric = Rubric.objects.create(name="Key accounts", scale_min=1, scale_max=4)
    Dimension.objects.create(rubric=rubric, code="negotiation", name="Negotiation", weight=60)
    Dimension.objects.create(rubric=rubric, code="retention", name="Client retention", weight=40)
    return rubric


def download(client, **params) -> list[dict[str, str]]:
    response = client.get(TEMPLATE, params)
    assert response.status_code == 200
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def filled_in(rows: list[dict[str, str]], **values: str) -> bytes:
    """The template as a clerk saves it from Excel ("CSV UTF-8"): a BOM, every row filled."""
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=COLUMNS)
    writer.writeheader()
    for number, template_row in enumerate(rows):
        score = values.get("score", str(2 + number % 2))  # 2 and 3: no evidence needed
        writer.writerow(template_row | values | {"score": score})
    return out.getvalue().encode("utf-8-sig")


def upload(client, content: bytes):
    return client.post(PAGE, {"file": SimpleUploadedFile("cards.csv", content)})


def test_page_lists_the_codes_names_and_scale_of_each_open_openings_rubric(persona_client):
    OpeningFactory(title="Account manager (Shanghai)")
    OpeningFactory(title="Key account lead", rubric=other_rubric())
    OpeningFactory(title="Closed one", rubric=Rubric.objects.create(name="Old"), status="closed")
    page = persona_client("hr").get(PAGE).content.decode()
    for dimension in Rubric.objects.get(is_default=True).dimensions.all():
        assert f"<td><code>{dimension.code}</code></td><td>{dimension.name}</td>" in page
    assert "<td><code>negotiation</code></td><td>Negotiation</td>" in page
    assert "scores 1–5" in page and "scores 1–4" in page
    assert "Account manager (Shanghai)" in page and "Key account lead" in page
    assert "Closed one" not in page and ">Old " not in page


def test_page_names_the_dimensions_and_rounds_in_chinese(persona_client):
    opening = OpeningFactory(title="客户经理（上海）")
    start_plan_from_rubric(opening=opening)
    page = persona_client("hr").get(PAGE, HTTP_ACCEPT_LANGUAGE="zh-Hans").content.decode()
    assert "<td><code>experience</code></td><td>经验和技能</td>" in page
    assert "、".join(opening.rounds.values_list("name_zh_hans", flat=True)) in page


def test_page_lists_every_column_the_import_reads(persona_client):
    page = persona_client("hr").get(PAGE).content.decode()
    for name in COLUMNS:
        optional = "" if name in REQUIRED_COLUMNS else " (optional)"
        assert f"<li><code>{name}</code>{optional}</li>" in page


def test_template_for_an_opening_has_a_row_per_dimension_and_a_bom_for_excel(persona_client):
    opening = OpeningFactory(title="客户经理（上海）")
    response = persona_client("hr").get(TEMPLATE, {"opening": opening.pk})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response.content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == list(COLUMNS)
    codes = list(opening.rubric.dimensions.values_list("code", flat=True))
    assert [(r[COLUMNS.index("opening")], r[COLUMNS.index("dimension")]) for r in rows[1:]] == [
        ("客户经理（上海）", code) for code in codes
    ]


def test_template_filled_in_with_valid_values_is_imported(persona_client):
    opening = OpeningFactory(title="客户经理（上海）", rubric=other_rubric())
    client = persona_client("hr")
    rows = download(client, opening=opening.pk)
    content = filled_in(rows, candidate="张伟", interviewer="王芳", round="初试")
    response = upload(client, content)
    assert response.status_code == 302
    scorecard = Scorecard.objects.get(interview__application__opening=opening)
    assert scorecard.interview.application.candidate.name == "张伟"
    scores = Score.objects.filter(scorecard=scorecard).values_list("dimension__code", "value")
    assert dict(scores) == {"negotiation": 2, "retention": 3}


def test_template_for_a_plan_takes_a_round_of_the_plan(persona_client):
    opening = OpeningFactory()
    first_round = start_plan_from_rubric(opening=opening)[0]
    client = persona_client("hr")
    rows = download(client, opening=opening.pk)
    content = filled_in(rows, candidate="Li Na", interviewer="Wang Fang", round=first_round.name)
    assert upload(client, content).status_code == 302
    assert Scorecard.objects.get().interview.round == first_round


def test_template_for_a_new_opening_is_on_the_default_rubric(persona_client):
    client = persona_client("hr")
    rows = download(client)
    default_codes = Rubric.objects.get(is_default=True).dimensions.values_list("code", flat=True)
    assert [row["dimension"] for row in rows] == list(default_codes)
    assert {row["opening"] for row in rows} == {""}
    content = filled_in(
        rows, opening="Account manager (Wuhan)", candidate="Li Na", interviewer="Wang Fang",
        round="First interview",
    )  # fmt: skip
    assert upload(client, content).status_code == 302
    assert Opening.objects.get(title="Account manager (Wuhan)").rubric.is_default


def test_template_uploaded_as_downloaded_saves_nothing(persona_client):
    opening = OpeningFactory()
    client = persona_client("hr")
    response = client.get(TEMPLATE, {"opening": opening.pk})
    assert upload(client, response.content).status_code == 400
    assert not Scorecard.objects.exists()


def test_template_is_offered_for_the_opening_the_import_would_take(persona_client):
    """Two open openings share a title: the import takes the newer, and so does the list."""
    older = OpeningFactory(title="Account manager")
    newer = OpeningFactory(title="Account manager")
    OpeningFactory(title="Closed", status=OpeningStatus.CLOSED)
    form = persona_client("hr").get(PAGE).context["template_form"]
    assert list(form.fields["opening"].queryset) == [newer]
    assert older.pk != newer.pk


@pytest.mark.parametrize("value", ["abc", "99999999999999999999", "0"])
def test_template_for_an_unknown_opening_is_a_400_with_the_page(persona_client, value):
    response = persona_client("hr").get(TEMPLATE, {"opening": value})
    assert response.status_code == 400
    assert response.context["template_form"].errors["opening"]


@pytest.mark.parametrize("openings", [1, 20])
def test_page_reads_in_a_fixed_number_of_queries(
    persona_client, django_assert_max_num_queries, openings
):
    for _ in range(openings):
        start_plan_from_rubric(opening=OpeningFactory())
        OpeningFactory(rubric=other_rubric())
    client = persona_client("hr")
    with django_assert_max_num_queries(12):
        assert client.get(PAGE).status_code == 200

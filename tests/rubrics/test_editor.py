"""The rubric editor in the app: dimensions, criteria and anchors, frozen once in use."""

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse
from django.utils import translation

from rubrics.models import Criterion, Dimension, Rubric, ScaleAnchor
from rubrics.services.content import RubricInUse, update_dimension
from tests.conftest import logged_in
from tests.factories import InterviewFactory, OpeningFactory, submitted_scorecard

pytestmark = pytest.mark.django_db


@pytest.fixture
def rubric():
    return Rubric.objects.get(is_default=True)


@pytest.fixture
def dimension(rubric):
    return rubric.dimensions.get(code="experience")


@pytest.fixture
def editor(rubric_admin):
    return logged_in(rubric_admin)


def put_in_use(rubric):
    interview = InterviewFactory(application__opening=OpeningFactory(rubric=rubric))
    submitted_scorecard(interview, {"experience": 4})
    assert rubric.is_in_use


def dimension_data(**changes):
    data = {
        "name_en": "Relevant experience",
        "name_zh_hans": "相关经验",
        "guidance_en": "Years with comparable accounts.",
        "guidance_zh_hans": "负责类似客户的年限。",
    }
    return {**data, **changes}


def criterion_data(**changes):
    data = {
        "name_en": "Renewals",
        "name_zh_hans": "续约",
        "guidance_en": "Kept accounts renewing.",
        "guidance_zh_hans": "保持客户续约。",
        "assessed_by_en": "Record review",
        "assessed_by_zh_hans": "履历审查",
    }
    return {**data, **changes}


def test_editing_a_dimension_saves_both_languages_and_records_who(editor, rubric, dimension):
    url = reverse("rubrics:dimension-edit", args=[rubric.pk, dimension.pk])
    response = editor.post(url, dimension_data())
    assert response.status_code == 302
    dimension.refresh_from_db()
    assert (dimension.name_en, dimension.name_zh_hans) == ("Relevant experience", "相关经验")
    assert dimension.guidance_zh_hans == "负责类似客户的年限。"
    entry = LogEntry.objects.get(object_id=str(rubric.pk))
    assert entry.user.username == "rubric_admin"
    assert "name [zh-hans]" in entry.get_change_message()
    page = editor.get(reverse("rubrics:rubric-detail", args=[rubric.pk])).content.decode()
    assert "content-history" in page and "rubric_admin" in page


def test_a_blank_name_stays_on_the_form_with_what_was_typed(editor, rubric, dimension):
    url = reverse("rubrics:dimension-edit", args=[rubric.pk, dimension.pk])
    response = editor.post(url, dimension_data(name_zh_hans="", guidance_en="Typed text"))
    assert response.status_code == 200
    assert response.context["form"].errors["name_zh_hans"]
    assert "Typed text" in response.content.decode()
    dimension.refresh_from_db()
    assert dimension.guidance_en != "Typed text"
    assert not LogEntry.objects.exists()


def test_saving_unchanged_texts_records_nothing(rubric_admin, dimension):
    values = {f: getattr(dimension, f) for f in dimension_data()}
    assert update_dimension(dimension=dimension, by=rubric_admin, values=values) == []
    assert not LogEntry.objects.exists()


def test_a_new_dimension_starts_at_zero_points_and_sends_to_the_weight_editor(editor, rubric):
    url = reverse("rubrics:dimension-add", args=[rubric.pk])
    response = editor.post(url, dimension_data(code="client_care"))
    assert response.url == reverse("rubrics:weights-edit", args=[rubric.pk])
    added = rubric.dimensions.get(code="client_care")
    assert added.weight == 0 and added.gate is None
    assert added.order > rubric.dimensions.exclude(pk=added.pk).latest("order").order - 1


def test_a_dimension_code_is_unique_in_the_rubric(editor, rubric):
    url = reverse("rubrics:dimension-add", args=[rubric.pk])
    response = editor.post(url, dimension_data(code="experience"))
    assert response.status_code == 200
    assert response.context["form"].errors["code"]
    assert rubric.dimensions.filter(code="experience").count() == 1


def test_a_dimension_with_draft_scores_is_not_removed(editor, rubric, dimension):
    from tests.factories import ScorecardFactory

    interview = InterviewFactory(application__opening=OpeningFactory(rubric=rubric))
    scorecard = ScorecardFactory(interview=interview)
    scorecard.scores.create(dimension=dimension, value=3)
    url = reverse("rubrics:dimension-remove", args=[rubric.pk, dimension.pk])
    response = editor.post(url)
    assert response.status_code == 200
    assert "cannot be removed" in response.content.decode()
    assert Dimension.objects.filter(pk=dimension.pk).exists()


def test_a_dimension_nothing_is_scored_on_is_removed(editor, rubric, dimension):
    editor.post(reverse("rubrics:dimension-remove", args=[rubric.pk, dimension.pk]))
    assert not Dimension.objects.filter(pk=dimension.pk).exists()
    assert LogEntry.objects.get().is_deletion()


def test_adding_editing_and_removing_a_criterion(editor, rubric, dimension):
    add = reverse("rubrics:criterion-add", args=[rubric.pk, dimension.pk])
    assert editor.post(add, criterion_data()).status_code == 302
    criterion = dimension.criteria.get(name_en="Renewals")
    assert (criterion.name_zh_hans, criterion.assessed_by_zh_hans) == ("续约", "履历审查")
    edit = reverse("rubrics:criterion-edit", args=[rubric.pk, criterion.pk])
    editor.post(edit, criterion_data(guidance_zh_hans="连续三年续约。"))
    criterion.refresh_from_db()
    assert criterion.guidance_zh_hans == "连续三年续约。"
    editor.post(reverse("rubrics:criterion-remove", args=[rubric.pk, criterion.pk]))
    assert not Criterion.objects.filter(pk=criterion.pk).exists()
    assert LogEntry.objects.filter(object_id=str(rubric.pk)).count() == 3


def anchors_data(rubric, **changes):
    data = {}
    for level in range(rubric.scale_min, rubric.scale_max + 1):
        data[f"description_en_{level}"] = f"Level {level} in English"
        data[f"description_zh_hans_{level}"] = f"第{level}级"
    return {**data, **changes}


def test_editing_anchors_sets_every_level_in_both_languages(editor, rubric, dimension):
    url = reverse("rubrics:anchors-edit", args=[rubric.pk, dimension.pk])
    assert editor.post(url, anchors_data(rubric)).status_code == 302
    anchors = {a.level: a for a in dimension.anchors.all()}
    assert sorted(anchors) == list(range(rubric.scale_min, rubric.scale_max + 1))
    assert anchors[rubric.scale_max].description_zh_hans == f"第{rubric.scale_max}级"
    assert anchors[rubric.scale_min].description_en == f"Level {rubric.scale_min} in English"


def test_an_anchor_too_long_is_refused_next_to_its_field(editor, rubric, dimension):
    url = reverse("rubrics:anchors-edit", args=[rubric.pk, dimension.pk])
    before = list(dimension.anchors.values_list("description_en", flat=True))
    response = editor.post(url, anchors_data(rubric, description_en_1="x" * 5000))
    assert response.status_code == 200
    assert response.context["form"].errors["description_en_1"]
    assert list(dimension.anchors.values_list("description_en", flat=True)) == before


FROZEN_PAGES = [
    ("rubrics:dimension-edit", dimension_data()),
    ("rubrics:anchors-edit", None),
    ("rubrics:criterion-add", criterion_data()),
    ("rubrics:dimension-remove", {}),
]


@pytest.mark.parametrize(("name", "data"), FROZEN_PAGES, ids=[p[0] for p in FROZEN_PAGES])
def test_a_rubric_in_use_refuses_edits_and_offers_a_new_version(
    editor, rubric, dimension, name, data
):
    put_in_use(rubric)
    url = reverse(name, args=[rubric.pk, dimension.pk])
    page = editor.get(url)
    assert page.status_code == 200
    assert reverse("rubrics:rubric-new-version", args=[rubric.pk]) in page.content.decode()
    assert "form" not in page.context
    snapshot = (
        list(Dimension.objects.filter(rubric=rubric).values()),
        list(Criterion.objects.filter(dimension__rubric=rubric).values()),
        list(ScaleAnchor.objects.filter(dimension__rubric=rubric).values()),
    )
    response = editor.post(url, data if data is not None else anchors_data(rubric))
    assert response.status_code == 409
    assert "in use" in response.content.decode()
    assert snapshot == (
        list(Dimension.objects.filter(rubric=rubric).values()),
        list(Criterion.objects.filter(dimension__rubric=rubric).values()),
        list(ScaleAnchor.objects.filter(dimension__rubric=rubric).values()),
    )
    assert not LogEntry.objects.exists()


def test_a_criterion_of_a_rubric_in_use_is_refused(editor, rubric, dimension):
    criterion = dimension.criteria.first()
    put_in_use(rubric)
    url = reverse("rubrics:criterion-edit", args=[rubric.pk, criterion.pk])
    assert editor.post(url, criterion_data()).status_code == 409
    criterion.refresh_from_db()
    assert criterion.name_en != "Renewals"


def test_the_service_refuses_a_rubric_in_use(rubric_admin, rubric, dimension):
    put_in_use(rubric)
    with pytest.raises(RubricInUse):
        update_dimension(dimension=dimension, by=rubric_admin, values=dimension_data())
    dimension.refresh_from_db()
    assert dimension.name_en != "Relevant experience"


@pytest.mark.parametrize("role", ["hr", "manager", "interviewer"])
def test_only_rubric_admins_edit_content(persona_client, rubric, dimension, role):
    url = reverse("rubrics:dimension-edit", args=[rubric.pk, dimension.pk])
    assert persona_client(role).post(url, dimension_data()).status_code == 403
    dimension.refresh_from_db()
    assert dimension.name_en != "Relevant experience"


def test_a_dimension_of_another_rubric_is_not_found(editor, rubric):
    other = Rubric.objects.exclude(pk=rubric.pk).first()
    foreign = other.dimensions.first()
    url = reverse("rubrics:dimension-edit", args=[rubric.pk, foreign.pk])
    assert editor.get(url).status_code == 404


def test_every_editor_page_opens_in_chinese(editor, rubric, dimension, settings):
    editor.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    criterion = dimension.criteria.first()
    question = criterion.questions.first()
    urls = [
        reverse("rubrics:rubric-detail", args=[rubric.pk]),
        reverse("rubrics:dimension-add", args=[rubric.pk]),
        reverse("rubrics:dimension-edit", args=[rubric.pk, dimension.pk]),
        reverse("rubrics:anchors-edit", args=[rubric.pk, dimension.pk]),
        reverse("rubrics:criterion-add", args=[rubric.pk, dimension.pk]),
        reverse("rubrics:criterion-edit", args=[rubric.pk, criterion.pk]),
        reverse("rubrics:criterion-remove", args=[rubric.pk, criterion.pk]),
        reverse("rubrics:question-bank", args=[rubric.pk, criterion.pk]),
        reverse("rubrics:question-add", args=[rubric.pk, criterion.pk]),
        reverse("rubrics:question-edit", args=[rubric.pk, criterion.pk, question.pk]),
    ]
    # The locale middleware activates the language for the thread: restore it afterwards.
    with translation.override("en"):
        for url in urls:
            response = editor.get(url)
            assert response.status_code == 200, url
            assert '<html lang="zh-hans"' in response.content.decode(), url

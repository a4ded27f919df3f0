"""The Django admin of rubrics: a constraint clash or a too long text next to its field."""

import pytest
from django.urls import reverse

from rubrics.models import MAX_TEXT, Dimension, Rubric
from tests.conftest import logged_in

pytestmark = pytest.mark.django_db


def test_a_dimension_code_taken_in_the_rubric_is_refused_next_to_the_code(rubric_admin):
    draft = Rubric.objects.create(name="Draft")
    Dimension.objects.create(rubric=draft, code="crm", name="CRM", weight=0)
    client = logged_in(rubric_admin)
    url = reverse("admin:rubrics_dimension_add")
    data = {"rubric": draft.pk, "code": "crm", "name_en": "CRM again", "weight": "0", "order": "0"}
    for inline in client.get(url).context["inline_admin_formsets"]:
        form = inline.formset.management_form
        data.update({form.add_prefix(name): value for name, value in form.initial.items()})
    response = client.post(url, data)
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert form.errors == {"code": ["This rubric already has a dimension with this code."]}
    assert draft.dimensions.count() == 1


def post_rubric(user, **texts):
    """The admin's add-rubric page as a person fills it in, with `texts` typed."""
    client = logged_in(user)
    url = reverse("admin:rubrics_rubric_add")
    page = client.get(url)
    data = {"name_en": "Long texts", "name_zh_hans": "长文本", "scale_min": "1", "scale_max": "5"}
    data |= {"min_coverage": "0.80", "min_scorecards": "2", **texts}
    for inline in page.context["inline_admin_formsets"]:
        form = inline.formset.management_form
        data.update({form.add_prefix(name): value for name, value in form.initial.items()})
    return client.post(url, data)


@pytest.mark.parametrize("field", ["description_en", "description_zh_hans"])
def test_a_description_past_max_text_is_refused_next_to_it_in_either_language(rubric_admin, field):
    response = post_rubric(rubric_admin, **{field: "长" * 5000})
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert form.errors == {field: ["Ensure this value has at most 4000 characters (it has 5000)."]}
    page = response.content.decode()
    assert f"form-row errors field-{field}" in page and "长" * 5000 in page
    assert not Rubric.objects.filter(name_en="Long texts").exists()


def test_descriptions_of_max_text_characters_are_saved(rubric_admin):
    text = "长" * MAX_TEXT
    response = post_rubric(rubric_admin, description_en=text, description_zh_hans=text)
    assert response.status_code == 302
    rubric = Rubric.objects.get(name_en="Long texts")
    assert (rubric.description_en, rubric.description_zh_hans) == (text, text)

"""Database constraints on rubrics hold even when Python checks are bypassed."""

from decimal import Decimal

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction

from rubrics.models import MAX_TEXT, Dimension, Rubric, ScaleAnchor, TextLengthValidator

pytestmark = pytest.mark.django_db


def assert_refused(create) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        create()


def test_dimension_code_is_unique_per_rubric(default_rubric):
    assert_refused(
        lambda: Dimension.objects.create(rubric=default_rubric, code="crm", name="x", weight=1)
    )


def test_same_code_is_allowed_in_another_rubric():
    other = Rubric.objects.create(name="Other")
    Dimension.objects.create(rubric=other, code="crm", name="CRM", weight=1)


def test_negative_weight_is_refused(default_rubric):
    assert_refused(
        lambda: Dimension.objects.create(rubric=default_rubric, code="x", name="x", weight=-1)
    )


@pytest.mark.parametrize("gate", [Decimal("0.50"), Decimal("5.50")])
def test_gate_outside_the_scale_is_refused(default_rubric, gate):
    assert_refused(
        lambda: Dimension.objects.create(
            rubric=default_rubric, code="x", name="x", weight=1, gate=gate
        )
    )


def test_gate_outside_a_narrower_rubric_scale_fails_validation():
    rubric = Rubric.objects.create(name="Four point", scale_min=1, scale_max=4)
    dimension = Dimension(rubric=rubric, code="x", name="x", weight=1, gate=Decimal("4.5"))
    with pytest.raises(ValidationError) as error:
        dimension.full_clean()
    assert "gate" in error.value.message_dict


def test_anchor_level_is_unique_per_dimension(default_rubric):
    dimension = default_rubric.dimensions.first()
    assert_refused(
        lambda: ScaleAnchor.objects.create(dimension=dimension, level=3, description="x")
    )


def test_second_default_rubric_is_refused():
    assert_refused(lambda: Rubric.objects.create(name="Another", is_default=True))


def test_scale_must_run_upwards():
    assert_refused(lambda: Rubric.objects.create(name="Backwards", scale_min=4, scale_max=2))


def capped(app_label: str) -> dict[str, bool]:
    """Each TextField of the app: does it refuse more than MAX_TEXT characters?"""
    found = {}
    for model in apps.get_app_config(app_label).get_models():
        for field in model._meta.get_fields():
            if isinstance(field, models.TextField):
                found[f"{model.__name__}.{field.name}"] = any(
                    isinstance(v, TextLengthValidator) and v.limit_value == MAX_TEXT
                    for v in field.validators
                )
    return found


def test_every_text_field_and_its_translations_is_capped_at_max_text():
    found = capped("rubrics")
    assert {"Rubric.description_zh_hans", "ScaleAnchor.description_en"} <= set(found)
    assert [name for name, ok in found.items() if not ok] == []


@pytest.mark.parametrize("field", ["description_en", "description_zh_hans"])
def test_a_too_long_description_is_refused_in_either_language(field):
    rubric = Rubric(name="Draft", **{field: "长" * (MAX_TEXT + 1)})
    with pytest.raises(ValidationError) as refused:
        rubric.full_clean()
    assert refused.value.message_dict[field] == [
        "Ensure this value has at most 4000 characters (it has 4001)."
    ]
    Rubric(name="Draft", **{field: "长" * MAX_TEXT}).full_clean()

"""The rubrics seeded by the data migration match the seed documents."""

import pytest

from rubrics.models import Rubric
from tests.factories import DEFAULT_CODES

CODES = DEFAULT_CODES
TRANSLATED = {
    "dimension": ["name", "guidance"],
    "criterion": ["name", "guidance", "assessed_by"],
    "anchor": ["description"],
}

pytestmark = pytest.mark.django_db


def test_default_rubric_has_the_ten_dimensions_in_document_order(default_rubric):
    assert default_rubric.name_en == "Account manager"
    assert default_rubric.name_zh_hans == "客户经理"
    assert list(default_rubric.dimensions.values_list("code", flat=True)) == CODES


@pytest.mark.parametrize("name", ["Account manager", "Key account manager"])
def test_every_dimension_has_two_criteria_and_five_anchors(name):
    rubric = Rubric.objects.with_dimensions().get(name_en=name)
    for dimension in rubric.dimensions.all():
        assert dimension.criteria.count() == 2, dimension.code
        assert sorted(a.level for a in dimension.anchors.all()) == [1, 2, 3, 4, 5]


@pytest.mark.parametrize("name", ["Account manager", "Key account manager"])
def test_weights_sum_to_one_hundred(name):
    rubric = Rubric.objects.get(name_en=name)
    assert sum(d.weight for d in rubric.dimensions.all()) == 100


def test_experience_weighs_most_and_customer_orientation_second(default_rubric):
    weights = {d.code: d.weight for d in default_rubric.dimensions.all()}
    ordered = sorted(weights, key=weights.get, reverse=True)
    assert ordered[:2] == ["experience", "customer_orientation"]
    assert weights["experience"] > weights["customer_orientation"] > weights["culture_fit"]
    others = {weights[code] for code in CODES if code not in ("experience", "customer_orientation")}
    assert len(others) == 1


def test_key_account_rubric_leans_on_leadership_customers_and_results(default_rubric):
    key = {
        d.code: d.weight for d in Rubric.objects.get(name_en="Key account manager").dimensions.all()
    }
    base = {d.code: d.weight for d in default_rubric.dimensions.all()}
    for code in ("leadership", "customer_orientation", "performance_history"):
        assert key[code] / sum(key.values()) >= base[code] / sum(base.values())
    assert key["leadership"] > base["leadership"]
    assert key["performance_history"] > base["performance_history"]


def test_only_one_rubric_is_the_default():
    assert Rubric.objects.filter(is_default=True).count() == 1


@pytest.mark.parametrize("name", ["Account manager", "Key account manager"])
def test_every_text_is_filled_in_both_languages(name):
    rubric = Rubric.objects.with_dimensions().get(name_en=name)
    for dimension in rubric.dimensions.all():
        objects = [("dimension", dimension)]
        objects += [("criterion", c) for c in dimension.criteria.all()]
        objects += [("anchor", a) for a in dimension.anchors.all()]
        for kind, obj in objects:
            for field in TRANSLATED[kind]:
                for language in ("en", "zh_hans"):
                    value = getattr(obj, f"{field}_{language}")
                    assert value and value.strip(), (dimension.code, kind, field, language)
            # Chinese text really is Chinese, not a copy of the English.
            zh = getattr(obj, f"{TRANSLATED[kind][0]}_zh_hans")
            assert any("\u4e00" <= ch <= "\u9fff" for ch in zh), (dimension.code, kind)

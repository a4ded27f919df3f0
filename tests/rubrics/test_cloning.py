"""Rubric profiles: a clone is a full, independent copy; scored dimensions cannot vanish."""

import pytest
from django.db.models import ProtectedError
from django.urls import reverse

from rubrics.models import Rubric
from rubrics.services import clone_rubric
from tests.factories import InterviewFactory, submitted_scorecard

pytestmark = pytest.mark.django_db


def outline(rubric):
    return [
        (
            d.code,
            d.name_en,
            d.name_zh_hans,
            d.weight,
            d.gate,
            [(c.name_en, c.name_zh_hans, c.assessed_by_en) for c in d.criteria.all()],
            [(a.level, a.description_en, a.description_zh_hans) for a in d.anchors.all()],
        )
        for d in rubric.dimensions.all()
    ]


def test_clone_copies_everything_in_both_languages_and_stays_independent():
    source = Rubric.objects.get(is_default=True)
    source.dimensions.filter(code="ethics").update(gate=3)
    copy = clone_rubric(rubric=source, name_en="Channel manager", name_zh_hans="渠道经理")
    assert (copy.name_en, copy.name_zh_hans, copy.is_default) == (
        "Channel manager",
        "渠道经理",
        False,
    )
    assert outline(copy) == outline(source)
    copy.dimensions.filter(code="experience").update(weight=50)
    assert source.dimensions.get(code="experience").weight == 20


def test_rubric_admin_clones_from_the_page(client, rubric_admin):
    source = Rubric.objects.get(is_default=True)
    client.force_login(rubric_admin)
    data = {"name_en": "Channel manager", "name_zh_hans": "渠道经理"}
    response = client.post(reverse("rubrics:rubric-clone", args=[source.pk]), data)
    copy = Rubric.objects.get(name_en="Channel manager")
    assert response.url == reverse("rubrics:rubric-detail", args=[copy.pk])
    assert copy.dimensions.count() == 10


def test_clone_form_needs_both_names(client, rubric_admin):
    client.force_login(rubric_admin)
    source = Rubric.objects.get(is_default=True)
    response = client.post(reverse("rubrics:rubric-clone", args=[source.pk]), {"name_en": "X"})
    assert response.status_code == 200 and Rubric.objects.count() == 2
    assert "This field is required." in response.content.decode()


def test_a_scored_dimension_cannot_be_deleted():
    interview = InterviewFactory()
    submitted_scorecard(interview, {"experience": 4})
    dimension = interview.application.opening.rubric.dimensions.get(code="experience")
    with pytest.raises(ProtectedError):
        dimension.delete()
    assert dimension.scores.count() == 1

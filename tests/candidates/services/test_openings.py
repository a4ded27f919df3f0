"""Moving an opening to another rubric: refused when scores would be lost, else carried over."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from candidates.models import RubricMove, Score
from candidates.selectors.shortlist import build_shortlist
from candidates.services.openings import move_opening_to_rubric
from rubrics.models import Rubric
from rubrics.services import clone_rubric, create_version
from tests.factories import (
    DEFAULT_CODES,
    ApplicationFactory,
    InterviewFactory,
    OpeningFactory,
    submitted_scorecard,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def scored_opening(default_rubric):
    opening = OpeningFactory(rubric=default_rubric, title="AM Suzhou")
    everything = dict.fromkeys(DEFAULT_CODES, 3)
    for name, values in [("Ana", everything | {"crm": 5}), ("Bo", everything | {"ethics": 2})]:
        application = ApplicationFactory(opening=opening, candidate__name=name)
        for round_name in ("Phone", "Final"):
            interview = InterviewFactory(application=application, round_name=round_name)
            submitted_scorecard(interview, {**values, "learning": None})
    return opening


def ranking(opening) -> list[tuple[str, float, int | None]]:
    result = build_shortlist(opening).ranking
    rows = result.ranked + result.needs_more_evidence
    return [(row.label, round(row.score, 6), row.rank) for row in rows]


def test_a_new_version_takes_the_scores_and_the_ranking_along(scored_opening, default_rubric, hr):
    before = ranking(scored_opening)
    assert [name for name, _score, _rank in before] == ["Ana", "Bo"]
    versions = list(Score.objects.values_list("scorecard__version", flat=True).distinct())
    version = create_version(rubric=default_rubric, by=None, reason="Clearer anchors")
    move = move_opening_to_rubric(opening=scored_opening, rubric=version, by=hr)
    assert ranking(scored_opening) == before
    assert not Score.objects.filter(dimension__rubric=default_rubric).exists()
    assert (move.from_rubric, move.to_rubric, move.moved_by) == (default_rubric, version, hr)
    assert set(Score.objects.values_list("scorecard__version", flat=True)) == {
        v + 1 for v in versions
    }


def test_a_rubric_without_a_scored_dimension_is_refused_and_nothing_moves(
    scored_opening, default_rubric
):
    other = clone_rubric(rubric=default_rubric, name_en="No CRM", name_zh_hans="无客户关系管理")
    other.dimensions.get(code="crm").delete()
    with pytest.raises(ValidationError) as refused:
        move_opening_to_rubric(opening=scored_opening, rubric=other, by=None)
    assert "crm" in refused.value.message_dict["rubric"][0]
    scored_opening.refresh_from_db()
    assert scored_opening.rubric == default_rubric
    assert not Score.objects.filter(dimension__rubric=other).exists()
    assert not RubricMove.objects.exists()


def test_a_dimension_only_left_not_assessed_may_be_dropped(scored_opening, default_rubric):
    version = create_version(rubric=default_rubric, by=None, reason="No learning")
    version.dimensions.get(code="learning").delete()
    move = move_opening_to_rubric(opening=scored_opening, rubric=version, by=None)
    assert move.dropped_codes == ["learning"]
    assert not Score.objects.filter(dimension__code="learning").exists()


def test_the_opening_page_refuses_an_incompatible_rubric_next_to_the_field(
    client, hr, scored_opening, default_rubric
):
    other = clone_rubric(rubric=default_rubric, name_en="Lean", name_zh_hans="精简")
    other.dimensions.filter(code__in=["crm", "experience"]).delete()
    client.force_login(hr)
    url = reverse("candidates:opening-update", args=[scored_opening.pk])
    data = {"title": "AM Suzhou renamed", "rubric": other.pk, "status": "open"}
    response = client.post(url, data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "crm, experience" in page and "AM Suzhou renamed" in page
    scored_opening.refresh_from_db()
    assert (scored_opening.title, scored_opening.rubric) == ("AM Suzhou", default_rubric)


def test_the_opening_page_moves_to_a_new_version_and_warns_of_new_dimensions(
    client, hr, scored_opening, default_rubric
):
    version = create_version(rubric=default_rubric, by=None, reason="Adds a written test")
    dimension = version.dimensions.get(code="learning")
    dimension.pk, dimension.code, dimension.name_en = None, "written_test", "Written test"
    dimension.save()
    client.force_login(hr)
    url = reverse("candidates:opening-update", args=[scored_opening.pk])
    data = {"title": "AM Suzhou", "rubric": version.pk, "status": "open"}
    response = client.post(url, data, follow=True)
    page = response.content.decode()
    assert "Nobody is scored yet on written_test" in page
    scored_opening.refresh_from_db()
    assert scored_opening.rubric == Rubric.objects.get(pk=version.pk)
    assert RubricMove.objects.get().new_codes == ["written_test"]


def test_a_rubric_with_a_narrower_scale_is_refused(scored_opening, default_rubric):
    version = create_version(rubric=default_rubric, by=None, reason="Three levels")
    Rubric.objects.filter(pk=version.pk).update(scale_max=3)
    version.refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        move_opening_to_rubric(opening=scored_opening, rubric=version, by=None)
    assert "outside the scale 1–3" in refused.value.message_dict["rubric"][0]
    scored_opening.refresh_from_db()
    assert scored_opening.rubric == default_rubric

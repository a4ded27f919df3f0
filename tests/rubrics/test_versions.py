"""Rubric versions: a rubric in use is frozen, changed by a new version that says what changed."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from candidates.services.openings import move_opening_to_rubric
from rubrics.models import Rubric, ScaleAnchor
from rubrics.selectors import submitted_scorecard_count, version_changes
from rubrics.services import create_version, make_default
from tests.factories import InterviewFactory, OpeningFactory, ScorecardFactory, submitted_scorecard

pytestmark = pytest.mark.django_db


@pytest.fixture
def rubric():
    return Rubric.objects.get(is_default=True)


def score_on(rubric, *, submitted=True):
    interview = InterviewFactory(application__opening=OpeningFactory(rubric=rubric))
    if submitted:
        return submitted_scorecard(interview, {"experience": 4})
    return ScorecardFactory(interview=interview)


def test_a_rubric_is_in_use_once_a_submitted_scorecard_scores_it(rubric):
    score_on(rubric, submitted=False)
    assert not rubric.is_in_use
    score_on(rubric)
    assert rubric.is_in_use
    assert submitted_scorecard_count(rubric) == 1


def test_a_new_version_copies_the_content_and_records_who_and_why(rubric, rubric_admin):
    version = create_version(rubric=rubric, by=rubric_admin, reason="Clearer anchors")
    assert (version.version, version.previous_version, version.version_by) == (
        2,
        rubric,
        rubric_admin,
    )
    assert version.name_zh_hans == rubric.name_zh_hans
    assert str(version) == f"{rubric.name} (version 2)"
    assert not version.is_default and rubric.is_default
    assert list(version.dimensions.values_list("code", "weight", "gate")) == list(
        rubric.dimensions.values_list("code", "weight", "gate")
    )
    assert ScaleAnchor.objects.filter(dimension__rubric=version).count() == (
        ScaleAnchor.objects.filter(dimension__rubric=rubric).count()
    )
    assert version_changes(version) == []


def test_only_the_newest_version_gets_a_next_one_and_a_reason_is_required(rubric, rubric_admin):
    with pytest.raises(ValidationError):
        create_version(rubric=rubric, by=rubric_admin, reason="  ")
    create_version(rubric=rubric, by=rubric_admin, reason="First")
    with pytest.raises(ValidationError, match="newer one"):
        create_version(rubric=rubric, by=rubric_admin, reason="Second from the old one")
    assert Rubric.objects.filter(previous_version=rubric).count() == 1


def test_the_changes_since_the_previous_version_are_listed(rubric, rubric_admin):
    version = create_version(rubric=rubric, by=rubric_admin, reason="Sharper CRM anchors")
    crm = version.dimensions.get(code="crm")
    anchor = crm.anchors.get(level=5)
    anchor.description_en = "Builds dashboards the whole team uses."
    anchor.save()
    crm.name_en = "CRM systems and data"
    crm.save()
    version.dimensions.get(code="learning").delete()
    changes = version_changes(version)
    described = {(change.dimension, change.what) for change in changes}
    assert ("CRM systems and data", "name (English)") in described
    assert any(change.what == "anchors" and "dashboards" in change.new for change in changes)
    assert any(
        change.what == "dimension removed" and change.old == "learning" for change in changes
    )


def test_the_rubric_page_says_it_is_frozen_and_offers_a_new_version(persona_client, rubric):
    score_on(rubric)
    page = persona_client("rubric_admin").get(reverse("rubrics:rubric-detail", args=[rubric.pk]))
    html = page.content.decode()
    assert "In use: 1 submitted scorecard is scored on this rubric" in html
    assert reverse("rubrics:rubric-new-version", args=[rubric.pk]) in html
    assert reverse("admin:rubrics_rubric_change", args=[rubric.pk]) not in html


def test_a_rubric_admin_makes_a_version_on_the_page(persona_client, rubric):
    client = persona_client("rubric_admin")
    url = reverse("rubrics:rubric-new-version", args=[rubric.pk])
    refused = client.post(url, {"reason": ""})
    assert refused.status_code == 200 and "This field is required." in refused.content.decode()
    response = client.post(url, {"reason": "Written test gets its own anchors"}, follow=True)
    version = Rubric.objects.get(previous_version=rubric)
    assert response.redirect_chain[-1][0] == reverse("rubrics:rubric-detail", args=[version.pk])
    html = response.content.decode()
    assert "Version 2 created." in html and "Written test gets its own anchors" in html
    again = client.get(url).content.decode()
    assert "already has a newer one" in again


def test_making_another_rubric_the_default_moves_the_flag(persona_client, rubric, rubric_admin):
    version = create_version(rubric=rubric, by=rubric_admin, reason="New default")
    response = persona_client("rubric_admin").post(
        reverse("rubrics:rubric-make-default", args=[version.pk])
    )
    assert response.status_code == 302
    assert list(Rubric.objects.filter(is_default=True)) == [version]
    make_default(rubric=rubric)
    assert list(Rubric.objects.filter(is_default=True)) == [rubric]


def test_a_rubric_an_opening_moved_away_from_stays_frozen(rubric, rubric_admin):
    card = score_on(rubric)
    version = create_version(rubric=rubric, by=rubric_admin, reason="v2")
    move_opening_to_rubric(opening=card.interview.application.opening, rubric=version, by=None)
    assert submitted_scorecard_count(rubric) == 0
    assert rubric.is_in_use  # its scores moved on, its text is what they were given on


def test_a_version_with_a_newer_one_is_frozen_and_the_newest_is_not(rubric, rubric_admin):
    version = create_version(rubric=rubric, by=rubric_admin, reason="v2")
    assert rubric.is_in_use and not version.is_in_use

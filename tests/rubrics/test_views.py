"""The weight helpers propose points to the editor; only the editor saves."""

from urllib.parse import parse_qs, urlparse

import pytest
from django.urls import reverse

from rubrics.models import Rubric, WeightChange
from tests.factories import DEFAULT_CODES

pytestmark = pytest.mark.django_db

CODES = DEFAULT_CODES


@pytest.fixture
def rubric():
    return Rubric.objects.get(is_default=True)


def proposed(url: str) -> dict[str, str]:
    return {key: values[0] for key, values in parse_qs(urlparse(url).query).items()}


def test_order_helper_proposes_rank_order_centroid_weights(client, rubric_admin, rubric):
    """Ten places: the first gets H(10)/10 = 29.29 points of 100, the last 1/100 = 1.00."""
    client.force_login(rubric_admin)
    order = {code: str(place) for place, code in enumerate(reversed(CODES), start=1)}
    response = client.get(reverse("rubrics:weights-order", args=[rubric.pk]), order)
    assert response.status_code == 302
    query = proposed(response.url)
    assert query["method"] == "rank_order"
    assert query["weight_performance_history"] == "29.29"
    assert query["weight_experience"] == "1.00"
    assert not WeightChange.objects.exists()
    editor = client.get(response.url).content.decode()
    assert 'value="29.29"' in editor and "Proposed by a helper" in editor


def test_order_helper_refuses_a_place_given_twice(client, rubric_admin, rubric):
    client.force_login(rubric_admin)
    order = {code: str(place) for place, code in enumerate(CODES, start=1)} | {"crm": "1"}
    response = client.get(reverse("rubrics:weights-order", args=[rubric.pk]), order)
    assert response.status_code == 200
    assert "Position 1 is already taken" in response.content.decode()


def test_pairwise_helper_gives_priorities_cr_and_the_editor_link(client, rubric_admin, rubric):
    """A consistent 3x3: experience 2x customer orientation, 4x crm; customer 2x crm."""
    client.force_login(rubric_admin)
    query = {
        "d": ["experience", "customer_orientation", "crm"],
        "experience__customer_orientation": "2",
        "experience__crm": "4",
        "customer_orientation__crm": "2",
    }
    response = client.get(reverse("rubrics:weights-pairwise", args=[rubric.pk]), query)
    outcome = response.context["outcome"]
    assert [round(p, 4) for _d, p in outcome.shares] == [0.5714, 0.2857, 0.1429]
    assert outcome.result.consistency_ratio == pytest.approx(0, abs=1e-9)
    # The three keep their 44 points between them; the others keep theirs.
    points = proposed(response.context["use_url"])
    assert points["method"] == "pairwise"
    assert float(points["weight_experience"]) == pytest.approx(44 * 4 / 7, abs=0.01)
    assert points["weight_ethics"] == "8.00"


def test_pairwise_helper_points_out_contradictions(client, rubric_admin, rubric):
    """experience > customer > crm but crm 9x experience: CR far above 0.10."""
    client.force_login(rubric_admin)
    query = {
        "d": ["experience", "customer_orientation", "crm"],
        "experience__customer_orientation": "5",
        "experience__crm": "1/9",
        "customer_orientation__crm": "5",
    }
    response = client.get(reverse("rubrics:weights-pairwise", args=[rubric.pk]), query)
    outcome = response.context["outcome"]
    assert not outcome.result.consistent
    assert outcome.worst and "Revise these first" in response.content.decode()


def test_saving_a_proposal_records_the_helper_method(client, rubric_admin, rubric):
    client.force_login(rubric_admin)
    data = {f"weight_{code}": 10 for code in CODES} | {
        "method": "pairwise",
        "reason": "AHP",
        "version": 1,
    }
    client.post(reverse("rubrics:weights-edit", args=[rubric.pk]), data)
    assert WeightChange.objects.get().method == "pairwise"

"""The weight helpers propose points to the editor; only the editor saves."""

import re
from urllib.parse import parse_qs, urlparse

import pytest
from django.urls import reverse

from rubrics.models import Rubric, WeightChange
from tests.factories import DEFAULT_CODES
from tests.rubrics.test_ahp import HOUSE

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


# Saaty's house example (tests/rubrics/test_ahp.py) on eight of the rubric's dimensions.
HOUSE_CODES = CODES[:8]


def house_query(**extra: str) -> dict:
    judged = {
        f"{HOUSE_CODES[i]}__{HOUSE_CODES[j]}": HOUSE[i][j]
        for i in range(8)
        for j in range(i + 1, 8)
    }
    return {"d": HOUSE_CODES, **judged, **extra}


def visible_text(html: str) -> str:
    """The page as read: tags go, and with them the option values, which may hold keys."""
    return re.sub(r"<[^>]*>", " ", html)


def test_pairwise_helper_gives_saatys_cr_with_his_table_named_in_words(
    client, rubric_admin, rubric
):
    """The house example: CR 0.169 with Saaty's classic RI(8) = 1.41, as the textbook says."""
    client.force_login(rubric_admin)
    response = client.get(reverse("rubrics:weights-pairwise", args=[rubric.pk]), house_query())
    html = response.content.decode()
    assert round(response.context["outcome"].result.consistency_ratio, 3) == 0.169
    assert "CR = 0.169" in html
    assert "Random index from Saaty (1980), the classic table: RI(8) = 1.41." in html
    # Every table is offered in words, with the RI it gives for eight dimensions.
    assert (
        "Saaty (2005), Theory and Applications of the Analytic Network Process: RI(8) = 1.40"
        in html
    )
    assert "Donegan and Dodd (1991)" in html and "RI(8) = 1.3171" in html
    for key in ("saaty_1980", "saaty_2005", "donegan_dodd_1991"):
        assert key not in visible_text(html)


def test_pairwise_helper_uses_the_chosen_table_and_the_editor_records_it(
    client, rubric_admin, rubric
):
    client.force_login(rubric_admin)
    url = reverse("rubrics:weights-pairwise", args=[rubric.pk])
    response = client.get(url, house_query(ri="saaty_2005"))
    html = response.content.decode()
    assert "CR = 0.170" in html
    assert "Random index from Saaty (2005)" in html
    assert 'value="saaty_2005" selected' in html

    # The table travels to the editor in the reason, and from there into the history.
    proposal = proposed(response.context["use_url"])
    reason = proposal["reason"]
    assert reason.startswith("Proposed by pairwise comparison (AHP): CR = 0.170;")
    assert "Saaty (2005)" in reason and "RI(8) = 1.40" in reason
    editor = client.get(response.context["use_url"])
    assert editor.context["form"]["reason"].value() == reason
    data = proposal | {"version": rubric.weights_version}
    client.post(reverse("rubrics:weights-edit", args=[rubric.pk]), data)
    change = WeightChange.objects.get()
    assert (change.method, change.reason) == ("pairwise", reason)


def test_pairwise_result_comes_before_the_drop_downs_and_takes_the_focus(
    client, rubric_admin, rubric
):
    client.force_login(rubric_admin)
    url = reverse("rubrics:weights-pairwise", args=[rubric.pk])
    html = client.get(url, house_query()).content.decode()
    result = html.index('id="ahp-result"')
    assert result < html.index("<select")
    assert result < html.index("Use these weights in the editor") < html.index("<select")
    assert re.search(r'<section id="ahp-result"[^>]*\bautofocus\b', html)
    # Computing again lands on the result: the form's action ends in its fragment.
    assert 'action="#ahp-result"' in html


def test_pairwise_helper_without_ri_uses_the_classic_table(client, rubric_admin, rubric):
    """Links made before the table could be chosen still compute, with the default."""
    client.force_login(rubric_admin)
    query = house_query()
    response = client.get(reverse("rubrics:weights-pairwise", args=[rubric.pk]), query)
    assert response.context["outcome"].result.ri_table == "saaty_1980"


def test_pairwise_helper_refuses_a_table_too_short_for_the_dimensions(client, rubric_admin, rubric):
    """Eleven dimensions: the classic table stops at ten, so Saaty (2005) is offered first."""
    rubric.dimensions.create(code="languages", name="Languages", weight=5, order=99)
    client.force_login(rubric_admin)
    codes = [*CODES, "languages"]
    pairs = {f"{a}__{b}": "1" for i, a in enumerate(codes) for b in codes[i + 1 :]}
    url = reverse("rubrics:weights-pairwise", args=[rubric.pk])
    chosen = client.get(url, {"d": codes})
    assert chosen.context["form"]["ri"].value() == "saaty_2005"
    assert "Saaty (1980), the classic table: up to 10 dimensions" in chosen.content.decode()

    refused = client.get(url, {"d": codes, "ri": "saaty_1980", **pairs})
    assert refused.context["outcome"] is None
    assert "This table stops at 10 dimensions" in refused.content.decode()
    accepted = client.get(url, {"d": codes, **pairs})
    assert accepted.context["outcome"].result.ri_table == "saaty_2005"

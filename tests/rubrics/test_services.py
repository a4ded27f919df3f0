"""Saving weights: recorded, atomic, refused on bad input; the editor and who may use it."""

from decimal import Decimal
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from candidates.selectors.moves import change_effects
from rubrics.models import MAX_TEXT, Dimension, Rubric, WeightChange
from rubrics.services import change_weights
from tests.factories import (
    ApplicationFactory,
    InterviewFactory,
    OpeningFactory,
    submitted_scorecard,
)
from tests.long_text import (
    PASTED,
    assert_counted_not_cut,
    error_under,
    textarea,
    textarea_value,
    too_long,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def rubric():
    return Rubric.objects.get(is_default=True)


def saved(rubric) -> dict[str, Decimal]:
    return dict(rubric.dimensions.values_list("code", "weight"))


def equal(rubric, points=10) -> dict:
    return dict.fromkeys(saved(rubric), points)


def test_change_is_saved_with_who_why_how_and_old_and_new_points(rubric, rubric_admin):
    before = saved(rubric)
    change = change_weights(
        rubric=rubric, weights=equal(rubric), reason="Flatten", by=rubric_admin, method="rank_order"
    )
    assert saved(rubric) == dict.fromkeys(before, Decimal("10.00"))
    assert (change.changed_by, change.reason, change.method) == (
        rubric_admin,
        "Flatten",
        "rank_order",
    )
    assert change.old_weights() == {code: float(value) for code, value in before.items()}
    assert change.new_weights() == dict.fromkeys(before, 10.0)


@pytest.mark.parametrize(
    ("bad", "key"),
    [({"experience": -1}, "experience"), ({"crm": "lots"}, "crm"), ({"ethics": "NaN"}, "ethics")],
)
def test_bad_weight_is_refused_on_its_field_and_nothing_saved(rubric, bad, key):
    before = saved(rubric)
    with pytest.raises(ValidationError) as raised:
        change_weights(rubric=rubric, weights={**equal(rubric), **bad}, reason="x", by=None)
    assert key in raised.value.message_dict
    assert saved(rubric) == before and not WeightChange.objects.exists()


def test_all_zero_weights_and_missing_reason_are_refused(rubric):
    with pytest.raises(ValidationError, match="above zero"):
        change_weights(rubric=rubric, weights=equal(rubric, 0), reason="x", by=None)
    with pytest.raises(ValidationError) as raised:
        change_weights(rubric=rubric, weights=equal(rubric), reason="  ", by=None)
    assert "reason" in raised.value.message_dict
    assert not WeightChange.objects.exists()


def test_failure_while_writing_leaves_no_trace(rubric):
    before = saved(rubric)
    with mock.patch.object(Dimension.objects, "bulk_update", side_effect=RuntimeError("disk full")):
        with pytest.raises(RuntimeError):
            change_weights(rubric=rubric, weights=equal(rubric), reason="x", by=None)
    assert saved(rubric) == before and not WeightChange.objects.exists()


def rated(opening, name, **values):
    application = ApplicationFactory(opening=opening, candidate__name=name)
    for _ in range(2):
        scores = dict.fromkeys(saved(opening.rubric), 3)
        scores.update(values)
        submitted_scorecard(InterviewFactory(application=application), scores)
    return application


def test_history_lists_who_moved_and_by_how_many_places(rubric, hr):
    """Experience-heavy weights put Ana first; weights on CRM alone put Bo first."""
    opening = OpeningFactory(rubric=rubric)
    rated(opening, "Ana", experience=5)
    rated(opening, "Bo", crm=5)
    weights = dict.fromkeys(saved(rubric), 0)
    change = change_weights(rubric=rubric, weights={**weights, "crm": 1}, reason="CRM", by=None)
    [effect] = change_effects(change, hr)
    assert [(m.candidate, m.old_rank, m.new_rank, m.places) for m in effect.moves] == [
        ("Bo", 2, 1, 1),
        ("Ana", 1, 2, -1),
    ]
    # Recomputed from the recorded weights: a later change does not rewrite it.
    change_weights(rubric=rubric, weights=equal(rubric), reason="Back", by=None)
    assert [m.places for m in change_effects(change, hr)[0].moves] == [1, -1]


def test_admin_saves_from_the_editor_and_sees_the_moves(client, rubric_admin, rubric):
    opening = OpeningFactory(rubric=rubric, title="AM Pudong")
    rated(opening, "Ana", experience=5)
    rated(opening, "Bo", crm=5)
    client.force_login(rubric_admin)
    url = reverse("rubrics:weights-edit", args=[rubric.pk])
    data = {f"weight_{code}": 0 for code in saved(rubric)} | {
        "weight_crm": 5,
        "reason": "CRM",
        "version": 1,
    }
    response = client.post(url, data, follow=True)
    assert saved(rubric)["crm"] == Decimal("5.00")
    page = response.content.decode()
    assert "AM Pudong" in page and "Bo up 1 place (2 → 1)" in page


def test_editor_keeps_what_was_typed_and_marks_the_bad_field(client, rubric_admin, rubric):
    before = saved(rubric)
    client.force_login(rubric_admin)
    data = {f"weight_{code}": 8 for code in before} | {
        "weight_crm": "-3",
        "reason": "Try",
        "version": 1,
    }
    response = client.post(reverse("rubrics:weights-edit", args=[rubric.pk]), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'value="-3"' in page and "is-invalid" in page and "Try</textarea>" in page
    assert saved(rubric) == before


def test_all_zero_in_the_editor_is_an_error_on_the_form(client, rubric_admin, rubric):
    client.force_login(rubric_admin)
    data = {f"weight_{code}": 0 for code in saved(rubric)} | {"reason": "Zero", "version": 1}
    response = client.post(reverse("rubrics:weights-edit", args=[rubric.pk]), data)
    assert "At least one weight must be above zero." in response.content.decode()
    assert not WeightChange.objects.exists()


@pytest.mark.parametrize("persona", ["manager", "hr"])
def test_managers_and_hr_read_weights_but_cannot_save_them(client, request, rubric, persona):
    before = saved(rubric)
    client.force_login(request.getfixturevalue(persona))
    data = {f"weight_{code}": 1 for code in before} | {"reason": "Mine"}
    assert client.post(reverse("rubrics:weights-edit", args=[rubric.pk]), data).status_code == 403
    assert saved(rubric) == before
    assert client.get(reverse("rubrics:rubric-detail", args=[rubric.pk])).status_code == 200


def gates(rubric) -> dict:
    return dict(rubric.dimensions.values_list("code", "gate"))


def test_gate_changes_are_recorded_with_the_weights(rubric, rubric_admin):
    change = change_weights(
        rubric=rubric,
        weights=saved(rubric),
        gates={"ethics": "3.5", "crm": ""},
        reason="Ethics is a must",
        by=rubric_admin,
    )
    assert gates(rubric)["ethics"] == Decimal("3.50")
    [item] = change.gate_items()
    assert (item.code, item.old_gate, item.new_gate) == ("ethics", None, Decimal("3.50"))
    change_weights(rubric=rubric, weights=equal(rubric, 4), reason="Weights only", by=None)
    assert gates(rubric)["ethics"] == Decimal("3.50")
    with pytest.raises(ValidationError, match="Nothing changed"):
        change_weights(rubric=rubric, weights=saved(rubric), reason="Again", by=None)
    assert WeightChange.objects.count() == 2


@pytest.mark.parametrize("bad", ["6", "0.5", "abc", "nan", "inf"])
def test_a_gate_off_the_scale_is_refused_on_its_field(rubric, bad):
    with pytest.raises(ValidationError) as refused:
        change_weights(
            rubric=rubric, weights=saved(rubric), gates={"ethics": bad}, reason="x", by=None
        )
    assert list(refused.value.message_dict) == ["ethics"]
    assert gates(rubric)["ethics"] is None and not WeightChange.objects.exists()


def test_the_editor_shows_a_bad_gate_next_to_it_and_saves_gates(client, rubric_admin, rubric):
    client.force_login(rubric_admin)
    url = reverse("rubrics:weights-edit", args=[rubric.pk])
    data = {f"weight_{code}": 10 for code in saved(rubric)} | {"reason": "Gate", "version": 1}
    response = client.post(url, data | {"gate_ethics": "9"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "The gate must lie between 1 and 5." in page and 'value="9"' in page
    response = client.post(url, data | {"gate_ethics": "3"}, follow=True)
    assert gates(rubric)["ethics"] == Decimal("3.00")
    assert "change-gates" in response.content.decode()


def test_a_stale_editor_is_refused_and_shown_the_newer_weights(client, rubric_admin, rubric):
    version = rubric.weights_version
    change_weights(rubric=rubric, weights=equal(rubric, 7), reason="First admin", by=rubric_admin)
    client.force_login(rubric_admin)
    data = {f"weight_{code}": 3 for code in saved(rubric)}
    response = client.post(
        reverse("rubrics:weights-edit", args=[rubric.pk]),
        data | {"reason": "Second admin", "version": version},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "saved new weights at" in page and "Nothing of yours was saved" in page
    assert 'name="weight_crm" value="7.00"' in page and "Second admin</textarea>" in page
    assert set(saved(rubric).values()) == {Decimal("7.00")}
    assert WeightChange.objects.count() == 1


def test_a_reason_past_the_limit_is_refused_under_the_field_and_kept(client, rubric_admin, rubric):
    before = saved(rubric)
    client.force_login(rubric_admin)
    url = reverse("rubrics:weights-edit", args=[rubric.pk])
    data = {f"weight_{code}": 8 for code in before} | {
        "reason": "理由" * (PASTED // 2),
        "version": 1,
    }
    response = client.post(url, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert error_under(page, "reason") == too_long(PASTED)
    assert textarea_value(page, "reason") == data["reason"]
    assert_counted_not_cut(textarea(page, "reason"))
    assert saved(rubric) == before and not WeightChange.objects.exists()
    assert client.post(url, data | {"reason": "r" * MAX_TEXT}).status_code == 302
    assert WeightChange.objects.get().reason == "r" * MAX_TEXT


@pytest.mark.parametrize("version", [None, "", "abc", "1.5", "0"])
def test_an_editor_without_a_readable_version_says_so_and_saves_nothing(
    client, rubric_admin, rubric, version
):
    client.force_login(rubric_admin)
    data = {f"weight_{code}": 3 for code in saved(rubric)} | {"reason": "No version"}
    if version is not None:
        data["version"] = version
    response = client.post(reverse("rubrics:weights-edit", args=[rubric.pk]), data)
    assert "open the weight editor again" in response.content.decode()
    assert not WeightChange.objects.exists()


@pytest.mark.parametrize(("gate", "message"), [("4.999", "two decimals"), ("３", "Enter a number")])
def test_a_gate_is_never_rounded_or_read_from_other_digits(rubric, gate, message):
    with pytest.raises(ValidationError, match=message):
        change_weights(
            rubric=rubric, weights=saved(rubric), gates={"ethics": gate}, reason="x", by=None
        )
    assert gates(rubric)["ethics"] is None

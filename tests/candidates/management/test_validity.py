"""`manage.py validity`: the JSON the issue specifies, and the refusal below ten hires."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from tests.candidates.selectors.test_validity import planted
from tests.factories import OpeningFactory

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command("validity", *args, stdout=out)
    return out.getvalue()


def test_json_gives_r_interval_and_n_per_dimension_and_for_both_weightings(default_rubric):
    planted(OpeningFactory(), 30)
    figures = json.loads(run(default_rubric.name, "--outcome", "overall", "--format", "json"))
    assert (figures["rubric"], figures["outcome"], figures["n"]) == (
        default_rubric.name,
        "overall",
        30,
    )
    communication = figures["dimensions"]["communication"]
    assert communication["n"] == 30
    low, high = communication["ci"]
    assert low < communication["r"] < high
    assert figures["dimensions"]["ethics"] == {"r": None, "ci": None, "n": 0}
    assert set(figures["weighted"]) == set(figures["equal_weights"]) == {"r", "ci", "n"}
    assert figures["proposal"]["method"] == "correlation"


def test_below_ten_hires_r_and_ci_are_null(default_rubric):
    planted(OpeningFactory(), 5)
    figures = json.loads(run(default_rubric.name, "--format", "json"))
    assert figures["weighted"] == {"r": None, "ci": None, "n": 5}
    assert "not enough hires yet" in run(default_rubric.name)


def test_an_unknown_rubric_is_an_error(db):
    with pytest.raises(CommandError, match="No rubric named"):
        run("Nothing like it")

"""The long-text field both apps' forms use: refused past MAX_TEXT, never cut by the browser."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from rubrics.forms import LongTextField, VersionForm, WeightsForm
from rubrics.models import MAX_TEXT
from tests.long_text import assert_counted_not_cut, textarea, too_long


def errors_for(text: str) -> list[str]:
    field = LongTextField(required=False)
    try:
        field.clean(text)
    except ValidationError as error:
        return list(error.messages)
    return []


def test_text_of_max_text_characters_is_accepted():
    assert MAX_TEXT == 4000
    assert errors_for("x" * MAX_TEXT) == []


def test_longer_text_is_refused_with_the_limit_and_the_length_typed():
    assert errors_for("x" * 5000) == [too_long(5000)]


def test_the_refusal_reads_in_chinese_on_the_chinese_page():
    with translation.override("zh-hans"):
        (message,) = errors_for("长" * (MAX_TEXT + 1))
    assert "4000" in message and "4001" in message and "字符" in message


def test_a_line_break_sent_by_the_browser_counts_as_one_character():
    # Browsers send a textarea's line breaks as CR LF; the counter shows them as one.
    lines = "x" * 99 + "\r\n"  # 100 characters on the page
    assert errors_for(lines * 40) == []
    assert errors_for(lines * 40 + "x") != []


@pytest.mark.parametrize("limit", [MAX_TEXT, 500])
def test_the_textarea_carries_the_counter_attribute_and_no_maxlength(limit):
    field = LongTextField(max_length=limit, rows=2)
    assert_counted_not_cut(textarea(field.widget.render("note", ""), "note"), limit)


def test_the_weight_change_reason_is_a_long_text():
    form = WeightsForm(dimensions=[])
    assert_counted_not_cut(textarea(str(form["reason"]), "reason"))
    form = WeightsForm({"reason": "r" * (MAX_TEXT + 1)}, dimensions=[])
    assert form.errors["reason"] == [too_long(MAX_TEXT + 1)]


def test_the_new_version_reason_is_a_long_text():
    assert_counted_not_cut(textarea(str(VersionForm()["reason"]), "reason"))

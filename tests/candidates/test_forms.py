"""The candidates app's forms: every long text is counted in the browser, never cut."""

import pytest
from django import forms

from candidates.forms import AnonymiseForm, CandidateForm, DecisionForm, OpeningForm
from tests.long_text import assert_counted_not_cut, textarea

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("form_class", "names"),
    [
        (OpeningForm, ["description"]),
        (CandidateForm, ["notes"]),
        (DecisionForm, ["note"]),
        (AnonymiseForm, ["reason"]),
    ],
)
def test_long_texts_have_a_counter_and_no_maxlength(form_class, names):
    form = form_class()
    boxes = [
        name for name, field in form.fields.items() if isinstance(field.widget, forms.Textarea)
    ]
    assert boxes == names
    for name in names:
        assert_counted_not_cut(textarea(str(form[name]), name))

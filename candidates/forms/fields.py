"""Fields and helpers the candidates forms share: tags, strict ids, long texts, candidates."""

import re
from collections.abc import Iterable

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.timezone import localdate
from django.utils.translation import gettext as _

from candidates.models import (
    MAX_TEXT,
    Candidate,
)
from rubrics.forms import LongTextField

TAG_SEPARATORS = re.compile(r"[,，、;；\n]+")


MAX_TAGS_TEXT = 1000


# Database ids are signed 64-bit integers: 18 digits or fewer never overflow one.
MAX_ID_DIGITS = 18


def record_ids(values: list[str]) -> list[int]:
    """Ids from a query string, strictly: ASCII digits only, bounded; anything else is skipped.

    str.isdigit() alone would let "²" or "①" through to int(), which refuses them.
    """
    return [
        int(value)
        for value in values
        if value.isascii() and value.isdigit() and len(value) <= MAX_ID_DIGITS
    ]


class RecordsField(forms.ModelMultipleChoiceField):
    """Several records by id; an id that is not a bounded ASCII number is refused as
    invalid before any query (SQLite cannot even bind a number of 20 digits)."""

    def _check_values(self, value):
        for pk in value:
            if record_ids([str(pk)]) == []:
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super()._check_values(value)


class CandidateChoiceField(forms.ModelChoiceField):
    """One candidate of `queryset`, picked among the few that `offer` lists (a search's
    matches): the page never lists every candidate. Until then it lists none.

    Every such list is HR's (who see contact details), and in it two people of the same
    name can be told apart: the e-mail follows the name; a candidate without one gets
    their code and the day they were added.
    """

    def __init__(self, queryset, **kwargs) -> None:
        super().__init__(queryset, **kwargs)
        self.offer([])

    def offer(self, candidates: Iterable[Candidate]) -> None:
        # Choices set by hand are what ModelChoiceField renders; the chosen id is still
        # looked up in `queryset`, so any candidate of it is accepted.
        self.choices = [
            (candidate.pk, self.label_from_instance(candidate)) for candidate in candidates
        ]

    def label_from_instance(self, obj: Candidate) -> str:
        if obj.email:
            return _("%(name)s (%(email)s)") % {"name": obj.name, "email": obj.email}
        return _("%(name)s (%(code)s, added %(date)s)") % {
            "name": obj.name,
            "code": obj.code,
            "date": localdate(obj.created_at).isoformat(),
        }


class TagsField(forms.CharField):
    """Free tags typed as one line, separated by commas (also Chinese ， and 、).

    The typed line is checked as text (length, NUL characters) before it is split.
    """

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("max_length", MAX_TAGS_TEXT)
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, list):
            return ", ".join(value)
        return value

    def clean(self, value) -> list[str]:
        text = super().clean(value)
        tags = [tag.strip() for tag in TAG_SEPARATORS.split(text or "")]
        return list(dict.fromkeys(tag for tag in tags if tag))


def submit_helper(label) -> FormHelper:
    helper = FormHelper()
    helper.add_input(Submit("save", label))
    return helper


def long_text(model, name: str, *, rows: int) -> forms.CharField:
    """The model's TextField as a form field of at most MAX_TEXT characters, with a counter."""
    return model._meta.get_field(name).formfield(
        form_class=LongTextField, max_length=MAX_TEXT, rows=rows
    )

"""Fields and helpers the candidates forms share: tags, strict ids, long texts, candidates."""

import re
from collections.abc import Iterable

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.templatetags.static import static
from django.utils.html import format_html, format_html_join
from django.utils.timezone import localdate
from django.utils.translation import gettext as _

from candidates.models import (
    MAX_TEXT,
    Candidate,
)
from candidates.scoring.tags import fold_tags
from candidates.selectors.candidates import distinct_tags
from rubrics.forms import LongTextField

TAG_SEPARATORS = re.compile(r"[,，、;；\n]+")

# Nobody has worked 70 years: a larger number is a typing error, said next to the field.
MAX_YEARS = 70


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


class TagsInput(forms.TextInput):
    """A text input offering the tags in use from a <datalist> rendered beside it; with
    static/js/tags.js the list also completes the second and later tags of the line."""

    def __init__(self, attrs=None) -> None:
        super().__init__(attrs)
        self.options: list[str] = []

    def render(self, name, value, attrs=None, renderer=None) -> str:
        attrs = dict(attrs or {})
        list_id = f"{attrs.get('id') or 'id_' + name}-tags"
        attrs.update({"list": list_id, "data-tags": "", "autocomplete": "off"})
        field = super().render(name, value, attrs, renderer)
        options = format_html_join("", '<option value="{}"></option>', ((o,) for o in self.options))
        return format_html(
            '{}<datalist id="{}">{}</datalist><script src="{}" defer></script>',
            field,
            list_id,
            options,
            static("js/tags.js"),
        )


class TagsField(forms.CharField):
    """Free tags typed as one line, separated by commas (also Chinese ， and 、).

    The typed line is checked as text (length, NUL characters) before it is split.
    Each tag is tidied (NFKC, spaces; candidates.scoring.tags) and repeats dropped;
    with `fold_to` (the Candidate field the tags are saved in) each takes the
    spelling already stored on some candidate, in one query, so "zoho crm" saves as
    the "Zoho CRM" in use and the tag does not fork. `offer` lists the tags in use
    as the input's suggestions.
    """

    widget = TagsInput

    def __init__(self, *, fold_to: str | None = None, **kwargs) -> None:
        kwargs.setdefault("max_length", MAX_TAGS_TEXT)
        super().__init__(**kwargs)
        self.fold_to = fold_to

    def offer(self, tags: list[str]) -> None:
        self.widget.options = tags

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return ", ".join(value)
        return value

    def clean(self, value) -> list[str]:
        text = super().clean(value)
        typed = [tag for tag in TAG_SEPARATORS.split(text or "") if tag.strip()]
        if not typed:
            return []
        in_use = distinct_tags([self.fold_to])[self.fold_to] if self.fold_to else {}
        return fold_tags(typed, in_use)


def offer_tags(form: forms.Form, in_use: dict[str, dict[str, list[str]]], names: dict) -> None:
    """Fill the suggestions of `form`'s tag fields: `names` maps a form field to the
    Candidate field whose tags (`distinct_tags`) it offers, one spelling per tag."""
    for field_name, tag_field in names.items():
        spellings = in_use.get(tag_field, {})
        form.fields[field_name].offer([found[0] for found in spellings.values()])


def submit_helper(label) -> FormHelper:
    helper = FormHelper()
    helper.add_input(Submit("save", label))
    return helper


def long_text(model, name: str, *, rows: int) -> forms.CharField:
    """The model's TextField as a form field of at most MAX_TEXT characters, with a counter."""
    return model._meta.get_field(name).formfield(
        form_class=LongTextField, max_length=MAX_TEXT, rows=rows
    )

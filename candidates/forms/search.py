"""Finding candidates: the filters the candidate list and the shortlist share, and the
list's search."""

from django import forms
from django.utils.translation import gettext_lazy as _

from candidates.forms.fields import (
    MAX_YEARS,
    TagsField,
    offer_tags,
)
from candidates.models import (
    ClientSize,
)
from candidates.selectors.candidates import (
    CandidateFilters,
    TagsInUse,
)


def years_field(label) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=0,
        max_value=MAX_YEARS,
        widget=forms.NumberInput(attrs={"min": 0, "max": MAX_YEARS, "inputmode": "numeric"}),
    )


class CandidateFiltersForm(forms.Form):
    """The candidate filters the list and the shortlist share, sent with GET (shareable).

    Tags are matched by their key (case, spaces and full-width forms do not count);
    each filter is "any of" the values typed, and the filters combine.
    """

    crm = TagsField(
        label=_("CRM systems (any of)"),
        required=False,
        max_length=200,
        help_text=_("Separate with commas."),
    )
    segment = forms.MultipleChoiceField(
        label=_("Client segments (any of)"),
        choices=ClientSize.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    industry = TagsField(
        label=_("Industries (any of)"),
        required=False,
        max_length=200,
        help_text=_("Separate with commas."),
    )
    years_min = years_field(_("Years of experience from"))
    years_max = years_field(_("Years of experience up to"))
    company = forms.CharField(label=_("Current company contains"), required=False, max_length=200)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name in CandidateFiltersForm.base_fields:
            widget = self.fields[name].widget
            if not isinstance(widget, forms.CheckboxSelectMultiple):
                widget.attrs["class"] = "form-control form-control-sm"

    def full_clean(self) -> None:
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                attrs["class"] = attrs.get("class", "") + " is-invalid"
                attrs["aria-describedby"] = f"{self[name].auto_id}_error"

    def clean(self) -> dict:
        cleaned = super().clean()
        low, high = cleaned.get("years_min"), cleaned.get("years_max")
        if low is not None and high is not None and low > high:
            self.add_error(
                "years_max",
                _("Give a number of years at least the “from” value (%(low)s).") % {"low": low},
            )
        return cleaned

    def candidate_filters(self, text: str = "") -> CandidateFilters:
        """The valid filters (a field with an error is left out; the others apply)."""
        chosen = getattr(self, "cleaned_data", {})
        return CandidateFilters(
            text=text.strip(),
            crm_systems=tuple(chosen.get("crm") or ()),
            client_segments=tuple(chosen.get("segment") or ()),
            industries=tuple(chosen.get("industry") or ()),
            years_min=chosen.get("years_min"),
            years_max=chosen.get("years_max"),
            company=(chosen.get("company") or "").strip(),
        )

    def offer_tags(self, in_use: TagsInUse) -> None:
        """The tags in use as the tag filters' suggestions."""
        offer_tags(self, in_use, {"crm": "crm_systems", "industry": "industries"})

    def filter_fields(self) -> list:
        return [self[name] for name in CandidateFiltersForm.base_fields]


class CandidateSearchForm(CandidateFiltersForm):
    """The candidate list's search and filters; everything is kept in the URL."""

    q = forms.CharField(
        label=_("Search by name, e-mail, company, CRM system or industry"),
        required=False,
        max_length=200,
    )

    field_order = ["q"]

    def filters(self) -> CandidateFilters:
        self.is_valid()
        text = getattr(self, "cleaned_data", {}).get("q") or ""
        return self.candidate_filters(text)

    def narrowed(self) -> bool:
        """Whether anything was asked for (the empty list then says "no match")."""
        return any(value for key, value in self.data.items() if key != "page")

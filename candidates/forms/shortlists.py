"""The shortlist's forms: filters, decisions and the what-if weights."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from candidates.forms.fields import submit_helper
from candidates.forms.search import CandidateFiltersForm
from candidates.models import (
    Stage,
)
from candidates.selectors.profiles import ShortlistFilters
from rubrics.forms import LongTextField
from rubrics.weighting import WeightsError, check_weights

WHATIF_PREFIX = "w_"  # what-if weights in the shortlist's query string


def floor_field(label) -> forms.DecimalField:
    """A lowest value to keep, from 0 to 100 with one decimal; blank keeps every row."""
    return forms.DecimalField(
        label=label,
        required=False,
        min_value=0,
        max_value=100,
        max_digits=5,
        decimal_places=1,
        widget=forms.NumberInput(
            attrs={"min": 0, "max": 100, "step": "any", "class": "form-control form-control-sm"}
        ),
    )


class ShortlistFilterForm(CandidateFiltersForm):
    """The shortlist's filters (GET): those of the candidate list, plus stage, flags,
    minimum score and coverage and, on a key-account opening, who served key accounts.
    The exports read the same query string, so their rows are the page's."""

    stage = forms.ChoiceField(
        label=_("Stage"),
        choices=[("", _("All stages")), *Stage.choices],
        required=False,
    )
    hide_flagged = forms.BooleanField(label=_("Hide flagged"), required=False)
    calibrated = forms.BooleanField(
        label=_("Calibrated scores"),
        required=False,
        help_text=_("Remove each safely correctable interviewer's leniency."),
    )
    k = forms.IntegerField(
        label=_("Places to fill (k)"),
        required=False,
        min_value=1,
        max_value=1000,
        help_text=_("P(top k): the chance each candidate truly belongs in the top k."),
    )
    min_score = floor_field(_("Minimum score (0–100)"))
    min_coverage = floor_field(_("Minimum coverage (%)"))
    key_accounts = forms.BooleanField(label=_("Served key accounts"), required=False)

    field_order = ["stage", "hide_flagged", "calibrated", "k"]

    def shortlist_filters(self) -> ShortlistFilters:
        """The valid filters; a field with an error is left out and the others apply."""
        self.is_valid()
        chosen = getattr(self, "cleaned_data", {})

        def number(name: str) -> float | None:
            value = chosen.get(name)
            return None if value is None else float(value)

        return ShortlistFilters(
            stage=chosen.get("stage", ""),
            hide_flagged=chosen.get("hide_flagged", False),
            candidates=self.candidate_filters(),
            min_score=number("min_score"),
            min_coverage=number("min_coverage"),
            key_accounts=chosen.get("key_accounts", False),
        )

    def narrowing_fields(self) -> list:
        """The fields that pick rows (beside stage and flags), for the page's filter box."""
        names = [*CandidateFiltersForm.base_fields, "min_score", "min_coverage"]
        return [self[name] for name in names]


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (Stage.SHORTLISTED, pgettext_lazy("decision", "Shortlist")),
            (Stage.OFFER, _("Offer")),
            (Stage.REJECTED, _("Reject")),
        ],
    )
    note = LongTextField(label=_("Note"), required=False, rows=2)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Shown on its own page after a refusal; posts back to the same address.
        self.helper = submit_helper(_("Record"))


class WhatIfForm(forms.Form):
    """One optional points field per dimension; a blank field keeps the saved weight.

    The typed values are checked by `rubrics.weighting.check_weights`, the
    rule the weight editor saves with.
    """

    def __init__(self, data, *, dimensions) -> None:
        super().__init__(data)
        self.dimensions = list(dimensions)
        for dimension in self.dimensions:
            self.fields[WHATIF_PREFIX + dimension.code] = forms.CharField(
                label=dimension.name,
                required=False,
                widget=forms.NumberInput(
                    attrs={
                        "step": "any",
                        "min": "0",
                        "class": "form-control form-control-sm",
                        "placeholder": f"{float(dimension.weight):g}",
                    }
                ),
            )

    def is_active(self) -> bool:
        """True when the query string carries any what-if weight."""
        return any(self.data.get(name) not in (None, "") for name in self.fields)

    def clean(self) -> dict:
        cleaned = super().clean()
        typed = {
            d.code: cleaned[WHATIF_PREFIX + d.code]
            for d in self.dimensions
            if cleaned.get(WHATIF_PREFIX + d.code, "").strip()
        }
        try:
            self.checked = check_weights(
                codes=[d.code for d in self.dimensions],
                weights=typed,
                base={d.code: d.weight for d in self.dimensions},
            )
        except WeightsError as error:
            for code, messages in error.message_dict.items():
                field = None if code == "__all__" else WHATIF_PREFIX + code
                for message in messages:
                    self.add_error(field, message)
        return cleaned

    def weights(self) -> dict[str, float]:
        """The weights to rank with: typed ones, the saved weight where left blank."""
        return {code: float(points) for code, points in self.checked.items()}

    def fields_with_dimensions(self):
        return [(d, self[WHATIF_PREFIX + d.code]) for d in self.dimensions]

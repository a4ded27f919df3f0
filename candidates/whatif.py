"""What-if weights on the shortlist: read from the query string, ranked, never saved."""

from django import forms
from django.utils.translation import gettext_lazy as _

from candidates.selectors.shortlist import Shortlist

PREFIX = "w_"


class WhatIfForm(forms.Form):
    """One optional points field per dimension; a blank field keeps the saved weight."""

    def __init__(self, data, *, dimensions) -> None:
        super().__init__(data)
        self.dimensions = list(dimensions)
        for dimension in self.dimensions:
            self.fields[PREFIX + dimension.code] = forms.DecimalField(
                label=dimension.name,
                min_value=0,
                max_digits=6,
                decimal_places=2,
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
        if not self.errors and not any(self.weights().values()):
            raise forms.ValidationError(_("At least one weight must be above zero."))
        return cleaned

    def weights(self) -> dict[str, float]:
        """The weights to rank with: typed ones, the saved weight where left blank."""
        typed = self.cleaned_data
        return {
            d.code: float(
                d.weight if typed.get(PREFIX + d.code) is None else typed[PREFIX + d.code]
            )
            for d in self.dimensions
        }

    def fields_with_dimensions(self):
        return [(d, self[PREFIX + d.code]) for d in self.dimensions]


def rank_moves(official: Shortlist, trial: Shortlist) -> dict:
    """Per application ranked in `trial`: places gained against the official order.

    Positive = up; None when the application is not ranked officially.
    """
    official_ranks = {row.key: row.rank for row in official.ranking.ranked}
    return {
        row.key: None if official_ranks.get(row.key) is None else official_ranks[row.key] - row.rank
        for row in trial.ranking.ranked
    }

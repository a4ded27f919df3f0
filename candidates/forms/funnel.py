"""The funnel pages' period: applications created from one day to another."""

from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

ISO_DATE = ["%Y-%m-%d"]


class FunnelPeriodForm(forms.Form):
    """`?since=YYYY-MM-DD&until=YYYY-MM-DD`, both optional and both days included.

    A field with an error is left out of cleaned_data, so the other one still applies.
    """

    since = forms.DateField(
        label=_("Created from"),
        required=False,
        input_formats=ISO_DATE,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    until = forms.DateField(
        label=_("Created until"),
        required=False,
        input_formats=ISO_DATE,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def clean(self) -> dict:
        cleaned = super().clean()
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and since > until:
            self.add_error("until", _("The end of the period must not be before its start."))
        return cleaned

    def period(self) -> tuple[date | None, date | None]:
        """The valid dates typed (None where blank or in error); call after is_valid()."""
        chosen = getattr(self, "cleaned_data", {})
        return chosen.get("since"), chosen.get("until")

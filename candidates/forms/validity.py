"""The post-hire performance record form and the validity report's outcome choice."""

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from candidates.forms.fields import long_text, submit_helper
from candidates.models import OUTCOMES, PerformanceRecord
from candidates.services.performance import FIELDS

EMPLOYED_CHOICES = (
    ("", _("Not recorded")),
    ("true", pgettext_lazy("still employed", "Yes")),
    ("false", pgettext_lazy("still employed", "No")),
)


def outcome_label(outcome: str) -> str:
    """The outcome's name in a sentence ("correlation with …")."""
    return {
        "overall": _("the manager's overall rating"),
        "sales_attainment": _("sales target attainment"),
        "customer_satisfaction": _("customer satisfaction"),
        "retention": _("customer retention"),
        "employed": _("still being employed"),
    }[outcome]


class PerformanceRecordForm(forms.ModelForm):
    """Parses and checks a record; `candidates.services.performance` saves it."""

    note = long_text(PerformanceRecord, "note", rows=3)
    employed = forms.NullBooleanField(
        label=_("Still employed"),
        required=False,
        widget=forms.Select(choices=EMPLOYED_CHOICES),
    )

    class Meta:
        model = PerformanceRecord
        fields = list(FIELDS)
        widgets = {"measured_on": forms.DateInput(attrs={"type": "date"})}
        help_texts = {
            "period_months": _("How long they had been in the job, e.g. 6 or 12."),
            "sales_attainment": _("Sales against target, e.g. 95 for 95%."),
            "customer_satisfaction": _("The clients' average rating on a 1–5 scale."),
            "retention": _("The share of their clients kept over the period."),
            "overall": _("Would you hire them again? 1 = no, 5 = without hesitation."),
        }

    def __init__(self, *args, candidate, **kwargs) -> None:
        if kwargs.get("instance") is None:
            kwargs["instance"] = PerformanceRecord(candidate=candidate)
        super().__init__(*args, **kwargs)
        self.helper = submit_helper(_("Save record"))

    def _get_validation_exclusions(self):
        """The candidate is set by the page, so the one-record-per-period rule is checked
        here too (the service checks it again under the write)."""
        exclusions = super()._get_validation_exclusions()
        exclusions.discard("candidate")
        return exclusions


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=[(outcome, "") for outcome in OUTCOMES],
        required=False,
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["outcome"].choices = [
            (o, capfirst(PerformanceRecord._meta.get_field(o).verbose_name)) for o in OUTCOMES
        ]

    def chosen(self) -> str:
        """The chosen outcome; the manager's overall rating when none or a bad one is asked."""
        if self.is_valid() and self.cleaned_data["outcome"]:
            return self.cleaned_data["outcome"]
        return OUTCOMES[0]

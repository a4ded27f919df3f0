"""The retention policy form (administrators) and the talent-pool consent forms (HR).

They parse and check; candidates.services.retention saves.
"""

from datetime import date

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from candidates.models import DEFAULT_CONSENT_TEXT, Candidate, RetentionPolicy
from rubrics.forms import LongTextField

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class RetentionPolicyForm(forms.ModelForm):
    """The model's checks (1–240 months, the talent pool not shorter) show next to the field."""

    class Meta:
        model = RetentionPolicy
        fields = ["enabled", "months_not_hired", "months_talent_pool"]


def action_helper(name: str, label, url: str) -> FormHelper:
    """A helper posting to `url`, its button named `name`: two forms share the candidate page,
    so their buttons need ids of their own."""
    helper = FormHelper()
    helper.form_action = url
    helper.add_input(Submit(name, label))
    return helper


def not_in_future(day: date) -> None:
    if day > timezone.localdate():
        raise forms.ValidationError(_("This date is in the future."), code="future")


class ConsentForm(forms.Form):
    given_on = forms.DateField(
        label=_("Consent given on"),
        widget=DATE_INPUT,
        validators=[not_in_future],
        error_messages={"required": _("Give the date the candidate consented.")},
    )
    text = LongTextField(
        label=_("Text the candidate agreed to"),
        rows=4,
        help_text=_("Exactly as the candidate saw it: replace the default with the text you used."),
        error_messages={"required": _("Paste the text the candidate agreed to.")},
    )

    def __init__(self, *args, candidate: Candidate, **kwargs) -> None:
        kwargs.setdefault(
            "initial", {"given_on": timezone.localdate(), "text": DEFAULT_CONSENT_TEXT}
        )
        super().__init__(*args, **kwargs)
        url = reverse("candidates:candidate-consent", args=[candidate.pk])
        self.helper = action_helper("record_consent", _("Record consent"), url)


class WithdrawConsentForm(forms.Form):
    withdrawn_on = forms.DateField(
        label=_("Consent withdrawn on"),
        widget=DATE_INPUT,
        validators=[not_in_future],
        error_messages={"required": _("Give the date the candidate withdrew their consent.")},
    )

    def __init__(self, *args, candidate: Candidate, **kwargs) -> None:
        kwargs.setdefault("initial", {"withdrawn_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        url = reverse("candidates:candidate-consent-withdraw", args=[candidate.pk])
        self.helper = action_helper("record_withdrawal", _("Record withdrawal"), url)

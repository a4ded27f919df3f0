"""Forms for HR's pages. Scorecard entry has its own module (scorecard_form.py)."""

import re

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from candidates.models import (
    Application,
    Candidate,
    ClientSize,
    Interview,
    Interviewer,
    Opening,
    Stage,
)
from hiring import roles

TAG_SEPARATORS = re.compile(r"[,，、;；\n]+")


class TagsField(forms.CharField):
    """Free tags typed as one line, separated by commas (also Chinese ， and 、)."""

    def prepare_value(self, value):
        if isinstance(value, list):
            return ", ".join(value)
        return value

    def to_python(self, value) -> list[str]:
        text = super().to_python(value)
        tags = [tag.strip() for tag in TAG_SEPARATORS.split(text or "")]
        return list(dict.fromkeys(tag for tag in tags if tag))


def submit_helper(label) -> FormHelper:
    helper = FormHelper()
    helper.add_input(Submit("save", label))
    return helper


class OpeningForm(forms.ModelForm):
    class Meta:
        model = Opening
        fields = [
            "title",
            "rubric",
            "industry",
            "client_size",
            "description",
            "status",
            "blind_review",
            "hiring_managers",
        ]
        widgets = {"hiring_managers": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["hiring_managers"].queryset = User.objects.filter(
            groups__name=roles.MANAGER
        ).order_by("username")
        self.helper = submit_helper(_("Save opening"))


class CandidateForm(forms.ModelForm):
    industries = TagsField(
        label=_("Industries served"),
        required=False,
        help_text=_("Separate with commas, e.g. Retail banking, Insurance."),
    )
    client_segments = forms.MultipleChoiceField(
        label=_("Client segments served"),
        choices=ClientSize.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    crm_systems = TagsField(
        label=_("CRM systems used"),
        required=False,
        help_text=_("Separate with commas, e.g. Salesforce, Zoho CRM, 纷享销客."),
    )

    class Meta:
        model = Candidate
        fields = [
            "name",
            "email",
            "phone",
            "current_company",
            "current_title",
            "years_experience",
            "industries",
            "client_segments",
            "crm_systems",
            "notes",
            "cv",
        ]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"cv": _("PDF or Word (.docx), at most 5 MB.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["notes"].max_length = 4000
        self.helper = submit_helper(_("Save candidate"))


class AddApplicationForm(forms.ModelForm):
    """Put a candidate on the opening; candidates already on it are not offered."""

    class Meta:
        model = Application
        fields = ["candidate"]

    def __init__(self, *args, opening: Opening, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.opening = opening
        self.fields["candidate"].queryset = Candidate.objects.exclude(
            applications__opening=opening
        ).order_by("name")
        self.helper = submit_helper(_("Add to opening"))
        self.helper.form_action = reverse("candidates:application-create", args=[opening.pk])


class InterviewForm(forms.ModelForm):
    class Meta:
        model = Interview
        fields = ["interviewer", "round_name", "scheduled_at"]
        widgets = {
            "scheduled_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            )
        }

    def __init__(self, *args, application: Application, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.application = application
        self.helper = submit_helper(_("Schedule interview"))

    def validate_unique(self) -> None:
        # application is not a form field, so ModelForm would skip this check.
        try:
            self.instance.validate_constraints()
        except forms.ValidationError:
            self.add_error(
                "round_name",
                _("This interviewer already has this round with this candidate."),
            )


class StageForm(forms.Form):
    stage = forms.ChoiceField(label=_("Stage"), choices=Stage.choices)


class InterviewerForm(forms.ModelForm):
    class Meta:
        model = Interviewer
        fields = ["name", "email", "user"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = User.objects.filter(groups__name=roles.INTERVIEWER).order_by(
            "username"
        )
        self.fields["user"].help_text = _(
            "Optional: link an account so the interviewer can submit their own scorecards."
        )
        self.helper = submit_helper(_("Save interviewer"))


class CandidateSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search by name, e-mail or company"), required=False, max_length=200
    )

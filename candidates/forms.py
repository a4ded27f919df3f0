"""Forms for HR's pages. Scorecard entry has its own module (scorecard_form.py)."""

import re

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from candidates.models import (
    MAX_TEXT,
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


MAX_TAGS_TEXT = 1000


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
    """The model's TextField as a form field of at most MAX_TEXT characters."""
    return model._meta.get_field(name).formfield(
        max_length=MAX_TEXT, widget=forms.Textarea(attrs={"rows": rows})
    )


class OpeningForm(forms.ModelForm):
    description = long_text(Opening, "description", rows=6)

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
    notes = long_text(Candidate, "notes", rows=3)
    # PostgreSQL's smallint stops at 32767; nobody has worked 70 years.
    years_experience = Candidate._meta.get_field("years_experience").formfield(max_value=70)

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
        help_texts = {"cv": _("PDF or Word (.docx), at most 5 MB.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
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

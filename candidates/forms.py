"""Every form of the candidates app: HR's pages, scorecard entry, the shortlist's
filters, what-if weights and decisions, the import and anonymising.

Forms parse and put errors on fields; the rules about a write live in
`candidates.services` (and weights in `rubrics.weighting`), which forms call.
"""

import re

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.conf import settings
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
    Recommendation,
    Stage,
)
from candidates.services.scorecards import (
    NO_EVIDENCE,
    UNANSWERED,
    ScorecardEntry,
    ScoreEntry,
    SubmissionProblem,
    submission_problems,
)
from hiring import roles
from rubrics.weighting import WeightsError, check_weights

WHATIF_PREFIX = "w_"  # what-if weights in the shortlist's query string
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


class ShortlistFilterForm(forms.Form):
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


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (Stage.SHORTLISTED, _("Shortlist")),
            (Stage.OFFER, _("Offer")),
            (Stage.REJECTED, _("Reject")),
        ],
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=2000)


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_("UTF-8, one row per score; see the column list below."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".csv"):
            raise forms.ValidationError(_("Upload a .csv file."))
        if upload.size > settings.MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        return upload


class AnonymiseForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=500,
        help_text=_("For example: erasure request received on 2026-05-04."),
        error_messages={"required": _("Say why the candidate is anonymised.")},
    )


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


NOT_ASSESSED_CHOICE = "na"


class ScorecardForm(forms.Form):
    """Built from the rubric's dimensions (with anchors prefetched).

    A draft may leave dimensions unanswered; submitting applies the submission
    rules of `candidates.services.scorecards` and puts what they find on the
    fields.
    """

    recommendation = forms.ChoiceField(
        label=_("Overall recommendation"),
        choices=Recommendation.choices,
        widget=forms.RadioSelect,
        initial=Recommendation.NO_DECISION,
    )
    summary = forms.CharField(
        label=_("Summary"),
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(
        self, *args, rubric, dimensions, requires_reason: bool, submitting: bool, **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.dimensions = list(dimensions)
        self.extremes = (rubric.scale_min, rubric.scale_max)
        self.submitting = submitting or requires_reason
        levels = range(rubric.scale_min, rubric.scale_max + 1)
        for dimension in self.dimensions:
            anchors = {anchor.level: anchor.description for anchor in dimension.anchors.all()}
            choices = [(str(level), anchors.get(level, "")) for level in levels]
            choices.append((NOT_ASSESSED_CHOICE, _("Not assessed")))
            self.fields[self.score_field(dimension)] = forms.ChoiceField(
                label=dimension.name, choices=choices, required=False, widget=forms.RadioSelect
            )
            self.fields[self.evidence_field(dimension)] = forms.CharField(
                label=_("Evidence for %(dimension)s") % {"dimension": dimension.name},
                required=False,
                max_length=MAX_TEXT,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        if requires_reason:
            self.fields["reason"] = forms.CharField(
                label=_("Reason for changing a submitted scorecard"),
                max_length=MAX_TEXT,
                widget=forms.Textarea(attrs={"rows": 2}),
                error_messages={"required": _("Say why this submitted scorecard is changed.")},
            )

    @staticmethod
    def score_field(dimension) -> str:
        return f"score_{dimension.code}"

    @staticmethod
    def evidence_field(dimension) -> str:
        return f"evidence_{dimension.code}"

    def rows(self):
        """(dimension, score bound field, evidence bound field) for the template."""
        return [
            (d, self[self.score_field(d)], self[self.evidence_field(d)]) for d in self.dimensions
        ]

    def clean(self):
        cleaned = super().clean()
        if self.submitting and not self.errors:
            self.add_problems(
                submission_problems(
                    entry=self.to_entry(),
                    codes=[d.code for d in self.dimensions],
                    scale_min=self.extremes[0],
                    scale_max=self.extremes[1],
                )
            )
        return cleaned

    def add_problems(self, problems: list[SubmissionProblem]) -> None:
        """Put the submission rules' findings next to their fields."""
        fields = {d.code: d for d in self.dimensions}
        for problem in problems:
            if problem.kind == UNANSWERED:
                self.add_error(
                    self.score_field(fields[problem.code]),
                    _("Choose a score or “not assessed” before submitting."),
                )
            elif problem.kind == NO_EVIDENCE:
                self.add_error(
                    self.evidence_field(fields[problem.code]),
                    _("A score of %(level)s needs a line of evidence.") % {"level": problem.level},
                )
            else:
                self.add_error(None, _("Score at least one dimension before submitting."))

    def to_entry(self) -> ScorecardEntry:
        scores = {}
        for dimension in self.dimensions:
            answer = self.cleaned_data.get(self.score_field(dimension))
            if not answer:
                continue
            value = None if answer == NOT_ASSESSED_CHOICE else int(answer)
            evidence = self.cleaned_data.get(self.evidence_field(dimension), "").strip()
            scores[dimension.code] = ScoreEntry(value=value, evidence=evidence)
        return ScorecardEntry(
            scores=scores,
            recommendation=self.cleaned_data["recommendation"],
            summary=self.cleaned_data.get("summary", "").strip(),
        )


def initial_from(scorecard) -> dict:
    """Form initial data from a saved scorecard (None: a blank card)."""
    if scorecard is None:
        return {"version": 0, "recommendation": Recommendation.NO_DECISION}
    initial = {
        "version": scorecard.version,
        "recommendation": scorecard.recommendation,
        "summary": scorecard.summary,
    }
    for score in scorecard.scores.all():
        code = score.dimension.code
        value = NOT_ASSESSED_CHOICE if score.value is None else str(score.value)
        initial[f"score_{code}"] = value
        initial[f"evidence_{code}"] = score.evidence
    return initial

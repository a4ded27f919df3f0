"""HR's forms: openings, candidates, applications, interviews, interviewers and
anonymising."""

import re

from django import forms
from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from candidates.forms.fields import (
    MAX_YEARS,
    CandidateChoiceField,
    TagsField,
    long_text,
    offer_tags,
    record_ids,
    submit_helper,
)
from candidates.models import (
    PERSONAL_FIELDS,
    Application,
    Candidate,
    ClientSize,
    Interview,
    Interviewer,
    Opening,
    OpeningStatus,
    Stage,
    validate_interview_date,
)
from candidates.selectors.candidates import (
    TAG_FIELDS,
    candidates_to_add,
    distinct_tags,
)
from candidates.selectors.interviews import interviewers_team_first
from candidates.services.openings import rubric_switch_problem
from hiring import roles
from rubrics.forms import LongTextField


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
            "interviewers",
        ]
        widgets = {
            "hiring_managers": forms.CheckboxSelectMultiple,
            "interviewers": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["hiring_managers"].queryset = User.objects.filter(
            groups__name=roles.MANAGER
        ).order_by("username")
        self.fields["hiring_managers"].help_text = _(
            "Only these managers see the opening, its shortlist and its candidates, "
            "and record decisions on it."
        )
        self.fields["interviewers"].queryset = Interviewer.objects.order_by("name")
        self.fields["interviewers"].help_text = _(
            "Offered first when an interview is scheduled on this opening."
        )
        self.fields["rubric"].help_text = _(
            "An opening with scores moves only to a rubric (or version) that has every "
            "dimension its candidates are scored on; their scores move with it."
        )
        self.helper = submit_helper(_("Save opening"))

    def clean_rubric(self):
        rubric = self.cleaned_data["rubric"]
        if self.instance.pk is not None:
            problem = rubric_switch_problem(opening=self.instance, rubric=rubric)
            if problem:
                raise forms.ValidationError(problem, code="rubric_switch")
        return rubric

    def rubric_changed(self) -> bool:
        return self.instance.pk is not None and "rubric" in self.changed_data


class CandidateForm(forms.ModelForm):
    industries = TagsField(
        label=_("Industries served"),
        required=False,
        help_text=_("Separate with commas, e.g. Retail banking, Insurance."),
        fold_to="industries",
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
        fold_to="crm_systems",
    )
    notes = long_text(Candidate, "notes", rows=3)
    # PostgreSQL's smallint stops at 32767; nobody has worked 70 years.
    years_experience = Candidate._meta.get_field("years_experience").formfield(max_value=MAX_YEARS)

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
        offer_tags(self, distinct_tags(), {name: name for name in TAG_FIELDS})
        if self.instance.anonymised_at:
            # Shown, not editable; Candidate.clean refuses a changed value all the same.
            self.notice = _(
                "This candidate was anonymised: their personal data was removed and cannot be "
                "entered again. Only years of experience, industries, client segments and CRM "
                "systems may change."
            )
            for name in PERSONAL_FIELDS:
                self.fields[name].disabled = True
                self.fields[name].help_text = _("Removed when the candidate was anonymised.")


class CandidateAdminForm(forms.ModelForm):
    """The Django admin's candidate form: tags typed as one line, as on the candidate
    form, and folded to the spellings in use the same way (TagsField)."""

    industries = TagsField(label=_("Industries served"), required=False, fold_to="industries")
    crm_systems = TagsField(label=_("CRM systems used"), required=False, fold_to="crm_systems")

    class Meta:
        model = Candidate
        # The admin's own `exclude` (the CV) and read-only fields still apply.
        fields = [field for field in CandidateForm.Meta.fields if field != "cv"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        offer_tags(self, distinct_tags(), {name: name for name in TAG_FIELDS})


class SavedOnce:
    """An application form whose save is refused next to its field, not with a 500, when a
    colleague put the same candidate on the same opening a moment earlier."""

    clash_field: str

    def save_once(self) -> Application | None:
        try:
            with transaction.atomic():
                return self.save()  # type: ignore[attr-defined]
        except IntegrityError:
            self.add_error(  # type: ignore[attr-defined]
                self.clash_field, _("This candidate is already on this opening.")
            )
            return None


# A search lists at most this many candidates: past it, HR type more of the name.
CANDIDATES_OFFERED = 20
# What Candidate.code puts before the id: "C-00042" and "42" find the same candidate.
CODE_PREFIX = re.compile(r"^c-", re.IGNORECASE)


class FindCandidateForm(forms.Form):
    """HR's search for a candidate to put on an opening, sent with GET (or along with a
    refused add): bound only once a search is sent, so the page alone shows no error."""

    find = forms.CharField(
        label=_("Find a candidate"),
        # The longest e-mail: nothing longer can match.
        max_length=Candidate._meta.get_field("email").max_length,
        widget=forms.SearchInput(attrs={"class": "form-control", "autocomplete": "off"}),
        help_text=_("Part of the name or e-mail, or the candidate code (C-00042)."),
        error_messages={"required": _("Type part of a name or e-mail, or a candidate code.")},
    )

    def __init__(self, data, *, opening: Opening) -> None:
        super().__init__(data if "find" in data else None)
        self.opening = opening
        self.more = False

    def matches(self) -> list[Candidate]:
        """At most CANDIDATES_OFFERED candidates not on the opening, in one query; `more`
        then says whether others match too."""
        if not self.is_valid():
            return []
        text = self.cleaned_data["find"]
        pks = record_ids([CODE_PREFIX.sub("", text)])
        found = list(candidates_to_add(self.opening, text=text, pks=pks)[: CANDIDATES_OFFERED + 1])
        self.more = len(found) > CANDIDATES_OFFERED
        return found[:CANDIDATES_OFFERED]


class AddApplicationForm(SavedOnce, forms.ModelForm):
    """Put a candidate on the opening, picked among a search's matches (`offer`); candidates
    already on it are neither offered nor accepted."""

    clash_field = "candidate"

    class Meta:
        model = Application
        fields = ["candidate"]
        field_classes = {"candidate": CandidateChoiceField}
        widgets = {"candidate": forms.RadioSelect(attrs={"class": "form-check-input"})}

    def __init__(self, *args, opening: Opening, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.opening = opening
        self.offered: list[Candidate] = []
        self.fields["candidate"].queryset = Candidate.objects.exclude(applications__opening=opening)
        # The list leaves out who is already on the opening (a page open in two tabs).
        self.fields["candidate"].error_messages["invalid_choice"] = _(
            "Choose a candidate from the list: this one is already on the opening or was removed."
        )

    def offer(self, candidates: list[Candidate]) -> None:
        """List these candidates (a search's matches) to choose from."""
        self.offered = candidates
        self.fields["candidate"].offer(candidates)


class AddToOpeningForm(SavedOnce, forms.ModelForm):
    """From the candidate's page: put them on an open opening they are not on yet."""

    clash_field = "opening"

    class Meta:
        model = Application
        fields = ["opening"]

    def __init__(self, *args, candidate: Candidate, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.candidate = candidate
        self.fields["opening"].queryset = (
            Opening.objects.filter(status=OpeningStatus.OPEN)
            .exclude(applications__candidate=candidate)
            .order_by("title")
        )
        self.fields["opening"].error_messages["invalid_choice"] = _(
            "Choose an opening from the list: the candidate is already on this one, or it "
            "is closed."
        )
        self.helper = submit_helper(_("Add to opening"))
        url = reverse("candidates:candidate-add-to-opening", args=[candidate.pk])
        self.helper.form_action = url


class InterviewForm(forms.ModelForm):
    """On an opening with a plan the round is one of the plan's (Interview.clean gives the
    name); without one, any name."""

    class Meta:
        model = Interview
        fields = ["interviewer", "round", "round_name", "scheduled_at"]
        widgets = {
            "scheduled_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            )
        }

    def __init__(self, *args, application: Application, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.application = application
        self.fields["interviewer"].queryset = interviewers_team_first(application.opening_id)
        rounds = application.opening.rounds.all()
        if rounds.exists():
            self.fields["round"].queryset = rounds
            self.fields["round"].required = True
            self.fields["round"].label = _("Round of the plan")
            self.fields["round"].empty_label = None
            del self.fields["round_name"]
        else:
            del self.fields["round"]
        self.helper = submit_helper(_("Schedule interview"))

    def validate_unique(self) -> None:
        # application is not a form field, so ModelForm would skip this check; the
        # model puts a clash next to the round.
        try:
            self.instance.validate_constraints()
        except forms.ValidationError as error:
            for field, errors in error.error_dict.items():
                self.add_error(field if field in self.fields else None, errors)


class StageForm(forms.Form):
    stage = forms.ChoiceField(label=_("Stage"), choices=Stage.choices)


class CancelInterviewForm(forms.Form):
    """Why the interview is cancelled; the rules are in candidates.services.interviews."""

    reason = LongTextField(
        label=_("Reason"),
        rows=2,
        help_text=_("For example: the candidate asked to stop; kept in the history."),
        error_messages={"required": _("Say why the interview is cancelled.")},
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = submit_helper(_("Cancel interview"))


class RescheduleInterviewForm(forms.Form):
    """The new time (the scheduling rule: validate_interview_date) and why it moves."""

    scheduled_at = forms.DateTimeField(
        label=_("New date and time"),
        validators=[validate_interview_date],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    reason = LongTextField(
        label=_("Reason"),
        rows=2,
        error_messages={"required": _("Say why the interview is moved.")},
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = submit_helper(_("Reschedule interview"))


class InterviewerForm(forms.ModelForm):
    class Meta:
        model = Interviewer
        fields = ["name", "email", "user", "language"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = User.objects.filter(groups__name=roles.INTERVIEWER).order_by(
            "username"
        )
        self.fields["user"].help_text = _(
            "Optional: link an account so the interviewer can submit their own scorecards."
        )
        self.helper = submit_helper(_("Save interviewer"))


class AnonymiseForm(forms.Form):
    reason = LongTextField(
        label=_("Reason"),
        rows=2,
        help_text=_("For example: erasure request received on 2026-05-04."),
        error_messages={"required": _("Say why the candidate is anonymised.")},
    )

"""What the API sends and accepts.

Output serializers turn rows fetched by the scoped selectors into JSON. Input
serializers check only the shape of a request (types, ids); the rules are the
pages' own: the body is handed to the page's Django form (CandidateForm,
AddApplicationForm, ScorecardForm, DecisionForm), whose errors come back here
under the API's field names, with the same messages as on the page.
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.settings import api_settings

from candidates.forms import NOT_ASSESSED_CHOICE
from candidates.models import Application, Candidate, Opening, Scorecard
from candidates.selectors.access import candidate_label

# Database ids are signed 64-bit integers.
MAX_ID = 2**63 - 1


def form_errors(form, rename=None) -> ValidationError:
    """A bound, invalid Django form's errors as a 400: {field: [message, ...]}.

    `rename(name)` gives the API's path for a form field, e.g. ("scores", "crm")
    for score_crm; errors of the form as a whole go under non_field_errors.
    """
    detail: dict = {}
    for name, messages in form.errors.items():
        path = (api_settings.NON_FIELD_ERRORS_KEY,) if name == "__all__" else (name,)
        if rename and name != "__all__":
            path = rename(name)
        place = detail
        for key in path[:-1]:
            place = place.setdefault(key, {})
        place.setdefault(path[-1], []).extend(messages)
    return ValidationError(detail)


class OpeningSerializer(serializers.ModelSerializer):
    rubric_name = serializers.CharField(source="rubric.name", read_only=True)

    class Meta:
        model = Opening
        fields = [
            "id",
            "title",
            "rubric",
            "rubric_name",
            "industry",
            "client_size",
            "description",
            "status",
            "blind_review",
            "hiring_managers",
            "created_at",
        ]
        read_only_fields = fields


class CandidateSerializer(serializers.ModelSerializer):
    """Contacts (e-mail, phone) are null for a reader who may not see them on the pages."""

    code = serializers.CharField(read_only=True)
    email = serializers.CharField(read_only=True, allow_null=True)
    phone = serializers.CharField(read_only=True, allow_null=True)
    industries = serializers.ListField(child=serializers.CharField(), read_only=True)
    client_segments = serializers.ListField(child=serializers.CharField(), read_only=True)
    crm_systems = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta:
        model = Candidate
        fields = [
            "id",
            "code",
            "name",
            "email",
            "phone",
            "current_company",
            "current_title",
            "years_experience",
            "industries",
            "client_segments",
            "crm_systems",
            "created_at",
            "anonymised_at",
        ]
        read_only_fields = fields

    def to_representation(self, instance: Candidate) -> dict:
        data = super().to_representation(instance)
        if not self.context.get("show_contacts", False):
            data["email"] = data["phone"] = None
        return data


class CandidateInputSerializer(serializers.Serializer):
    """The new candidate's fields as on the page's form (no CV: JSON carries no file)."""

    name = serializers.CharField()
    email = serializers.CharField(required=False, allow_blank=True)
    phone = serializers.CharField(required=False, allow_blank=True)
    current_company = serializers.CharField(required=False, allow_blank=True)
    current_title = serializers.CharField(required=False, allow_blank=True)
    years_experience = serializers.IntegerField(required=False, allow_null=True)
    industries = serializers.ListField(child=serializers.CharField(), required=False)
    client_segments = serializers.ListField(child=serializers.CharField(), required=False)
    crm_systems = serializers.ListField(child=serializers.CharField(), required=False)
    notes = serializers.CharField(required=False, allow_blank=True)

    TAGS = ("industries", "crm_systems")

    def form_data(self) -> dict:
        """The page form's data: tags typed as one comma-separated line, as on the page."""
        data = dict(self.validated_data)
        for name in self.TAGS:
            if name in data:
                data[name] = ", ".join(data[name])
        return data


class ApplicationSerializer(serializers.ModelSerializer):
    candidate_name = serializers.CharField(source="candidate.name", read_only=True)

    class Meta:
        model = Application
        fields = [
            "id",
            "candidate",
            "candidate_name",
            "opening",
            "stage",
            "decided_by",
            "decided_at",
            "decision_note",
            "created_at",
        ]
        read_only_fields = fields


class ApplicationInputSerializer(serializers.Serializer):
    candidate = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    # HR and Administrators, who alone may add applications, see every opening.
    opening = serializers.PrimaryKeyRelatedField(queryset=Opening.objects.all())


class DecisionInputSerializer(serializers.Serializer):
    decision = serializers.CharField(help_text=_("shortlisted, offer or rejected"))
    note = serializers.CharField(required=False, allow_blank=True)


class ScoreSerializer(serializers.Serializer):
    value = serializers.IntegerField(allow_null=True, help_text=_("null: not assessed"))
    evidence = serializers.CharField()


class ScorecardSerializer(serializers.ModelSerializer):
    """A scorecard with its scores by dimension code; the candidate as the user may see them
    (the candidate code for an interviewer on a blind-review opening)."""

    application = serializers.IntegerField(source="interview.application_id", read_only=True)
    candidate = serializers.SerializerMethodField()
    interviewer = serializers.CharField(source="interview.interviewer.name", read_only=True)
    round = serializers.CharField(source="interview.round_label", read_only=True)
    scores = serializers.SerializerMethodField()

    class Meta:
        model = Scorecard
        fields = [
            "id",
            "interview",
            "application",
            "candidate",
            "interviewer",
            "round",
            "recommendation",
            "summary",
            "submitted_at",
            "version",
            "scores",
        ]
        read_only_fields = fields

    def get_candidate(self, scorecard: Scorecard) -> str:
        application = scorecard.interview.application
        return candidate_label(application.candidate, application.opening, self.context["user"])

    @extend_schema_field(serializers.DictField(child=ScoreSerializer()))
    def get_scores(self, scorecard: Scorecard) -> dict:
        return {
            score.dimension.code: {"value": score.value, "evidence": score.evidence}
            for score in scorecard.scores.all()
        }


class ScorecardInputSerializer(serializers.Serializer):
    """A scorecard to submit: a level or null ("not assessed") per dimension code."""

    scores = serializers.DictField(child=serializers.IntegerField(allow_null=True))
    evidence = serializers.DictField(
        child=serializers.CharField(allow_blank=True), required=False, default=dict
    )
    recommendation = serializers.CharField()
    summary = serializers.CharField(required=False, allow_blank=True, default="")
    version = serializers.IntegerField(
        required=False,
        min_value=0,
        max_value=MAX_ID,
        help_text=_("The version you read; left out: the current one."),
    )
    reason = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text=_("Why a submitted scorecard is changed (needed then)."),
    )

    def form_data(self, *, codes: list[str], current_version: int) -> dict:
        """The scorecard page's form data; codes not on the rubric are refused here."""
        typed = self.validated_data
        unknown = [code for code in [*typed["scores"], *typed["evidence"]] if code not in codes]
        if unknown:
            message = _("Not a dimension of this rubric.")
            raise ValidationError({"scores": {code: [message] for code in unknown}})
        data = {
            "recommendation": typed["recommendation"],
            "summary": typed["summary"],
            "version": typed.get("version", current_version),
            "reason": typed["reason"],
        }
        for code, value in typed["scores"].items():
            data[f"score_{code}"] = NOT_ASSESSED_CHOICE if value is None else str(value)
        for code, text in typed["evidence"].items():
            data[f"evidence_{code}"] = text
        return data


def scorecard_field(name: str) -> tuple[str, ...]:
    """The API's path of a scorecard form field: score_crm -> ("scores", "crm")."""
    for prefix, key in (("score_", "scores"), ("evidence_", "evidence")):
        if name.startswith(prefix):
            return key, name.removeprefix(prefix)
    return (name,)


class RankingSerializer(serializers.Serializer):
    """ranking.json: one page of the ranked rows, then those needing more evidence.

    Each row: rank, application, candidate, email (null for readers without
    contacts), stage, score, score_100, coverage, bracket, scorecards, eligible,
    reasons, dimensions, flags, ahead_on, flip, and the confidence figures se,
    ci_low, ci_high (the 90% interval), p_top_k and k.
    """

    opening = serializers.CharField()
    rubric = serializers.CharField()
    weights = serializers.DictField(child=serializers.FloatField())
    calibrated = serializers.BooleanField()
    k = serializers.IntegerField()
    pooled_sd = serializers.FloatField(allow_null=True)
    total = serializers.IntegerField()
    page = serializers.IntegerField()
    pages = serializers.IntegerField()
    rows = serializers.ListField(child=serializers.DictField())
    needs_more_evidence = serializers.ListField(child=serializers.DictField())


class DetailSerializer(serializers.Serializer):
    detail = serializers.CharField()

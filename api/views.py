"""API v1 views: check the role (permissions.HasApiRole), fetch through the scoped
selectors (outside the scope: 404), write through the pages' forms and services."""

from django import forms
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.decorators import api_view, authentication_classes, permission_classes
from rest_framework.exceptions import NotFound, ParseError
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework.views import exception_handler as drf_exception_handler

from api import selectors
from api.serializers import (
    MAX_ID,
    ApplicationInputSerializer,
    ApplicationSerializer,
    CandidateInputSerializer,
    CandidateSerializer,
    DecisionInputSerializer,
    DetailSerializer,
    OpeningSerializer,
    RankingSerializer,
    ScorecardInputSerializer,
    ScorecardSerializer,
    form_errors,
    scorecard_field,
)
from candidates.export import BadPage, json_page, shortlist_json
from candidates.forms import (
    AddApplicationForm,
    CandidateForm,
    DecisionForm,
    ScorecardForm,
    ShortlistFilterForm,
)
from candidates.models import Scorecard
from candidates.selectors.access import (
    interview_for_user,
    sees_contact_details,
    sees_listed_contacts,
)
from candidates.selectors.interviews import current_scorecard, dimensions_for_entry
from candidates.selectors.openings import application_or_404, opening_or_404
from candidates.selectors.plans import focus_codes
from candidates.services.scorecards import (
    IncompleteScorecard,
    InterviewCancelled,
    ScorecardConflict,
    save_scorecard,
)
from candidates.services.stages import change_stage
from candidates.views.shortlists import export_filters, exported_shortlist, json_choices
from hiring import roles

SCORECARD_READERS = (*roles.READERS, roles.INTERVIEWER)


def exception_handler(exc, context):
    """DRF's handler, with a 404's detail the same short "Not found." for every object:
    the selectors' Http404 names no model, and outside the scope says nothing more."""
    if isinstance(exc, Http404):
        exc = NotFound()
    return drf_exception_handler(exc, context)


@extend_schema(exclude=True)
@api_view(["GET", "POST", "PUT", "PATCH", "DELETE"])
@authentication_classes([])
@permission_classes([AllowAny])
def not_found(request: Request, rest: str) -> Response:
    """Any other address under /api/v1/: a JSON 404, not the site's HTML page."""
    raise NotFound()


class IdFilter(serializers.Serializer):
    opening = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID)
    application = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID)


def id_filter(request: Request, name: str) -> int | None:
    """`?name=<id>` checked (a 400 for anything but an id), None when absent."""
    checked = IdFilter(
        data={name: request.query_params[name]} if name in request.query_params else {}
    )
    checked.is_valid(raise_exception=True)
    return checked.validated_data.get(name)


def id_parameter(name: str) -> OpenApiParameter:
    return OpenApiParameter(name, OpenApiTypes.INT, required=False)


FILTER_TYPES = {
    forms.BooleanField: OpenApiTypes.BOOL,
    forms.IntegerField: OpenApiTypes.INT,
    forms.DecimalField: OpenApiTypes.NUMBER,
}


def filter_parameters() -> list[OpenApiParameter]:
    """The shortlist page's filters (`?calibrated=`, `?k=`, `?stage=`, ...), read from its
    form, so the schema lists what ranking.json reads, whatever the form gains."""
    return [
        OpenApiParameter(name, FILTER_TYPES.get(type(field), OpenApiTypes.STR), required=False)
        for name, field in ShortlistFilterForm.base_fields.items()
    ]


class OpeningList(generics.ListAPIView):
    """The openings the user may see: every one for HR and rubric admins, a manager's team's."""

    allowed_roles = roles.READERS
    serializer_class = OpeningSerializer

    def get_queryset(self):
        return selectors.openings_list(self.request.user)


class OpeningDetail(generics.RetrieveAPIView):
    allowed_roles = roles.READERS
    serializer_class = OpeningSerializer

    def get_queryset(self):
        return selectors.openings_list(self.request.user)


class OpeningRanking(APIView):
    """ranking.json of the opening's shortlist page: the same rows, fields and paging."""

    allowed_roles = roles.READERS

    @extend_schema(
        responses={200: RankingSerializer, 400: DetailSerializer, 404: DetailSerializer},
        parameters=[
            OpenApiParameter("page", OpenApiTypes.INT, required=False),
            OpenApiParameter("page_size", OpenApiTypes.INT, required=False),
            *filter_parameters(),
        ],
    )
    def get(self, request: Request, pk: int) -> Response:
        opening = opening_or_404(pk, request.user)
        calibrated, k = json_choices(request)
        try:
            page = json_page(
                request.query_params.get("page"), request.query_params.get("page_size")
            )
            shortlist = exported_shortlist(request, opening, calibrated=calibrated)
            return Response(shortlist_json(shortlist, k, page, filters=export_filters(request)))
        except BadPage as error:
            raise ParseError(str(error)) from None


class CandidateList(generics.ListCreateAPIView):
    """Readers list the candidates in their scope; HR add one, as on the New candidate page."""

    allowed_roles_by_method = {"GET": roles.READERS, "POST": roles.HR_ROLES}
    serializer_class = CandidateSerializer

    def get_queryset(self):
        return selectors.candidates_list(self.request.user)

    def get_serializer_context(self) -> dict:
        return {**super().get_serializer_context(), "user": self.request.user}

    def list(self, request: Request, *args, **kwargs) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        context = {
            **self.get_serializer_context(),
            "show_contacts": sees_listed_contacts(request.user),
        }
        return self.get_paginated_response(
            CandidateSerializer(page, many=True, context=context).data
        )

    @extend_schema(request=CandidateInputSerializer, responses={201: CandidateSerializer})
    def create(self, request: Request, *args, **kwargs) -> Response:
        typed = CandidateInputSerializer(data=request.data)
        typed.is_valid(raise_exception=True)
        form = CandidateForm(data=typed.form_data())
        if not form.is_valid():
            raise form_errors(form)
        candidate = form.save()
        data = CandidateSerializer(candidate, context={"show_contacts": True}).data
        return Response(data, status=status.HTTP_201_CREATED)


class CandidateDetail(generics.RetrieveAPIView):
    allowed_roles = roles.READERS
    serializer_class = CandidateSerializer

    def get_queryset(self):
        return selectors.candidates_list(self.request.user)

    def retrieve(self, request: Request, *args, **kwargs) -> Response:
        candidate = self.get_object()
        show = sees_contact_details(request.user, candidate)
        return Response(CandidateSerializer(candidate, context={"show_contacts": show}).data)


class ApplicationList(generics.ListCreateAPIView):
    """Applications on the openings in the user's scope (`?opening=`); HR add one."""

    allowed_roles_by_method = {"GET": roles.READERS, "POST": roles.HR_ROLES}
    serializer_class = ApplicationSerializer

    def get_queryset(self):
        opening = id_filter(self.request, "opening")
        return selectors.applications_list(self.request.user, opening=opening)

    @extend_schema(parameters=[id_parameter("opening")])
    def get(self, request: Request, *args, **kwargs) -> Response:
        return super().get(request, *args, **kwargs)

    @extend_schema(request=ApplicationInputSerializer, responses={201: ApplicationSerializer})
    def post(self, request: Request, *args, **kwargs) -> Response:
        typed = ApplicationInputSerializer(data=request.data)
        typed.is_valid(raise_exception=True)
        opening = typed.validated_data["opening"]
        form = AddApplicationForm(
            data={"candidate": typed.validated_data["candidate"]}, opening=opening
        )
        application = form.save_once() if form.is_valid() else None
        if application is None:
            raise form_errors(form)
        return Response(ApplicationSerializer(application).data, status=status.HTTP_201_CREATED)


class ApplicationDetail(generics.RetrieveAPIView):
    allowed_roles = roles.READERS
    serializer_class = ApplicationSerializer

    def get_queryset(self):
        return selectors.applications_list(self.request.user)


class ApplicationDecision(APIView):
    """A hiring manager's decision on an application of their team's opening."""

    allowed_roles = (roles.MANAGER,)

    @extend_schema(request=DecisionInputSerializer, responses={200: ApplicationSerializer})
    def post(self, request: Request, pk: int) -> Response:
        application = application_or_404(pk, request.user)
        typed = DecisionInputSerializer(data=request.data)
        typed.is_valid(raise_exception=True)
        form = DecisionForm(data=typed.validated_data)
        if not form.is_valid():
            raise form_errors(form)
        change_stage(
            application=application,
            stage=form.cleaned_data["decision"],
            by=request.user,
            note=form.cleaned_data["note"],
            decision=True,
        )
        return Response(ApplicationSerializer(application).data)


class ScorecardList(generics.ListAPIView):
    """Submitted scorecards, under the blind rules of the pages (`?application=`)."""

    allowed_roles = SCORECARD_READERS
    serializer_class = ScorecardSerializer

    def get_queryset(self):
        application = id_filter(self.request, "application")
        return selectors.scorecards_list(self.request.user, application=application)

    def get_serializer_context(self) -> dict:
        return {**super().get_serializer_context(), "user": self.request.user}

    @extend_schema(parameters=[id_parameter("application")])
    def get(self, request: Request, *args, **kwargs) -> Response:
        return super().get(request, *args, **kwargs)


class InterviewScorecard(APIView):
    """Submit the interview's scorecard: HR any interview, an interviewer their own."""

    allowed_roles = (*roles.HR_ROLES, roles.INTERVIEWER)

    @extend_schema(
        request=ScorecardInputSerializer,
        responses={
            200: ScorecardSerializer,
            201: ScorecardSerializer,
            400: OpenApiTypes.OBJECT,
            409: DetailSerializer,
        },
    )
    def post(self, request: Request, pk: int) -> Response:
        interview = interview_for_user(request.user, pk)
        form, earlier = scorecard_form(request, interview)
        try:
            saved = save_scorecard(
                interview=interview,
                entry=form.to_entry(),
                by=request.user,
                expected_version=form.cleaned_data["version"],
                submit=True,
                reason=form.cleaned_data.get("reason", ""),
            )
        except ScorecardConflict:
            return Response(
                {"detail": _("Someone saved this scorecard after the version you sent.")},
                status=status.HTTP_409_CONFLICT,
            )
        except IncompleteScorecard as incomplete:
            form.add_problems(incomplete.problems)
            raise form_errors(form, scorecard_field) from None
        except InterviewCancelled:
            # The scorecard page's own message, on the card as a whole.
            form.add_error(None, _("This interview was cancelled: it takes no scorecard."))
            raise form_errors(form, scorecard_field) from None
        shown = selectors.scorecards_list(request.user).get(pk=saved.pk)
        data = ScorecardSerializer(shown, context={"user": request.user}).data
        return Response(data, status=status.HTTP_200_OK if earlier else status.HTTP_201_CREATED)


def scorecard_form(request: Request, interview) -> tuple[ScorecardForm, Scorecard | None]:
    """The scorecard page's form, bound to the request's body and valid, or a 400;
    with the interview's submitted scorecard, if any (changing it needs a reason)."""
    rubric = interview.application.opening.rubric
    dimensions = list(dimensions_for_entry(rubric))
    scorecard = current_scorecard(interview)
    typed = ScorecardInputSerializer(data=request.data)
    typed.is_valid(raise_exception=True)
    data = typed.form_data(
        codes=[d.code for d in dimensions], current_version=scorecard.version if scorecard else 0
    )
    form = ScorecardForm(
        data,
        rubric=rubric,
        dimensions=dimensions,
        requires_reason=bool(scorecard and scorecard.is_submitted),
        submitting=True,
        focus=focus_codes(interview.round),
    )
    if not form.is_valid():
        raise form_errors(form, scorecard_field)
    return form, scorecard if scorecard and scorecard.is_submitted else None

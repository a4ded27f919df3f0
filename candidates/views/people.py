"""Candidates (search, create, edit, the candidate page) and interviewers."""

from typing import Any

from django.contrib import messages
from django.contrib.messages.views import SuccessMessageMixin
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from django.views.generic import CreateView, DetailView, ListView, UpdateView

from candidates.charts import Radar, radar_against_average
from candidates.forms import AddToOpeningForm, CandidateForm, CandidateSearchForm, InterviewerForm
from candidates.forms.retention import ConsentForm, WithdrawConsentForm
from candidates.models import Candidate, Interviewer
from candidates.selectors.access import (
    candidates_for_user,
    sees_contact_details,
    sees_listed_contacts,
)
from candidates.selectors.candidates import (
    audit_entries,
    candidate_dossier,
    candidate_or_404,
    opening_average,
    search_candidates,
    tags_for_user,
)
from candidates.selectors.interviews import interviewer_list
from candidates.selectors.retention import (
    candidate_retention,
    consent_history,
    has_standing_consent,
)
from candidates.selectors.validity import may_record_performance, performance_records
from hiring import roles
from hiring.roles import RoleRequiredMixin, role_required


class CandidateListView(RoleRequiredMixin, ListView):
    """Search and filters in the query string (GET), kept by the pager; the tags in use
    are read once, for the filters and for the inputs' suggestions."""

    allowed_roles = roles.READERS
    template_name = "candidates/candidate_list.html"
    context_object_name = "candidates"
    paginate_by = 50

    def get_queryset(self):
        user = self.request.user
        self.search = CandidateSearchForm(self.request.GET)
        in_use = tags_for_user(user)
        self.search.offer_tags(in_use)
        return search_candidates("", user, self.search.filters(), in_use)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            search=self.search,
            show_contacts=sees_listed_contacts(self.request.user),
            **kwargs,
        )


class CandidateEditMixin(RoleRequiredMixin, SuccessMessageMixin):
    allowed_roles = roles.HR_ROLES
    model = Candidate
    form_class = CandidateForm
    template_name = "candidates/form_page.html"
    success_message = _("Candidate “%(name)s” saved.")

    def get_success_url(self) -> str:
        return reverse("candidates:candidate-detail", args=[self.object.pk])


class CandidateCreateView(CandidateEditMixin, CreateView):
    extra_context = {"page_title": _("New candidate")}


class CandidateUpdateView(CandidateEditMixin, UpdateView):
    extra_context = {"page_title": _("Edit candidate")}


class CandidateDetailView(RoleRequiredMixin, DetailView):
    allowed_roles = roles.READERS
    model = Candidate
    template_name = "candidates/candidate_detail.html"
    context_object_name = "candidate"

    def get_queryset(self):
        # Rubric admins may open the page (the shortlist links here) but see no contacts.
        return candidates_for_user(self.request.user)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        user = self.request.user
        if roles.has_role(user, *roles.HR_ROLES):
            kwargs.setdefault("add_form", AddToOpeningForm(candidate=self.object))
            # Retention and talent-pool consent (candidates.selectors.retention): HR only.
            kwargs.setdefault("retention", candidate_retention(self.object))
            kwargs.setdefault("consents", consent_history(self.object))
            kwargs.setdefault("consent_standing", has_standing_consent(self.object))
            kwargs.setdefault("consent_form", ConsentForm(candidate=self.object))
            kwargs.setdefault("withdraw_form", WithdrawConsentForm(candidate=self.object))
        charted = [
            (dossier, candidate_radar(self.object, dossier))
            for dossier in candidate_dossier(self.object, user)
        ]
        return super().get_context_data(
            dossiers=charted,
            performance_records=performance_records(self.object),
            may_record=may_record_performance(user, self.object),
            audit_entries=audit_entries(self.object),
            show_contacts=sees_contact_details(user, self.object),
            **kwargs,
        )


def candidate_radar(candidate: Candidate, dossier) -> Radar:
    """The candidate's means on one application against that opening's average."""
    opening = dossier.application.opening
    return radar_against_average(
        dossier.dimensions,
        [(candidate.name, [summary.mean for _dimension, summary in dossier.summaries])],
        opening_average(opening, dossier.dimensions),
        rubric=opening.rubric,
        title=_("Dimension means of %(name)s against the opening average")
        % {"name": candidate.name},
        chart_id=f"radar-{dossier.application.pk}",
    )


class InterviewerListView(RoleRequiredMixin, ListView):
    allowed_roles = roles.HR_ROLES
    template_name = "candidates/interviewer_list.html"
    context_object_name = "interviewers"

    def get_queryset(self):
        return interviewer_list()


class InterviewerEditMixin(RoleRequiredMixin, SuccessMessageMixin):
    allowed_roles = roles.HR_ROLES
    model = Interviewer
    form_class = InterviewerForm
    template_name = "candidates/form_page.html"
    success_message = _("Interviewer “%(name)s” saved.")
    success_url = reverse_lazy("candidates:interviewer-list")


class InterviewerCreateView(InterviewerEditMixin, CreateView):
    extra_context = {"page_title": _("New interviewer")}


class InterviewerUpdateView(InterviewerEditMixin, UpdateView):
    extra_context = {"page_title": _("Edit interviewer")}


@role_required(*roles.HR_ROLES)
@require_POST
def add_to_opening(request: HttpRequest, pk: int) -> HttpResponse:
    """From the candidate's page: put them on an opening; a bad choice shows next to it."""
    candidate = candidate_or_404(pk, request.user)
    form = AddToOpeningForm(request.POST, candidate=candidate)
    application = form.save_once() if form.is_valid() else None
    if application is None:
        view = CandidateDetailView(request=request, kwargs={"pk": pk}, object=candidate)
        context = view.get_context_data(add_form=form)
        return render(request, view.template_name, context, status=400)
    messages.success(
        request,
        _("%(candidate)s added to %(opening)s.")
        % {"candidate": candidate, "opening": application.opening},
    )
    return redirect("candidates:opening-detail", application.opening_id)

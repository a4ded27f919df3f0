"""Candidates (search, create, edit, the candidate page) and interviewers."""

from typing import Any

from django.contrib.messages.views import SuccessMessageMixin
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.views.generic import CreateView, DetailView, ListView, UpdateView

from candidates.charts import Radar, radar_against_average
from candidates.forms import CandidateForm, CandidateSearchForm, InterviewerForm
from candidates.models import Candidate, Interviewer
from candidates.selectors.candidates import candidate_dossier, opening_averages, search_candidates
from hiring import roles
from hiring.roles import RoleRequiredMixin

READERS = (roles.HR, roles.MANAGER, roles.RUBRIC_ADMIN)


class CandidateListView(RoleRequiredMixin, ListView):
    allowed_roles = READERS
    template_name = "candidates/candidate_list.html"
    context_object_name = "candidates"
    paginate_by = 50

    def get_queryset(self):
        self.search = CandidateSearchForm(self.request.GET)
        query = self.search.cleaned_data["q"] if self.search.is_valid() else ""
        return search_candidates(query.strip())

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(search=self.search, **kwargs)


class CandidateEditMixin(RoleRequiredMixin, SuccessMessageMixin):
    allowed_roles = (roles.HR,)
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
    allowed_roles = READERS
    model = Candidate
    template_name = "candidates/candidate_detail.html"
    context_object_name = "candidate"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        dossiers = candidate_dossier(self.object)
        averages = opening_averages([dossier.application.opening_id for dossier in dossiers])
        charted = [
            (
                dossier,
                candidate_radar(self.object, dossier, averages[dossier.application.opening_id]),
            )
            for dossier in dossiers
        ]
        audit_entries = self.object.audit_entries.select_related("actor")
        return super().get_context_data(dossiers=charted, audit_entries=audit_entries, **kwargs)


def candidate_radar(candidate: Candidate, dossier, averages: dict[str, float]) -> Radar:
    """The candidate's means on one application against that opening's average."""
    return radar_against_average(
        dossier.dimensions,
        [(candidate.name, [summary.mean for _dimension, summary in dossier.summaries])],
        averages,
        rubric=dossier.application.opening.rubric,
        title=_("Dimension means of %(name)s against the opening average")
        % {"name": candidate.name},
        chart_id=f"radar-{dossier.application.pk}",
    )


class InterviewerListView(RoleRequiredMixin, ListView):
    allowed_roles = (roles.HR,)
    template_name = "candidates/interviewer_list.html"
    context_object_name = "interviewers"
    queryset = Interviewer.objects.select_related("user")


class InterviewerEditMixin(RoleRequiredMixin, SuccessMessageMixin):
    allowed_roles = (roles.HR,)
    model = Interviewer
    form_class = InterviewerForm
    template_name = "candidates/form_page.html"
    success_message = _("Interviewer “%(name)s” saved.")
    success_url = reverse_lazy("candidates:interviewer-list")


class InterviewerCreateView(InterviewerEditMixin, CreateView):
    extra_context = {"page_title": _("New interviewer")}


class InterviewerUpdateView(InterviewerEditMixin, UpdateView):
    extra_context = {"page_title": _("Edit interviewer")}

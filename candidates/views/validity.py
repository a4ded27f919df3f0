"""After the hire: performance records on the candidate's page, and the validity report
(does the interview score predict them?) per rubric and per opening."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from candidates.forms.validity import OutcomeForm, PerformanceRecordForm, outcome_label
from candidates.scoring.validity import MIN_N
from candidates.selectors.candidates import candidate_or_404
from candidates.selectors.openings import opening_or_404
from candidates.selectors.validity import (
    RECORDERS,
    candidate_problem,
    reading,
    rubrics_with_records,
    validity_report,
)
from candidates.services.performance import change_performance, record_performance
from hiring import roles
from hiring.roles import role_required
from rubrics.models import WeightMethod
from rubrics.selectors import rubric_or_404
from rubrics.views import editor_url

# The rubric-wide report spans openings a manager may not see.
RUBRIC_READERS = (*roles.HR_ROLES, roles.RUBRIC_ADMIN)


@role_required(*RECORDERS)
def performance_record(request: HttpRequest, pk: int, record_pk: int | None = None):
    """Add a record for the candidate, or correct one (`record_pk`)."""
    candidate = candidate_or_404(pk, request.user)
    record = None
    if record_pk is not None:
        record = get_object_or_404(candidate.performance_records, pk=record_pk)
    elif problem := candidate_problem(candidate):
        messages.error(request, problem)
        return redirect("candidates:candidate-detail", candidate.pk)
    form = PerformanceRecordForm(request.POST or None, candidate=candidate, instance=record)
    if request.method == "POST" and form.is_valid():
        try:
            if record is None:
                record_performance(candidate=candidate, by=request.user, values=form.cleaned_data)
            else:
                change_performance(record=record, by=request.user, values=form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Performance record saved."))
            return redirect("candidates:candidate-detail", candidate.pk)
    title = _("Performance after the hire: %(name)s") % {"name": candidate.name}
    context = {"form": form, "page_title": title, "candidate": candidate}
    return render(request, "candidates/form_page.html", context, status=400 if form.errors else 200)


@role_required(*RUBRIC_READERS)
def validity_index(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "candidates/validity_index.html",
        {"rubrics": rubrics_with_records(), "min_n": MIN_N},
    )


@role_required(*RUBRIC_READERS)
def rubric_validity(request: HttpRequest, pk: int) -> HttpResponse:
    rubric = rubric_or_404(pk)
    return _report_page(request, rubric=rubric, opening=None)


@role_required(*roles.READERS)
def opening_validity(request: HttpRequest, pk: int) -> HttpResponse:
    opening = opening_or_404(pk, request.user)
    return _report_page(request, rubric=opening.rubric, opening=opening)


def _report_page(request: HttpRequest, *, rubric, opening) -> HttpResponse:
    form = OutcomeForm(request.GET or None)
    report = validity_report(rubric=rubric, outcome=form.chosen(), opening=opening)
    proposal_url = None
    if report.proposal and roles.has_role(request.user, roles.RUBRIC_ADMIN):
        points = {line.code: line.points for line in report.dimensions}
        reason = _(
            "Proposed by the validity report: points in proportion to each dimension's "
            "correlation with %(outcome)s (n = %(n)d)."
        ) % {"outcome": outcome_label(report.outcome), "n": report.proposal.n}
        proposal_url = editor_url(rubric, points, WeightMethod.VALIDITY, reason)
    context = {
        "rubric": rubric,
        "opening": opening,
        "form": form,
        "report": report,
        "outcome": outcome_label(report.outcome),
        "readings": {line.code: reading(line.correlation) for line in report.dimensions},
        "weighted_reading": reading(report.weighted),
        "equal_reading": reading(report.equal_weights),
        "proposal_url": proposal_url,
        "min_n": MIN_N,
    }
    return render(request, "candidates/validity.html", context)

"""The retention policy page (administrators) and talent-pool consent on the candidate page (HR)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from candidates.forms.retention import ConsentForm, RetentionPolicyForm, WithdrawConsentForm
from candidates.models import Candidate
from candidates.selectors.candidates import candidate_or_404
from candidates.selectors.retention import (
    current_policy,
    due_candidates,
    policy_history,
    recent_runs,
)
from candidates.services.retention import (
    POLICY_FIELDS,
    ConsentRefused,
    record_consent,
    update_policy,
    withdraw_consent,
)
from candidates.views.people import CandidateDetailView
from hiring import roles
from hiring.roles import role_required

# The page lists this many of the candidates past their period; the count says how many.
DUE_LISTED = 50


@role_required(roles.ADMINISTRATOR)
def retention_policy(request: HttpRequest) -> HttpResponse:
    data = request.POST if request.method == "POST" else None
    form = RetentionPolicyForm(data, instance=current_policy())
    if form.is_valid():
        try:
            update_policy(
                by=request.user, **{name: form.cleaned_data[name] for name in POLICY_FIELDS}
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Retention policy saved."))
            return redirect("candidates:retention-policy")
    policy = current_policy()
    due = due_candidates(policy=policy, today=timezone.localdate())
    context = {
        "form": form,
        "policy": policy,
        "due": due[:DUE_LISTED],
        "due_count": len(due),
        "history": policy_history(),
        "runs": recent_runs(),
    }
    return render(request, "candidates/retention_policy.html", context)


def _candidate_page(request: HttpRequest, candidate: Candidate, **forms) -> HttpResponse:
    """The candidate page again with the refused form and its messages."""
    view = CandidateDetailView(request=request, kwargs={"pk": candidate.pk}, object=candidate)
    context = view.get_context_data(**forms)
    return render(request, view.template_name, context, status=400)


@role_required(*roles.HR_ROLES)
@require_POST
def candidate_consent(request: HttpRequest, pk: int) -> HttpResponse:
    candidate = candidate_or_404(pk, request.user)
    form = ConsentForm(request.POST, candidate=candidate)
    if form.is_valid():
        try:
            record_consent(
                candidate=candidate,
                by=request.user,
                given_on=form.cleaned_data["given_on"],
                text=form.cleaned_data["text"],
            )
        except ConsentRefused as refused:
            form.add_error(refused.field, refused.message)
        else:
            messages.success(request, _("Talent-pool consent recorded."))
            return redirect("candidates:candidate-detail", candidate.pk)
    return _candidate_page(request, candidate, consent_form=form)


@role_required(*roles.HR_ROLES)
@require_POST
def candidate_consent_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    candidate = candidate_or_404(pk, request.user)
    form = WithdrawConsentForm(request.POST, candidate=candidate)
    if form.is_valid():
        try:
            withdraw_consent(
                candidate=candidate, by=request.user, withdrawn_on=form.cleaned_data["withdrawn_on"]
            )
        except ConsentRefused as refused:
            form.add_error(refused.field, refused.message)
        else:
            messages.success(
                request, _("Withdrawal recorded: the usual retention period applies again.")
            )
            return redirect("candidates:candidate-detail", candidate.pk)
    return _candidate_page(request, candidate, withdraw_form=form)

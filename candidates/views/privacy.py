"""A candidate's privacy rights (HR): anonymise after a confirmation, export as JSON."""

import json

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from candidates.models import Candidate
from candidates.services.privacy import AlreadyAnonymised, anonymise_candidate, export_candidate
from hiring import roles
from hiring.roles import role_required


class AnonymiseForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        max_length=500,
        help_text=gettext_lazy("For example: erasure request received on 2026-05-04."),
        error_messages={"required": gettext_lazy("Say why the candidate is anonymised.")},
    )


@role_required(roles.HR)
def candidate_anonymise(request: HttpRequest, pk: int) -> HttpResponse:
    candidate = get_object_or_404(Candidate, pk=pk)
    form = AnonymiseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            anonymise_candidate(
                candidate=candidate, by=request.user, reason=form.cleaned_data["reason"]
            )
        except AlreadyAnonymised:
            messages.info(request, _("This candidate was already anonymised."))
        else:
            messages.success(
                request, _("The candidate's personal data was removed; the scores stay.")
            )
        return redirect("candidates:candidate-detail", candidate.pk)
    return render(
        request, "candidates/candidate_anonymise.html", {"candidate": candidate, "form": form}
    )


@role_required(roles.HR)
@require_POST
def candidate_export(request: HttpRequest, pk: int) -> HttpResponse:
    """POST because every export is recorded in the candidate's audit."""
    candidate = get_object_or_404(Candidate, pk=pk)
    data = export_candidate(candidate=candidate, by=request.user)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="candidate-{candidate.pk}.json"'
    return response

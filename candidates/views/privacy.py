"""A candidate's privacy rights (HR): anonymise after a confirmation, export as JSON."""

import json

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from candidates.forms import AnonymiseForm
from candidates.selectors.candidates import candidate_or_404
from candidates.services.privacy import AlreadyAnonymised, anonymise_candidate, export_candidate
from hiring import roles
from hiring.roles import role_required


@role_required(*roles.HR_ROLES)
def candidate_anonymise(request: HttpRequest, pk: int) -> HttpResponse:
    candidate = candidate_or_404(pk, request.user)
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


@role_required(*roles.HR_ROLES)
@require_POST
def candidate_export(request: HttpRequest, pk: int) -> HttpResponse:
    """POST because every export is recorded in the candidate's audit."""
    candidate = candidate_or_404(pk, request.user)
    data = export_candidate(candidate=candidate, by=request.user)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="candidate-{candidate.pk}.json"'
    return response

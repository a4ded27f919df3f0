"""HR uploads a CSV of paper scorecards; the same code as `import_scorecards`."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from candidates.forms import ImportForm
from candidates.services.importing import ImportRejected, import_scorecards
from hiring import roles
from hiring.roles import role_required


@role_required(*roles.HR_ROLES)
def import_upload(request: HttpRequest) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        try:
            report = import_scorecards(form.cleaned_data["file"].read(), entered_by=request.user)
        except ImportRejected as rejected:
            errors = rejected.errors
        else:
            for line in report.lines():
                messages.success(request, line)
            return redirect("candidates:scorecard-import")
    status = 400 if errors or form.errors else 200
    return render(
        request, "candidates/import.html", {"form": form, "errors": errors}, status=status
    )

"""HR uploads a CSV of paper scorecards; the same code as `import_scorecards`."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from candidates.services.importing import ImportRejected, import_scorecards
from hiring import roles
from hiring.roles import role_required


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_("UTF-8, one row per score; see the column list below."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".csv"):
            raise forms.ValidationError(_("Upload a .csv file."))
        if upload.size > settings.MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        return upload


@role_required(roles.HR)
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

"""HR uploads a CSV or Excel file of paper scorecards (the same code as
`import_scorecards`), and downloads a template file, CSV or Excel, to fill in."""

from collections.abc import Callable, Sequence

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language

from candidates.forms import ImportForm, ImportTemplateForm
from candidates.models import Recommendation
from candidates.selectors.imports import import_guide
from candidates.services.importing import (
    COLUMN_GUIDE,
    XLSX_CONTENT_TYPE,
    ImportRejected,
    RowError,
    import_scorecards,
    import_template_csv,
    import_template_xlsx,
)
from candidates.services.work import ask_for_import
from candidates.tasks import enqueue_work
from hiring import roles
from hiring.roles import role_required


@role_required(*roles.HR_ROLES)
def import_upload(request: HttpRequest) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > settings.IMPORT_IN_BACKGROUND_BYTES:
            work = ask_for_import(owner=request.user, upload=upload, language=get_language())
            enqueue_work(work)
            return redirect("candidates:work-detail", work.pk)
        try:
            report = import_scorecards(upload.read(), entered_by=request.user)
        except ImportRejected as rejected:
            errors = rejected.errors
        else:
            for line in report.lines():
                messages.success(request, line)
            return redirect("candidates:scorecard-import")
    status = 400 if errors or form.errors else 200
    return import_page(request, form=form, errors=errors, status=status)


@role_required(*roles.HR_ROLES)
def import_template(request: HttpRequest) -> HttpResponse:
    """The CSV template for the chosen opening or rubric; neither: a new opening, on the
    default rubric."""
    return _template_download(request, import_template_csv, "text/csv; charset=utf-8", "csv")


@role_required(*roles.HR_ROLES)
def import_template_excel(request: HttpRequest) -> HttpResponse:
    """The same template as an Excel workbook, with a sheet naming the dimensions."""
    return _template_download(request, import_template_xlsx, XLSX_CONTENT_TYPE, "xlsx")


def _template_download(
    request: HttpRequest, build: Callable[..., bytes], content_type: str, extension: str
) -> HttpResponse:
    template_form = ImportTemplateForm(request.GET)
    if not template_form.is_valid():
        return import_page(request, form=ImportForm(), template_form=template_form, status=400)
    body = build(
        opening=template_form.cleaned_data["opening"], rubric=template_form.cleaned_data["rubric"]
    )
    response = HttpResponse(body, content_type=content_type)
    filename = f"scorecard-import-template.{extension}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def import_page(
    request: HttpRequest,
    *,
    form: ImportForm,
    template_form: ImportTemplateForm | None = None,
    errors: Sequence[RowError] = (),
    status: int = 200,
) -> HttpResponse:
    context = {
        "form": form,
        "template_form": template_form or ImportTemplateForm(),
        "errors": errors,
        "columns": COLUMN_GUIDE,
        "recommendations": Recommendation.values,
        "rubrics": import_guide(),
    }
    return render(request, "candidates/import.html", context, status=status)

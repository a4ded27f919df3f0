"""The ranked shortlist, its exports and JSON, comparison, and decisions."""

import tempfile
from dataclasses import replace
from itertools import chain

from django.contrib import messages
from django.http import (
    FileResponse,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    JsonResponse,
    StreamingHttpResponse,
)
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from candidates.charts import radar_against_average
from candidates.explain import display_rows, shortlist_screen
from candidates.export import (
    BadPage,
    json_page,
    shortlist_csv_chunks,
    shortlist_json,
    shortlist_json_chunks,
    shortlist_xlsx,
)
from candidates.forms import DecisionForm, ShortlistFilterForm, WhatIfForm, record_ids
from candidates.models import Opening
from candidates.selectors.access import sees_contacts_on
from candidates.selectors.candidates import evidence_notes
from candidates.selectors.confidence import DEFAULT_K
from candidates.selectors.openings import application_or_404, opening_or_404
from candidates.selectors.shortlist import build_shortlist
from candidates.services.stages import change_stage
from hiring import roles
from hiring.roles import role_required

MAX_COMPARED = 4
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@role_required(*roles.READERS)
def shortlist_page(request: HttpRequest, pk: int) -> HttpResponse:
    opening = opening_or_404(pk, request.user)
    filters = ShortlistFilterForm(request.GET or None)
    filters.is_valid()
    # A field with an error is left out of cleaned_data: the others still apply.
    chosen = getattr(filters, "cleaned_data", {})
    calibrated = chosen.get("calibrated", False)
    official = build_shortlist(opening, calibrated=calibrated)
    whatif = WhatIfForm(request.GET, dimensions=official.dimensions)
    trying = whatif.is_active() and whatif.is_valid()
    shortlist = (
        build_shortlist(opening, weights=whatif.weights(), calibrated=calibrated)
        if trying
        else official
    )
    context = {
        "opening": opening,
        "filters": filters,
        "whatif": whatif,
        "trying": trying,
        # Compare, rank, candidate, score, interval, P(top k), coverage, cards, flags,
        # stage; the what-if's arrow column and the calibrated pair come and go.
        "table_columns": len(shortlist.dimensions) + 10 + trying + 2 * calibrated,
        "decision_form": DecisionForm(),
        **shortlist_screen(
            official=official,
            shortlist=shortlist,
            chosen=chosen,
            page=request.GET.get("page"),
            pending_page=request.GET.get("pending_page"),
        ),
    }
    return render(request, "candidates/shortlist.html", context)


def json_choices(request: HttpRequest) -> tuple[bool, str]:
    """`?calibrated=1` corrects leniency, `?k=` sets the top k of P(top k)."""
    calibrated = request.GET.get("calibrated", "") not in {"", "0", "false"}
    return calibrated, request.GET.get("k", DEFAULT_K)


@role_required(*roles.READERS)
def ranking_json(request: HttpRequest, pk: int) -> JsonResponse:
    """A page of the ranking: `?page=`, `?page_size=` (at most 500), with `total` and `pages`.

    The whole file is the JSON export (`shortlist_json_export`); a bad page is a 400.
    """
    opening = opening_or_404(pk, request.user)
    calibrated, k = json_choices(request)
    try:
        page = json_page(request.GET.get("page"), request.GET.get("page_size"))
        data = shortlist_json(exported_shortlist(request, opening, calibrated=calibrated), k, page)
    except BadPage as error:
        return JsonResponse({"error": str(error)}, status=400)
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False})


def exported_shortlist(request: HttpRequest, opening: Opening, *, calibrated: bool = False):
    """The shortlist an export writes out: e-mails left blank for a reader who may not
    see contact details (a rubric admin), as every page hides them from them."""
    shortlist = build_shortlist(opening, calibrated=calibrated)
    if sees_contacts_on(request.user, opening):
        return shortlist
    # A copy: the shortlist may be the cached one, which others read.
    return replace(shortlist, applications=shortlist.applications.without_emails())


def attachment(response: HttpResponseBase, opening: Opening, fmt: str) -> HttpResponseBase:
    name = slugify(opening.title) or f"opening-{opening.pk}"
    response["Content-Disposition"] = f'attachment; filename="shortlist-{name}.{fmt}"'
    return response


@role_required(*roles.READERS)
def shortlist_json_export(request: HttpRequest, pk: int) -> StreamingHttpResponse:
    """Every row of ranking.json in one file, streamed; the same `?calibrated=` and `?k=`."""
    opening = opening_or_404(pk, request.user)
    calibrated, k = json_choices(request)
    chunks = shortlist_json_chunks(exported_shortlist(request, opening, calibrated=calibrated), k)
    response = StreamingHttpResponse(chunks, content_type="application/json; charset=utf-8")
    return attachment(response, opening, "json")


@role_required(*roles.READERS)
def shortlist_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponseBase:
    """The CSV streams line by line; the Excel file is written to a temporary file, then sent."""
    opening = opening_or_404(pk, request.user)
    shortlist = exported_shortlist(request, opening)
    if fmt == "xlsx":
        out = tempfile.TemporaryFile()
        shortlist_xlsx(shortlist, out)
        out.seek(0)
        response = FileResponse(out, content_type=XLSX_TYPE)
    else:
        # The BOM lets Excel open Chinese names in a CSV correctly.
        response = StreamingHttpResponse(
            chain(["\ufeff"], shortlist_csv_chunks(shortlist)),
            content_type="text/csv; charset=utf-8",
        )
    return attachment(response, opening, fmt)


@role_required(*roles.READERS)
def compare(request: HttpRequest, pk: int) -> HttpResponse:
    """2-4 applications of one opening side by side, with the radar overlaid."""
    opening = opening_or_404(pk, request.user)
    shortlist = build_shortlist(opening)
    wanted = record_ids(request.GET.getlist("a"))
    chosen = [key for key in dict.fromkeys(wanted) if key in shortlist.applications]
    if not 2 <= len(chosen) <= MAX_COMPARED:
        messages.error(request, _("Choose two to four candidates to compare."))
        return redirect("candidates:opening-shortlist", opening.pk)
    pairs = [(shortlist.row_of(key), shortlist.applications[key]) for key in chosen]
    lines = display_rows(shortlist, pairs)
    radar = radar_against_average(
        shortlist.dimensions,
        [(line.application.candidate.name, [cell.mean for cell in line.cells]) for line in lines],
        shortlist.dimension_averages(),
        rubric=opening.rubric,
        title=_("Dimension means of the compared candidates against the opening average"),
    )
    evidence = evidence_notes([line.application.pk for line in lines])
    context = {
        "opening": opening,
        "shortlist": shortlist,
        "lines": lines,
        "radar": radar,
        "evidence": evidence,
    }
    return render(request, "candidates/compare.html", context)


@role_required(roles.MANAGER)
@require_POST
def record_decision(request: HttpRequest, pk: int) -> HttpResponse:
    application = application_or_404(pk, request.user)
    form = DecisionForm(request.POST)
    if form.is_valid():
        change_stage(
            application=application,
            stage=form.cleaned_data["decision"],
            by=request.user,
            note=form.cleaned_data["note"],
            decision=True,
        )
        messages.success(
            request,
            _("Decision recorded: %(candidate)s — %(stage)s.")
            % {"candidate": application.candidate, "stage": application.get_stage_display()},
        )
    else:
        # The form alone, with the error next to its field and the note as typed.
        title = _("Decision for %(candidate)s") % {"candidate": application.candidate}
        context = {"page_title": title, "form": form, "application": application}
        return render(request, "candidates/form_page.html", context)
    return redirect("candidates:opening-shortlist", application.opening_id)

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
from candidates.explain import display_rows
from candidates.export import (
    BadPage,
    json_page,
    shortlist_csv_chunks,
    shortlist_json,
    shortlist_json_chunks,
    shortlist_xlsx,
)
from candidates.filtering import filtered_screen
from candidates.forms import (
    WHATIF_PREFIX,
    DecisionForm,
    ShortlistFilterForm,
    WhatIfForm,
    record_ids,
)
from candidates.models import Opening, WorkKind
from candidates.selectors.access import sees_contacts_on
from candidates.selectors.candidates import evidence_notes
from candidates.selectors.confidence import DEFAULT_K
from candidates.selectors.openings import application_or_404, opening_or_404
from candidates.selectors.profiles import ShortlistFilters, shortlist_tags
from candidates.selectors.shortlist import build_shortlist
from candidates.selectors.work import exports_in_background
from candidates.services.stages import change_stage
from candidates.views.work import export_in_background
from hiring import roles
from hiring.roles import role_required

MAX_COMPARED = 4
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@role_required(*roles.READERS)
def shortlist_page(request: HttpRequest, pk: int) -> HttpResponse:
    opening = opening_or_404(pk, request.user)
    filters = ShortlistFilterForm(request.GET or None)
    narrowed = filters.shortlist_filters()
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
    filters.offer_tags(shortlist_tags(official))
    screen = filtered_screen(
        official=official,
        shortlist=shortlist,
        filters=narrowed,
        k=chosen.get("k"),
        page=request.GET.get("page"),
        pending_page=request.GET.get("pending_page"),
    )
    context = {
        "opening": opening,
        "filters": filters,
        "whatif": whatif,
        "trying": trying,
        # Compare, rank, candidate, score, interval, P(top k), coverage, cards, flags,
        # stage; the what-if's arrow column, the calibrated pair and the key-account
        # column come and go.
        "table_columns": len(shortlist.dimensions)
        + 10
        + trying
        + 2 * calibrated
        + screen["key_account"],
        "decision_form": DecisionForm(),
        "export_query": export_query(request),
        **screen,
    }
    return render(request, "candidates/shortlist.html", context)


# What the exports read of the page's query string: its filters and calibration, not
# its pages or what-if weights.
NOT_EXPORTED = {"page", "pending_page"}


def export_query(request: HttpRequest) -> str:
    """The page's filters as a query string for its export links ("" when none)."""
    query = request.GET.copy()
    for name in list(query):
        if name in NOT_EXPORTED or name.startswith(WHATIF_PREFIX) or not any(query.getlist(name)):
            del query[name]
    return f"?{query.urlencode()}" if query else ""


def export_filters(request: HttpRequest) -> ShortlistFilters:
    """The filters of the query string, as the page reads them (bad values are ignored,
    as the page ignores them beside its messages)."""
    return ShortlistFilterForm(request.GET or None).shortlist_filters()


def json_choices(request: HttpRequest) -> tuple[bool, str]:
    """`?calibrated=1` corrects leniency, `?k=` sets the top k of P(top k)."""
    calibrated = request.GET.get("calibrated", "") not in {"", "0", "false"}
    return calibrated, request.GET.get("k", DEFAULT_K)


@role_required(*roles.READERS)
def ranking_json(request: HttpRequest, pk: int) -> JsonResponse:
    """A page of the ranking: `?page=`, `?page_size=` (at most 500), with `total` and `pages`;
    the shortlist's filters narrow the rows (ranks stay the opening's).

    The whole file is the JSON export (`shortlist_json_export`); a bad page is a 400.
    """
    opening = opening_or_404(pk, request.user)
    calibrated, k = json_choices(request)
    try:
        page = json_page(request.GET.get("page"), request.GET.get("page_size"))
        shortlist = exported_shortlist(request, opening, calibrated=calibrated)
        data = shortlist_json(shortlist, k, page, filters=export_filters(request))
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
    """Every row of ranking.json in one file, streamed; the same `?calibrated=`, `?k=` and
    filters."""
    opening = opening_or_404(pk, request.user)
    if exports_in_background(opening):
        return export_in_background(request, opening, WorkKind.SHORTLIST_JSON)
    calibrated, k = json_choices(request)
    shortlist = exported_shortlist(request, opening, calibrated=calibrated)
    chunks = shortlist_json_chunks(shortlist, k, filters=export_filters(request))
    response = StreamingHttpResponse(chunks, content_type="application/json; charset=utf-8")
    return attachment(response, opening, "json")


@role_required(*roles.READERS)
def shortlist_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponseBase:
    """The CSV streams line by line; the Excel file is written to a temporary file, then
    sent. Both hold the rows the page's filters keep (`?calibrated=` as on the page)."""
    opening = opening_or_404(pk, request.user)
    if exports_in_background(opening):
        kind = WorkKind.SHORTLIST_XLSX if fmt == "xlsx" else WorkKind.SHORTLIST_CSV
        return export_in_background(request, opening, kind)
    calibrated, _k = json_choices(request)
    shortlist = exported_shortlist(request, opening, calibrated=calibrated)
    filters = export_filters(request)
    if fmt == "xlsx":
        out = tempfile.TemporaryFile()
        shortlist_xlsx(shortlist, out, filters=filters)
        out.seek(0)
        response = FileResponse(out, content_type=XLSX_TYPE)
    else:
        # The BOM lets Excel open Chinese names in a CSV correctly.
        response = StreamingHttpResponse(
            chain(["\ufeff"], shortlist_csv_chunks(shortlist, filters=filters)),
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
        shortlist.average,
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

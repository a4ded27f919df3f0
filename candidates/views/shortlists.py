"""The ranked shortlist, its exports and JSON, comparison, and decisions."""

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from candidates.charts import radar_against_average
from candidates.export import shortlist_csv, shortlist_json, shortlist_xlsx
from candidates.models import Application, Opening, Score, Stage
from candidates.selectors.confidence import (
    DEFAULT_K,
    cells_on_100,
    ranking_confidence,
    summarize,
)
from candidates.selectors.shortlist import (
    build_shortlist,
    display_rows,
    filter_rows,
    flip_sentences,
)
from candidates.services.stages import change_stage
from candidates.whatif import WhatIfForm, rank_moves
from hiring import roles
from hiring.roles import role_required

READERS = (roles.HR, roles.MANAGER, roles.RUBRIC_ADMIN)
ROWS_PER_PAGE = 25
MAX_COMPARED = 4


class ShortlistFilterForm(forms.Form):
    stage = forms.ChoiceField(
        label=gettext_lazy("Stage"),
        choices=[("", gettext_lazy("All stages")), *Stage.choices],
        required=False,
    )
    hide_flagged = forms.BooleanField(label=gettext_lazy("Hide flagged"), required=False)
    calibrated = forms.BooleanField(
        label=gettext_lazy("Calibrated scores"),
        required=False,
        help_text=gettext_lazy("Remove each safely correctable interviewer's leniency."),
    )
    k = forms.IntegerField(
        label=gettext_lazy("Places to fill (k)"),
        required=False,
        min_value=1,
        max_value=1000,
        help_text=gettext_lazy("P(top k): the chance each candidate truly belongs in the top k."),
    )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=gettext_lazy("Decision"),
        choices=[
            (Stage.SHORTLISTED, gettext_lazy("Shortlist")),
            (Stage.OFFER, gettext_lazy("Offer")),
            (Stage.REJECTED, gettext_lazy("Reject")),
        ],
    )
    note = forms.CharField(label=gettext_lazy("Note"), required=False, max_length=2000)


def opening_or_404(pk: int) -> Opening:
    return get_object_or_404(Opening.objects.select_related("rubric"), pk=pk)


@role_required(*READERS)
def shortlist_page(request: HttpRequest, pk: int) -> HttpResponse:
    opening = opening_or_404(pk)
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
    report = ranking_confidence(shortlist, chosen.get("k") or DEFAULT_K)
    rubric = opening.rubric
    pairs = filter_rows(
        shortlist.rows(),
        stage=chosen.get("stage", ""),
        hide_flagged=chosen.get("hide_flagged", False),
    )
    page = Paginator(pairs, ROWS_PER_PAGE).get_page(request.GET.get("page"))
    pending = Paginator(shortlist.pending(), ROWS_PER_PAGE).get_page(
        request.GET.get("pending_page")
    )
    context = {
        "opening": opening,
        "shortlist": shortlist,
        "filters": filters,
        "whatif": whatif,
        "trying": trying,
        "moves": rank_moves(official, shortlist) if trying else {},
        "page_obj": page,
        "lines": display_rows(shortlist, page.object_list),
        "flips": flip_sentences(shortlist, page.object_list),
        "pending_page": pending,
        "pending": display_rows(shortlist, pending.object_list),
        "decision_form": DecisionForm(),
        "confidence": report,
        "figures": cells_on_100(
            report, [row.key for row, _ in page.object_list], rubric.scale_min, rubric.scale_max
        ),
        "summary": summarize(shortlist, report),
        "raw": shortlist.raw_rows(),
    }
    return render(request, "candidates/shortlist.html", context)


@role_required(*READERS)
def ranking_json(request: HttpRequest, pk: int) -> JsonResponse:
    """The ranking; `?calibrated=1` corrects leniency, `?k=` sets the top k of P(top k)."""
    calibrated = request.GET.get("calibrated", "") not in {"", "0", "false"}
    shortlist = build_shortlist(opening_or_404(pk), calibrated=calibrated)
    return JsonResponse(
        shortlist_json(shortlist, request.GET.get("k", DEFAULT_K)),
        json_dumps_params={"ensure_ascii": False},
    )


@role_required(*READERS)
def shortlist_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    opening = opening_or_404(pk)
    shortlist = build_shortlist(opening)
    name = slugify(opening.title) or f"opening-{opening.pk}"
    if fmt == "xlsx":
        response = HttpResponse(
            shortlist_xlsx(shortlist),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        # The BOM lets Excel open Chinese names in a CSV correctly.
        response = HttpResponse(
            "\ufeff" + shortlist_csv(shortlist), content_type="text/csv; charset=utf-8"
        )
    response["Content-Disposition"] = f'attachment; filename="shortlist-{name}.{fmt}"'
    return response


@role_required(*READERS)
def compare(request: HttpRequest, pk: int) -> HttpResponse:
    """2-4 applications of one opening side by side, with the radar overlaid."""
    opening = opening_or_404(pk)
    shortlist = build_shortlist(opening)
    wanted = [int(value) for value in request.GET.getlist("a") if value.isdigit()]
    chosen = [key for key in dict.fromkeys(wanted) if key in shortlist.applications]
    every = {row.key: (row, app) for row, app in [*shortlist.rows(), *shortlist.pending()]}
    if not 2 <= len(chosen) <= MAX_COMPARED:
        messages.error(request, _("Choose two to four candidates to compare."))
        return redirect("candidates:opening-shortlist", opening.pk)
    lines = display_rows(shortlist, [every[key] for key in chosen])
    radar = radar_against_average(
        shortlist.dimensions,
        [
            (line.application.candidate.name, [mean for _code, mean, _level in line.cells])
            for line in lines
        ],
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


def evidence_notes(application_ids: list[int]) -> dict[int, dict[str, list]]:
    """Submitted evidence per application and dimension code, in one query."""
    notes: dict[int, dict[str, list]] = {pk: {} for pk in application_ids}
    scores = (
        Score.objects.filter(
            scorecard__interview__application_id__in=application_ids,
            scorecard__submitted_at__isnull=False,
        )
        .exclude(evidence="")
        .select_related("dimension", "scorecard__interview__interviewer")
        .order_by("dimension__order")
    )
    for score in scores:
        application_id = score.scorecard.interview.application_id
        notes[application_id].setdefault(score.dimension.code, []).append(score)
    return notes


@role_required(roles.MANAGER)
@require_POST
def record_decision(request: HttpRequest, pk: int) -> HttpResponse:
    application = get_object_or_404(Application.objects.select_related("candidate"), pk=pk)
    form = DecisionForm(request.POST)
    if form.is_valid():
        change_stage(
            application=application,
            stage=form.cleaned_data["decision"],
            by=request.user,
            note=form.cleaned_data["note"],
        )
        messages.success(
            request,
            _("Decision recorded: %(candidate)s — %(stage)s.")
            % {"candidate": application.candidate, "stage": application.get_stage_display()},
        )
    else:
        messages.error(request, _("Choose shortlist, offer or reject."))
    return redirect("candidates:opening-shortlist", application.opening_id)

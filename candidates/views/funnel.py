"""The recruiting funnel: one opening's, and every opening's the reader may see, with CSVs."""

from itertools import chain

from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from candidates.charts import horizontal_bars_svg
from candidates.export import csv_chunks, neutralised
from candidates.forms.funnel import FunnelPeriodForm
from candidates.models import Opening
from candidates.selectors.funnel import FunnelReport, funnel_table, opening_funnel, overall_funnel
from candidates.selectors.openings import opening_or_404
from hiring import roles
from hiring.roles import role_required

# Rubric admins read shortlists to see what a weight moves; the funnel is about hiring.
FUNNEL_READERS = (*roles.HR_ROLES, roles.MANAGER)


def period_report(request: HttpRequest, opening: Opening | None):
    """The period form bound to the query string, and the report for its valid dates:
    the opening's, or with no opening every opening the user may see."""
    form = FunnelPeriodForm(request.GET or None)
    form.is_valid()
    since, until = form.period()
    if opening is None:
        return form, overall_funnel(request.user, since=since, until=until)
    return form, opening_funnel(opening, since=since, until=until)


def stage_chart(report: FunnelReport) -> str:
    rows = [(line.label, line.figures.reached, str(line.figures.reached)) for line in report.stages]
    return horizontal_bars_svg(
        rows,
        title=_("Applications that reached each stage"),
        chart_id="funnel-chart",
        described_by="funnel-data",
    )


def funnel_page(request: HttpRequest, opening: Opening | None) -> HttpResponse:
    form, report = period_report(request, opening)
    context = {"opening": opening, "form": form, "report": report, "chart": stage_chart(report)}
    return render(request, "candidates/funnel.html", context)


def funnel_csv(request: HttpRequest, opening: Opening | None, name: str) -> StreamingHttpResponse:
    _form, report = period_report(request, opening)
    headers, rows = funnel_table(report)
    cells = ([neutralised(cell) for cell in row] for row in rows)
    # The BOM lets Excel open Chinese words in a CSV correctly, as in the shortlist's CSV.
    response = StreamingHttpResponse(
        chain(["\ufeff"], csv_chunks(headers, cells, get_language())),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response


@role_required(*FUNNEL_READERS)
def opening_funnel_page(request: HttpRequest, pk: int) -> HttpResponse:
    return funnel_page(request, opening_or_404(pk, request.user))


@role_required(*FUNNEL_READERS)
def overall_funnel_page(request: HttpRequest) -> HttpResponse:
    return funnel_page(request, None)


@role_required(*FUNNEL_READERS)
def opening_funnel_csv(request: HttpRequest, pk: int) -> StreamingHttpResponse:
    opening = opening_or_404(pk, request.user)
    name = f"funnel-{slugify(opening.title) or f'opening-{opening.pk}'}"
    return funnel_csv(request, opening, name)


@role_required(*FUNNEL_READERS)
def overall_funnel_csv(request: HttpRequest) -> StreamingHttpResponse:
    return funnel_csv(request, None, "funnel")

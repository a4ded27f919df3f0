"""Statistics pages of an opening: rater agreement and interviewer calibration."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from candidates.models import Interviewer
from candidates.scoring.calibration import (
    FEW_CANDIDATES,
    FEW_RATINGS,
    LOW_SD,
    MIN_CANDIDATES,
    MIN_RATINGS,
    MIN_SD,
    NOT_LINKED,
)
from candidates.selectors.agreement import opening_agreement
from candidates.selectors.calibration import rubric_calibration
from candidates.views.shortlists import READERS, opening_or_404
from hiring.roles import role_required


def unsafe_reasons() -> dict[str, str]:
    """Why an interviewer's leniency is not corrected (SCORING.md §2), in the page's language."""
    return {
        FEW_RATINGS: _("fewer than %(n)d ratings") % {"n": MIN_RATINGS},
        FEW_CANDIDATES: _("fewer than %(n)d candidates") % {"n": MIN_CANDIDATES},
        NOT_LINKED: _("shares no candidate with the other interviewers"),
        LOW_SD: _("scores spread less than %(sd)s points (SD)") % {"sd": MIN_SD},
    }


@role_required(*READERS)
def agreement_page(request: HttpRequest, pk: int) -> HttpResponse:
    opening = opening_or_404(pk)
    report = opening_agreement(opening)
    return render(request, "candidates/agreement.html", {"opening": opening, "report": report})


@role_required(*READERS)
def interviewers_page(request: HttpRequest, pk: int) -> HttpResponse:
    """Each interviewer's leniency over every opening on this opening's rubric."""
    opening = opening_or_404(pk)
    calibration = rubric_calibration(opening.rubric, list(opening.rubric.dimensions.all()))
    names = dict(Interviewer.objects.filter(pk__in=calibration.raters).values_list("pk", "name"))
    reasons = unsafe_reasons()
    rows = sorted(
        (
            (names.get(rater, "?"), effect, [reasons[r] for r in effect.reasons])
            for rater, effect in calibration.raters.items()
        ),
        key=lambda row: row[0],
    )
    context = {
        "opening": opening,
        "calibration": calibration,
        "rows": rows,
        "min_ratings": MIN_RATINGS,
        "min_candidates": MIN_CANDIDATES,
        "min_sd": MIN_SD,
    }
    return render(request, "candidates/interviewers_calibration.html", context)

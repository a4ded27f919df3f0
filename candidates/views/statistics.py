"""Statistics pages of an opening: rater agreement and interviewer calibration."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from candidates.explain import calibration_rows
from candidates.scoring.calibration import MIN_CANDIDATES, MIN_RATINGS, MIN_SD
from candidates.selectors.agreement import opening_agreement
from candidates.selectors.calibration import rubric_calibration
from candidates.selectors.interviews import interviewer_names
from candidates.selectors.openings import opening_or_404
from hiring import roles
from hiring.roles import role_required


@role_required(*roles.READERS)
def agreement_page(request: HttpRequest, pk: int) -> HttpResponse:
    opening = opening_or_404(pk, request.user)
    report = opening_agreement(opening)
    return render(request, "candidates/agreement.html", {"opening": opening, "report": report})


@role_required(*roles.READERS)
def interviewers_page(request: HttpRequest, pk: int) -> HttpResponse:
    """Each interviewer's leniency over every opening on this opening's rubric."""
    opening = opening_or_404(pk, request.user)
    calibration = rubric_calibration(opening.rubric, list(opening.rubric.dimensions.all()))
    context = {
        "opening": opening,
        "calibration": calibration,
        "rows": calibration_rows(calibration, interviewer_names(calibration.raters)),
        "min_ratings": MIN_RATINGS,
        "min_candidates": MIN_CANDIDATES,
        "min_sd": MIN_SD,
    }
    return render(request, "candidates/interviewers_calibration.html", context)

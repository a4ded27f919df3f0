"""One saved weight change of a rubric and who it moved on each open shortlist.

Served under the rubric's URLs (see hiring/urls.py); it lives here because it
ranks the openings, which the rubrics app knows nothing of.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from candidates.selectors.moves import change_effects
from hiring import roles
from hiring.roles import role_required
from rubrics.selectors import weight_change_or_404


@role_required(*roles.READERS)
def weight_change(request: HttpRequest, pk: int, change_pk: int) -> HttpResponse:
    """One change: old and new points, and who moved on each open shortlist."""
    change = weight_change_or_404(rubric_pk=pk, change_pk=change_pk)
    context = {
        "rubric": change.rubric,
        "change": change,
        "effects": change_effects(change, request.user),
    }
    return render(request, "rubrics/weight_change.html", context)

"""The reports' index: the recruiting funnel and the validity report, as the role allows."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from candidates.views.funnel import FUNNEL_READERS
from candidates.views.validity import RUBRIC_READERS
from hiring import roles
from hiring.roles import role_required


@role_required(*roles.READERS)
def reports_index(request: HttpRequest) -> HttpResponse:
    context = {
        "funnel": roles.has_role(request.user, *FUNNEL_READERS),
        "validity": roles.has_role(request.user, *RUBRIC_READERS),
    }
    return render(request, "candidates/reports.html", context)

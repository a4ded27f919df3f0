"""The dashboard every role lands on."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from candidates.selectors.dashboard import dashboard_for
from hiring.roles import role_required


@role_required()
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "hiring/home.html", dashboard_for(request.user))

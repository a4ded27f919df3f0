"""The interview kit: questions, probes, anchors and a time plan to take into an interview."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_protect

from candidates.selectors.access import interview_for_user
from candidates.selectors.kits import interview_kit
from candidates.views.links import open_link
from hiring import roles
from hiring.private_pages import private_page
from hiring.roles import role_required

# Empty lined boxes on paper for the notes of each dimension.
NOTE_LINES = range(6)


@role_required(*roles.HR_ROLES, roles.INTERVIEWER)
def interview_kit_page(request: HttpRequest, pk: int) -> HttpResponse:
    interview = interview_for_user(request.user, pk)
    context = {"kit": interview_kit(interview, request.user), "note_lines": NOTE_LINES}
    return render(request, "candidates/interview_kit.html", context)


@private_page
@csrf_protect
def scorecard_link_kit(request: HttpRequest, token: str) -> HttpResponse:
    """The kit of a scorecard link's interview: no login, no navigation, as the link page."""
    link, refusal = open_link(request, token)
    if refusal:
        return refusal
    context = {
        "base_template": "candidates/link_base.html",
        "kit": interview_kit(link.interview, None),
        "note_lines": NOTE_LINES,
        "link_token": token,
    }
    return render(request, "candidates/interview_kit.html", context)

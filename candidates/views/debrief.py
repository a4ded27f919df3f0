"""The debrief page of an application: the hiring team's read of every scorecard, and notes."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from candidates.explain import cells_on_100, display_rows
from candidates.forms.debrief import DebriefNoteForm
from candidates.selectors.debrief import Debrief, debrief_or_404, may_add_debrief_notes
from candidates.services.debrief import add_debrief_note
from hiring import roles
from hiring.roles import role_required


@role_required(*roles.READERS)
def application_debrief(request: HttpRequest, pk: int) -> HttpResponse:
    debrief = debrief_or_404(pk, request.user)
    application = debrief.application
    may_write = may_add_debrief_notes(request.user, application)
    form = DebriefNoteForm(request.POST or None) if may_write else None
    if request.method == "POST":
        if not may_write:
            return render(request, "403.html", status=403)
        if form.is_valid():
            add_debrief_note(
                application=application, author=request.user, text=form.cleaned_data["text"]
            )
            messages.success(request, _("Debrief note added."))
            return redirect("candidates:application-debrief", application.pk)
    context = {"debrief": debrief, "application": application, "form": form}
    return render(request, "candidates/debrief.html", {**context, **score_in_words(debrief)})


def score_in_words(debrief: Debrief) -> dict:
    """The shortlist's figures for this application as its page shows them (0-100)."""
    weighted = debrief.weighted
    row = weighted.row
    if row is None:
        return {"score_line": None, "interval": None}
    rubric = weighted.shortlist.opening.rubric
    entry = weighted.shortlist.applications[row.key]
    cells = cells_on_100(weighted.report, [row.key], rubric.scale_min, rubric.scale_max)
    return {
        "score_line": display_rows(weighted.shortlist, [(row, entry)])[0],
        "interval": cells.get(row.key),
    }

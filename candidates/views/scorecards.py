"""Scorecard entry (HR and interviewers), "my interviews", and blind colleague scores."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from candidates.forms import ScorecardForm, initial_from
from candidates.models import Interview
from candidates.selectors.access import (
    application_for_interviewer,
    candidate_label,
    interview_for_user,
    interviews_with_labels,
    may_see_colleagues_scores,
)
from candidates.selectors.candidates import dossier_for
from candidates.selectors.interviews import (
    application_with_scorecards,
    current_scorecard,
    dimensions_for_entry,
    live_link,
    next_scorecard_waiting,
)
from candidates.selectors.plans import focus_codes
from candidates.views.entry import save_from_form
from candidates.views.links import pop_new_link
from hiring import roles
from hiring.roles import role_required


@role_required(*roles.HR_ROLES, roles.INTERVIEWER)
def scorecard_entry(request: HttpRequest, pk: int) -> HttpResponse:
    interview = interview_for_user(request.user, pk)
    rubric = interview.application.opening.rubric
    dimensions = dimensions_for_entry(rubric)
    scorecard = current_scorecard(interview)
    requires_reason = bool(scorecard and scorecard.is_submitted)
    form_options = {
        "rubric": rubric,
        "dimensions": dimensions,
        "requires_reason": requires_reason,
        "focus": focus_codes(interview.round),
    }
    conflict = None
    if request.method == "POST":
        submitting = request.POST.get("action") == "submit"
        form = ScorecardForm(request.POST, submitting=submitting, **form_options)
        if form.is_valid():
            saved, form, conflict = save_from_form(
                request,
                interview=interview,
                form=form,
                submitting=submitting,
                options=form_options,
                by=request.user,
                reason=form.cleaned_data.get("reason", ""),
            )
            if saved:
                return after_save(
                    request, interview, submitting=submitting, was_submitted=requires_reason
                )
    else:
        form = ScorecardForm(initial=initial_from(scorecard), submitting=False, **form_options)
    context = {
        "interview": interview,
        "candidate_label": candidate_label(
            interview.application.candidate, interview.application.opening, request.user
        ),
        "form": form,
        "scorecard": scorecard,
        "conflict": conflict,
        "conflict_values": conflict and initial_from(current_scorecard(interview)),
        **link_panel(request, interview),
    }
    status = 409 if conflict else 200
    return render(request, "candidates/scorecard_entry.html", context, status=status)


def link_panel(request: HttpRequest, interview) -> dict:
    """HR's view of the interview's scorecard link: its state, and a new one's URL once."""
    if not roles.has_role(request.user, *roles.HR_ROLES):
        return {}
    return {
        "link_panel": True,
        "live_link": live_link(interview),
        "new_link_url": pop_new_link(request, interview.pk),
    }


def after_save(
    request: HttpRequest, interview: Interview, *, submitting: bool, was_submitted: bool
) -> HttpResponse:
    """Where a saved card leads, with a message.

    A draft stays on its card. A newly submitted card goes on to the next card
    waiting for the user, else out to the candidate (HR) or "My interviews"
    (interviewer): staying would show a submitted card asking for a reason to
    change it. A correction of a submitted card is a one-off, not part of a
    stack: it goes straight out to where its effect shows.
    """
    if was_submitted:
        messages.success(request, _("Changes saved and recorded with your reason."))
        return redirect(way_out(request.user, interview))
    if not submitting:
        messages.success(request, _("Draft saved. It is not counted until you submit it."))
        return redirect("candidates:scorecard-entry", interview.pk)
    following = next_scorecard_waiting(request.user, after=interview, now=timezone.now())
    if following is None:
        messages.success(request, nothing_waiting_message(request.user))
        return redirect(way_out(request.user, interview))
    label = candidate_label(
        following.application.candidate, following.application.opening, request.user
    )
    messages.success(
        request,
        _("Scorecard submitted. Next scorecard waiting: %(candidate)s, %(round)s.")
        % {"candidate": label, "round": following.round_label},
    )
    return redirect("candidates:scorecard-entry", following.pk)


def way_out(user, interview: Interview) -> str:
    """The page after the last card: the candidate's for HR, "My interviews" for interviewers."""
    if roles.has_role(user, *roles.HR_ROLES):
        return reverse("candidates:candidate-detail", args=[interview.application.candidate_id])
    return reverse("candidates:my-interviews")


def nothing_waiting_message(user) -> str:
    if roles.has_role(user, *roles.HR_ROLES):
        return _("Scorecard submitted. No other scorecard of this opening is waiting.")
    return _("Scorecard submitted. No other scorecard is waiting for you.")


@role_required(roles.INTERVIEWER)
def my_interviews(request: HttpRequest) -> HttpResponse:
    rows = interviews_with_labels(request.user)
    return render(request, "candidates/my_interviews.html", {"rows": rows})


@role_required(roles.INTERVIEWER)
def application_scorecards(request: HttpRequest, pk: int) -> HttpResponse:
    """The scorecards on an application the interviewer rated, once theirs is submitted."""
    application = application_for_interviewer(request.user, pk)
    visible = may_see_colleagues_scores(request.user, application)
    dossier = None
    if visible:
        application = application_with_scorecards(application.pk)
        dossier = dossier_for(application)
    context = {
        "application": application,
        "candidate_label": candidate_label(
            application.candidate, application.opening, request.user
        ),
        "visible": visible,
        "dossier": dossier,
    }
    return render(request, "candidates/application_scorecards.html", context)

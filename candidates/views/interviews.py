"""Scheduling, rescheduling and cancelling interviews, and moving an application's stage (HR)."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from candidates.forms import (
    CancelInterviewForm,
    InterviewForm,
    RescheduleInterviewForm,
    StageForm,
)
from candidates.models import Interview
from candidates.selectors.access import interview_for_user
from candidates.selectors.openings import application_or_404
from candidates.services.interviews import (
    InterviewUnchangeable,
    cancel_interview,
    reschedule_interview,
    save_new_interview,
)
from candidates.services.stages import change_stage
from hiring import roles
from hiring.roles import role_required


@role_required(*roles.HR_ROLES)
def schedule_interview(request: HttpRequest, pk: int) -> HttpResponse:
    application = application_or_404(pk, request.user)
    form = InterviewForm(request.POST or None, application=application)
    if request.method == "POST" and form.is_valid():
        interview = save_new_interview(interview=form.save(commit=False), by=request.user)
        messages.success(
            request,
            _("%(round)s with %(interviewer)s scheduled.")
            % {"round": interview.round_name, "interviewer": interview.interviewer},
        )
        return redirect("candidates:opening-detail", application.opening_id)
    context = {
        "form": form,
        "application": application,
        "page_title": _("Schedule an interview for %(candidate)s")
        % {"candidate": application.candidate},
    }
    return render(request, "candidates/form_page.html", context)


@role_required(*roles.HR_ROLES)
@require_POST
def update_stage(request: HttpRequest, pk: int) -> HttpResponse:
    application = application_or_404(pk, request.user)
    form = StageForm(request.POST)
    if form.is_valid():
        moved = change_stage(
            application=application, stage=form.cleaned_data["stage"], by=request.user
        )
        message = (
            _("%(candidate)s moved to %(stage)s.")
            if moved
            else _("%(candidate)s is at %(stage)s already.")
        )
        messages.success(
            request,
            message
            % {"candidate": application.candidate, "stage": application.get_stage_display()},
        )
    else:
        messages.error(request, _("Choose one of the listed stages."))
    return redirect("candidates:opening-detail", application.opening_id)


def interview_page(interview: Interview) -> str:
    """The candidate page, at the application the interview belongs to."""
    url = reverse("candidates:candidate-detail", args=[interview.application.candidate_id])
    return f"{url}#application-{interview.application_id}"


def interview_title(template: str, interview: Interview) -> str:
    return template % {
        "round": interview.round_name,
        "interviewer": interview.interviewer,
        "candidate": interview.application.candidate,
    }


@role_required(*roles.HR_ROLES)
def interview_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    interview = interview_for_user(request.user, pk)
    form = CancelInterviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            cancel_interview(
                interview=interview, by=request.user, reason=form.cleaned_data["reason"]
            )
        except InterviewUnchangeable as refused:
            form.add_error(None, refused.message)
        else:
            messages.success(
                request, interview_title(_("%(round)s with %(interviewer)s cancelled."), interview)
            )
            return redirect(interview_page(interview))
    title = _("Cancel %(round)s with %(interviewer)s (%(candidate)s)")
    return interview_form_page(request, interview, form, title)


@role_required(*roles.HR_ROLES)
def interview_reschedule(request: HttpRequest, pk: int) -> HttpResponse:
    interview = interview_for_user(request.user, pk)
    form = RescheduleInterviewForm(
        request.POST or None, initial={"scheduled_at": interview.scheduled_at}
    )
    if request.method == "POST" and form.is_valid():
        try:
            reschedule_interview(
                interview=interview,
                scheduled_at=form.cleaned_data["scheduled_at"],
                by=request.user,
                reason=form.cleaned_data["reason"],
            )
        except InterviewUnchangeable as refused:
            form.add_error(None, refused.message)
        else:
            messages.success(
                request,
                interview_title(_("%(round)s with %(interviewer)s rescheduled."), interview),
            )
            return redirect(interview_page(interview))
    title = _("Reschedule %(round)s with %(interviewer)s (%(candidate)s)")
    return interview_form_page(request, interview, form, title)


def interview_form_page(request: HttpRequest, interview: Interview, form, title) -> HttpResponse:
    """The cancel or reschedule form; 400 when what was sent is refused."""
    context = {
        "form": form,
        "application": interview.application,
        "page_title": interview_title(title, interview),
    }
    return render(request, "candidates/form_page.html", context, status=400 if form.errors else 200)

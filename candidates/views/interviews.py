"""Scheduling interviews and moving an application through its stages (HR)."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from candidates.forms import InterviewForm, StageForm
from candidates.selectors.openings import application_or_404
from candidates.services.stages import change_stage
from hiring import roles
from hiring.roles import role_required


@role_required(roles.HR)
def schedule_interview(request: HttpRequest, pk: int) -> HttpResponse:
    application = application_or_404(pk)
    form = InterviewForm(request.POST or None, application=application)
    if request.method == "POST" and form.is_valid():
        interview = form.save()
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


@role_required(roles.HR)
@require_POST
def update_stage(request: HttpRequest, pk: int) -> HttpResponse:
    application = application_or_404(pk)
    form = StageForm(request.POST)
    if form.is_valid():
        change_stage(application=application, stage=form.cleaned_data["stage"], by=request.user)
        messages.success(
            request,
            _("%(candidate)s moved to %(stage)s.")
            % {"candidate": application.candidate, "stage": application.get_stage_display()},
        )
    else:
        messages.error(request, _("Choose one of the listed stages."))
    return redirect("candidates:opening-detail", application.opening_id)

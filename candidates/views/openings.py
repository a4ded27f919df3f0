"""Openings: list with counts, create, edit, detail with its applications."""

from typing import Any

from django.contrib import messages
from django.contrib.messages.views import SuccessMessageMixin
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from django.views.generic import CreateView, ListView, UpdateView

from candidates.forms import AddApplicationForm, OpeningForm
from candidates.models import Opening, Stage
from candidates.selectors.openings import (
    opening_applications,
    opening_with_team_or_404,
    openings_with_counts,
)
from hiring import roles
from hiring.roles import RoleRequiredMixin, role_required
from rubrics.selectors import default_rubric


class OpeningListView(RoleRequiredMixin, ListView):
    allowed_roles = roles.READERS
    template_name = "candidates/opening_list.html"
    context_object_name = "openings"
    paginate_by = 50

    def get_queryset(self):
        return openings_with_counts()


class OpeningCreateView(RoleRequiredMixin, SuccessMessageMixin, CreateView):
    allowed_roles = (roles.HR,)
    model = Opening
    form_class = OpeningForm
    template_name = "candidates/form_page.html"
    success_message = _("Opening “%(title)s” saved.")
    extra_context = {"page_title": _("New opening")}

    def get_initial(self) -> dict[str, Any]:
        return {"rubric": default_rubric()}

    def get_success_url(self) -> str:
        return reverse("candidates:opening-detail", args=[self.object.pk])


class OpeningUpdateView(RoleRequiredMixin, SuccessMessageMixin, UpdateView):
    allowed_roles = (roles.HR,)
    model = Opening
    form_class = OpeningForm
    template_name = "candidates/form_page.html"
    success_message = _("Opening “%(title)s” saved.")
    extra_context = {"page_title": _("Edit opening")}

    def get_success_url(self) -> str:
        return reverse("candidates:opening-detail", args=[self.object.pk])


def opening_page(request: HttpRequest, opening: Opening, add_form=None, status=200) -> HttpResponse:
    context = {
        "opening": opening,
        "applications": opening_applications(opening),
        "add_form": add_form or AddApplicationForm(opening=opening),
        "stages": Stage.choices,
    }
    return render(request, "candidates/opening_detail.html", context, status=status)


@role_required(*roles.READERS)
def opening_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return opening_page(request, opening_with_team_or_404(pk))


@role_required(roles.HR)
@require_POST
def add_application(request: HttpRequest, pk: int) -> HttpResponse:
    """Put a candidate on this opening; a bad choice re-renders the page with the error."""
    opening = opening_with_team_or_404(pk)
    form = AddApplicationForm(request.POST, opening=opening)
    if not form.is_valid():
        return opening_page(request, opening, add_form=form, status=400)
    application = form.save()
    messages.success(
        request,
        _("%(candidate)s added to %(opening)s.")
        % {"candidate": application.candidate, "opening": opening},
    )
    return redirect("candidates:opening-detail", opening.pk)

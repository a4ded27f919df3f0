"""Openings: list with counts, create, edit, detail with its applications."""

from typing import Any

from django.contrib import messages
from django.contrib.messages.views import SuccessMessageMixin
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from django.views.generic import CreateView, ListView, UpdateView

from candidates.forms import AddApplicationForm, OpeningForm
from candidates.forms.records import FindCandidateForm
from candidates.models import Opening, Stage
from candidates.selectors.access import openings_for_user
from candidates.selectors.openings import (
    applications_page,
    opening_with_team_or_404,
    openings_with_counts,
)
from candidates.services.openings import move_opening_to_rubric
from hiring import roles
from hiring.roles import RoleRequiredMixin, role_required
from hiring.wording import join_list
from rubrics.selectors import default_rubric


class OpeningListView(RoleRequiredMixin, ListView):
    allowed_roles = roles.READERS
    template_name = "candidates/opening_list.html"
    context_object_name = "openings"
    paginate_by = 50

    def get_queryset(self):
        return openings_with_counts(self.request.user)


class OpeningCreateView(RoleRequiredMixin, SuccessMessageMixin, CreateView):
    allowed_roles = roles.HR_ROLES
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
    allowed_roles = roles.HR_ROLES
    model = Opening
    form_class = OpeningForm
    template_name = "candidates/form_page.html"
    success_message = _("Opening “%(title)s” saved.")
    extra_context = {"page_title": _("Edit opening")}

    def get_success_url(self) -> str:
        return reverse("candidates:opening-detail", args=[self.object.pk])

    def get_queryset(self):
        return openings_for_user(self.request.user)

    def form_valid(self, form):
        """Save the fields; a new rubric goes through the move, which carries the scores."""
        if not form.rubric_changed():
            return super().form_valid(form)
        rubric = form.cleaned_data["rubric"]
        form.instance.rubric_id = form.initial["rubric"]
        try:
            with transaction.atomic():
                self.object = form.save()
                move = move_opening_to_rubric(
                    opening=self.object, rubric=rubric, by=self.request.user
                )
        except ValidationError as error:
            form.instance.rubric = rubric
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, self.get_success_message(form.cleaned_data))
        if move and move.new_codes:
            messages.warning(
                self.request,
                _("Nobody is scored yet on %(codes)s: coverage drops until they are.")
                % {"codes": join_list(move.new_codes)},
            )
        return redirect(self.get_success_url())


# The opening page lists its candidates this many at a time, in name order.
APPLICATIONS_PER_PAGE = 50


def opening_page(request: HttpRequest, opening: Opening, add_form=None, status=200) -> HttpResponse:
    context = {
        "opening": opening,
        "applications": applications_page(opening, request.GET.get("page"), APPLICATIONS_PER_PAGE),
        "stages": Stage.choices,
    }
    if roles.has_role(request.user, *roles.HR_ROLES):
        # A refused add brings its search along: HR choose again from the same list.
        search = request.POST if request.method == "POST" else request.GET
        find_form = FindCandidateForm(search, opening=opening)
        add_form = add_form or AddApplicationForm(opening=opening)
        add_form.offer(find_form.matches())
        context |= {"find_form": find_form, "add_form": add_form}
    return render(request, "candidates/opening_detail.html", context, status=status)


@role_required(*roles.READERS)
def opening_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return opening_page(request, opening_with_team_or_404(pk, request.user))


@role_required(*roles.HR_ROLES)
@require_POST
def add_application(request: HttpRequest, pk: int) -> HttpResponse:
    """Put a candidate on this opening; a bad choice re-renders the page with the error."""
    opening = opening_with_team_or_404(pk, request.user)
    form = AddApplicationForm(request.POST, opening=opening)
    if not form.is_valid():
        return opening_page(request, opening, add_form=form, status=400)
    application = form.save_once()
    if application is None:
        return opening_page(request, opening, add_form=form, status=400)
    messages.success(
        request,
        _("%(candidate)s added to %(opening)s.")
        % {"candidate": application.candidate, "opening": opening},
    )
    return redirect("candidates:opening-detail", opening.pk)

"""Rubric pages: reading them (every role), the weight editor and its history."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.generic import DetailView, ListView

from candidates.selectors.moves import change_effects
from hiring import roles
from hiring.roles import RoleRequiredMixin, role_required
from rubrics.cloning import clone_rubric
from rubrics.forms import FIELD_PREFIX, CloneForm, WeightsForm
from rubrics.models import Rubric, WeightChange
from rubrics.services import change_weights
from rubrics.weights import dimension_weights, weight_shares

READERS = (roles.HR, roles.MANAGER, roles.RUBRIC_ADMIN)


class RubricListView(RoleRequiredMixin, ListView):
    model = Rubric
    template_name = "rubrics/rubric_list.html"
    context_object_name = "rubrics"

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return Rubric.objects.prefetch_related("dimensions")


class RubricDetailView(RoleRequiredMixin, DetailView):
    model = Rubric
    template_name = "rubrics/rubric_detail.html"
    context_object_name = "rubric"

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return Rubric.objects.with_dimensions()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        dimensions = list(self.object.dimensions.all())
        shares = weight_shares(dimension_weights(dimensions))
        context["dimensions"] = [(dimension, shares[dimension.code]) for dimension in dimensions]
        context["total_weight"] = sum(dimension.weight for dimension in dimensions)
        return context


@role_required(roles.RUBRIC_ADMIN)
def edit_weights(request: HttpRequest, pk: int) -> HttpResponse:
    """The weight editor: points per dimension with a live total, saved with a reason."""
    rubric = get_object_or_404(Rubric, pk=pk)
    dimensions = list(rubric.dimensions.all())
    form = WeightsForm(
        request.POST or None, dimensions=dimensions, initial=proposed_initial(request, dimensions)
    )
    if request.method == "POST" and form.is_valid():
        try:
            change = change_weights(
                rubric=rubric,
                weights=form.weights(),
                reason=form.cleaned_data["reason"],
                by=request.user,
                method=form.cleaned_data["method"],
            )
        except ValidationError as error:
            form.add_domain_errors(error)
        else:
            messages.success(request, _("Weights saved. Here is what the change did."))
            return redirect("rubrics:weight-change", rubric.pk, change.pk)
    return render(request, "rubrics/weights_form.html", {"rubric": rubric, "form": form})


def proposed_initial(request: HttpRequest, dimensions) -> dict:
    """Weights proposed by a helper arrive as ?weight_<code>=..&method=..; nothing is saved."""
    wanted = {FIELD_PREFIX + d.code for d in dimensions} | {"method"}
    return {key: value for key, value in request.GET.items() if key in wanted}


@role_required(*READERS)
def weight_history(request: HttpRequest, pk: int) -> HttpResponse:
    rubric = get_object_or_404(Rubric, pk=pk)
    changes = rubric.weight_changes.select_related("changed_by").prefetch_related("items")
    return render(request, "rubrics/weight_history.html", {"rubric": rubric, "changes": changes})


@role_required(*READERS)
def weight_change(request: HttpRequest, pk: int, change_pk: int) -> HttpResponse:
    """One change: old and new points, and who moved on each open shortlist."""
    change = get_object_or_404(
        WeightChange.objects.select_related("rubric", "changed_by").prefetch_related("items"),
        pk=change_pk,
        rubric_id=pk,
    )
    context = {"rubric": change.rubric, "change": change, "effects": change_effects(change)}
    return render(request, "rubrics/weight_change.html", context)


@role_required(roles.RUBRIC_ADMIN)
def clone(request: HttpRequest, pk: int) -> HttpResponse:
    """Copy a rubric under a new name; texts, gates and weights are then edited on the copy."""
    rubric = get_object_or_404(Rubric, pk=pk)
    form = CloneForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        copy = clone_rubric(rubric, **form.cleaned_data)
        messages.success(
            request,
            _("Rubric “%(name)s” created from “%(source)s”.") % {"name": copy, "source": rubric},
        )
        return redirect("rubrics:rubric-detail", copy.pk)
    return render(request, "rubrics/clone_form.html", {"rubric": rubric, "form": form})

"""Rubric pages readable by every role."""

from typing import Any

from django.views.generic import DetailView, ListView

from hiring.roles import RoleRequiredMixin
from rubrics.models import Rubric
from rubrics.weights import dimension_weights, weight_shares


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

"""Pages of the weight helpers (rank order, pairwise): they propose, the editor saves."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from hiring import roles
from hiring.roles import role_required
from rubrics.models import Rubric, WeightMethod
from rubrics.weight_helpers import OrderForm, PairwiseForm, editor_url, pairwise_outcome


@role_required(roles.RUBRIC_ADMIN)
def order_helper(request: HttpRequest, pk: int) -> HttpResponse:
    rubric = get_object_or_404(Rubric, pk=pk)
    form = OrderForm(request.GET or None, dimensions=rubric.dimensions.all())
    if form.is_bound and form.is_valid():
        return redirect(editor_url(rubric, form.proposal(), WeightMethod.RANK_ORDER))
    return render(request, "rubrics/order_helper.html", {"rubric": rubric, "form": form})


@role_required(roles.RUBRIC_ADMIN)
def pairwise_helper(request: HttpRequest, pk: int) -> HttpResponse:
    """Choose at least two dimensions (?d=code&d=code), judge each pair, read CR."""
    rubric = get_object_or_404(Rubric, pk=pk)
    dimensions = list(rubric.dimensions.all())
    wanted = set(request.GET.getlist("d"))
    chosen = [d for d in dimensions if d.code in wanted]
    form = outcome = None
    if len(chosen) >= 2:
        judged = any("__" in key for key in request.GET)
        form = PairwiseForm(request.GET if judged else None, dimensions=chosen)
        if form.is_bound and form.is_valid():
            outcome = pairwise_outcome(form, dimensions)
    context = {
        "rubric": rubric,
        "dimensions": dimensions,
        "chosen": {d.code for d in chosen},
        "form": form,
        "outcome": outcome,
        "use_url": outcome and editor_url(rubric, outcome.proposal, WeightMethod.PAIRWISE),
    }
    return render(request, "rubrics/pairwise_helper.html", context)

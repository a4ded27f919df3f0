"""Rubric pages: reading them (every reader), the weight editor, its helpers and history.

The content editor (dimensions, criteria, anchors) is in `rubrics.views.editor`,
the question bank in `rubrics.views.questions`.

The page that shows who a saved weight change moved on each shortlist needs
the candidates app, so it lives there (`candidates.views.weights`) under the
same URL.
"""

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import localize
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import DetailView, ListView

from hiring import roles
from hiring.roles import RoleRequiredMixin, role_required
from rubrics.ahp import pairwise_proposal
from rubrics.forms import (
    FIELD_PREFIX,
    CloneForm,
    OrderForm,
    PairwiseForm,
    VersionForm,
    WeightsForm,
    pairwise_reason,
    ri_table_label,
)
from rubrics.models import WeightMethod
from rubrics.selectors import (
    content_changes_of,
    dimensions_of,
    newer_version_of,
    rubric_or_404,
    rubrics_with_dimensions,
    submitted_scorecard_count,
    version_changes,
    weight_changes_of,
)
from rubrics.services import (
    StaleWeights,
    change_weights,
    clone_rubric,
    create_version,
    make_default,
)
from rubrics.weighting import dimension_weights, weight_shares


class RubricListView(RoleRequiredMixin, ListView):
    template_name = "rubrics/rubric_list.html"
    context_object_name = "rubrics"

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return rubrics_with_dimensions()


class RubricDetailView(RoleRequiredMixin, DetailView):
    template_name = "rubrics/rubric_detail.html"
    context_object_name = "rubric"

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return rubrics_with_dimensions()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        dimensions = dimensions_of(self.object)
        shares = weight_shares(dimension_weights(dimensions))
        context["dimensions"] = [(dimension, shares[dimension.code]) for dimension in dimensions]
        context["total_weight"] = sum(dimension.weight for dimension in dimensions)
        context["scorecards_scored"] = submitted_scorecard_count(self.object)
        context["frozen"] = self.object.is_in_use
        context["newer_version"] = newer_version_of(self.object)
        context["version_changes"] = version_changes(self.object)
        context["content_changes"] = content_changes_of(self.object)
        return context


@role_required(roles.RUBRIC_ADMIN)
def edit_weights(request: HttpRequest, pk: int) -> HttpResponse:
    """The weight editor: points and gates per dimension with a live total, saved with a reason."""
    rubric = rubric_or_404(pk)
    dimensions = dimensions_of(rubric)
    initial = {"version": rubric.weights_version, **proposed_initial(request, dimensions)}
    form = WeightsForm(request.POST or None, dimensions=dimensions, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            change = change_weights(
                rubric=rubric,
                weights=form.weights(),
                gates=form.gates(),
                reason=form.cleaned_data["reason"],
                by=request.user,
                method=form.cleaned_data["method"],
                expected_version=form.cleaned_data["version"],
            )
        except StaleWeights as stale:
            form = overtaken_form(request, rubric, stale)
        except ValidationError as error:
            form.add_domain_errors(error)
        else:
            messages.success(request, _("Weights saved. Here is what the change did."))
            return redirect("rubrics:weight-change", rubric.pk, change.pk)
    return render(request, "rubrics/weights_form.html", {"rubric": rubric, "form": form})


def overtaken_form(request: HttpRequest, rubric, stale: StaleWeights) -> WeightsForm:
    """Someone saved first: say who and when, and show their weights (the reason typed stays)."""
    change = stale.change
    messages.error(
        request,
        _(
            "%(who)s saved new weights at %(when)s while you were editing. Nothing of yours "
            "was saved: the editor now shows their weights; make your change again."
        )
        % {
            "who": change.changed_by if change and change.changed_by else _("Someone"),
            "when": localize(localtime(change.changed_at)) if change else "—",
        },
    )
    rubric.refresh_from_db()
    initial = {"version": rubric.weights_version, "reason": request.POST.get("reason", "")}
    return WeightsForm(dimensions=dimensions_of(rubric), initial=initial)


def proposed_initial(request: HttpRequest, dimensions) -> dict:
    """Weights proposed by a helper arrive as ?weight_<code>=..&method=..(&reason=..); nothing
    is saved. The pairwise helper's reason says which random-index table gave the CR."""
    wanted = {FIELD_PREFIX + d.code for d in dimensions} | {"method", "reason"}
    return {key: value for key, value in request.GET.items() if key in wanted}


def editor_url(rubric, weights: dict[str, float], method: str, reason: str = "") -> str:
    """The weight editor, pre-filled with proposed points (two decimals) and a reason."""
    query = {FIELD_PREFIX + code: f"{points:.2f}" for code, points in weights.items()}
    query["method"] = method
    if reason:
        query["reason"] = reason
    return f"{reverse('rubrics:weights-edit', args=[rubric.pk])}?{urlencode(query)}"


@role_required(roles.RUBRIC_ADMIN)
def order_helper(request: HttpRequest, pk: int) -> HttpResponse:
    """Order the dimensions; rank-order-centroid points go to the editor, unsaved."""
    rubric = rubric_or_404(pk)
    form = OrderForm(request.GET or None, dimensions=dimensions_of(rubric))
    if form.is_bound and form.is_valid():
        return redirect(editor_url(rubric, form.proposal(), WeightMethod.RANK_ORDER))
    return render(request, "rubrics/order_helper.html", {"rubric": rubric, "form": form})


@role_required(roles.RUBRIC_ADMIN)
def pairwise_helper(request: HttpRequest, pk: int) -> HttpResponse:
    """Choose at least two dimensions (?d=code&d=code), judge each pair, read CR.

    The result comes first on the page (the form's action ends in #ahp-result), so the
    admin lands on it, not on the top of the drop-downs.
    """
    rubric = rubric_or_404(pk)
    dimensions = dimensions_of(rubric)
    wanted = set(request.GET.getlist("d"))
    chosen = [d for d in dimensions if d.code in wanted]
    form = outcome = None
    if len(chosen) >= 2:
        judged = any("__" in key for key in request.GET)
        form = PairwiseForm(request.GET if judged else None, dimensions=chosen)
        if form.is_bound and form.is_valid():
            outcome = pairwise_proposal(
                chosen=chosen,
                judgements=form.judgements(),
                every=dimensions,
                ri_table=form.cleaned_data["ri"],
            )
    context = {
        "rubric": rubric,
        "dimensions": dimensions,
        "chosen": {d.code for d in chosen},
        "form": form,
        "outcome": outcome,
    }
    if outcome:
        context["ri_table"] = ri_table_label(outcome.result.ri_table, outcome.result.n)
        context["use_url"] = editor_url(
            rubric, outcome.proposal, WeightMethod.PAIRWISE, pairwise_reason(outcome.result)
        )
    return render(request, "rubrics/pairwise_helper.html", context)


@role_required(*roles.READERS)
def weight_history(request: HttpRequest, pk: int) -> HttpResponse:
    rubric = rubric_or_404(pk)
    context = {"rubric": rubric, "changes": weight_changes_of(rubric)}
    return render(request, "rubrics/weight_history.html", context)


@role_required(roles.RUBRIC_ADMIN)
def clone(request: HttpRequest, pk: int) -> HttpResponse:
    """Copy a rubric under a new name; texts, gates and weights are then edited on the copy."""
    rubric = rubric_or_404(pk)
    form = CloneForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        copy = clone_rubric(rubric=rubric, **form.cleaned_data)
        messages.success(
            request,
            _("Rubric “%(name)s” created from “%(source)s”.") % {"name": copy, "source": rubric},
        )
        return redirect("rubrics:rubric-detail", copy.pk)
    return render(request, "rubrics/clone_form.html", {"rubric": rubric, "form": form})


@role_required(roles.RUBRIC_ADMIN)
def new_version(request: HttpRequest, pk: int) -> HttpResponse:
    """Make the next version of a rubric (the way to change a rubric in use)."""
    rubric = rubric_or_404(pk)
    form = VersionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            version = create_version(
                rubric=rubric, by=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _(
                    "Version %(version)s created. Edit its dimensions, criteria and anchors "
                    "on this page, then move each opening to it on the opening's edit page."
                )
                % {"version": version.version},
            )
            return redirect("rubrics:rubric-detail", version.pk)
    context = {"rubric": rubric, "form": form, "newer_version": newer_version_of(rubric)}
    return render(request, "rubrics/version_form.html", context)


@role_required(roles.RUBRIC_ADMIN)
@require_POST
def default_rubric(request: HttpRequest, pk: int) -> HttpResponse:
    """Make this rubric the one new openings start with."""
    rubric = make_default(rubric=rubric_or_404(pk))
    messages.success(request, _("“%(name)s” is now the default rubric.") % {"name": rubric})
    return redirect("rubrics:rubric-detail", rubric.pk)

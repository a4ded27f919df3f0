"""An opening's interview plan: the page with its coverage (readers) and its editing (HR)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from candidates.forms import RoundForm
from candidates.models import InterviewRound, Opening
from candidates.selectors.openings import opening_or_404
from candidates.selectors.plans import overloaded_rounds, plan_coverage, plan_rounds
from candidates.services.plans import move_round, remove_round, save_round, start_plan_from_rubric
from hiring import roles
from hiring.roles import role_required
from rubrics.models import MAX_FOCUS_RECOMMENDED


@role_required(*roles.READERS)
def plan_page(request: HttpRequest, pk: int) -> HttpResponse:
    opening = opening_or_404(pk, request.user)
    rounds = list(plan_rounds(opening))
    context = {
        "opening": opening,
        "rounds": rounds,
        "coverage": plan_coverage(opening, rounds),
        "overloaded": overloaded_rounds(rounds),
        "max_focus": MAX_FOCUS_RECOMMENDED,
        "rubric_has_plan": opening.rubric.plan_rounds.exists(),
        "may_edit": roles.has_role(request.user, *roles.HR_ROLES),
    }
    return render(request, "candidates/plan.html", context)


@role_required(*roles.HR_ROLES)
@require_POST
def plan_start(request: HttpRequest, pk: int) -> HttpResponse:
    opening = opening_or_404(pk, request.user)
    try:
        made = start_plan_from_rubric(opening=opening)
    except ValidationError as refused:
        messages.error(request, " ".join(refused.messages))
    else:
        messages.success(
            request, _("The plan has %(count)s rounds from the rubric.") % {"count": len(made)}
        )
    return redirect("candidates:opening-plan", opening.pk)


def round_or_404(opening: Opening, round_pk: int) -> InterviewRound:
    return get_object_or_404(InterviewRound, pk=round_pk, opening=opening)


@role_required(*roles.HR_ROLES)
def round_edit(request: HttpRequest, pk: int, round_pk: int | None = None) -> HttpResponse:
    opening = opening_or_404(pk, request.user)
    plan_round = round_or_404(opening, round_pk) if round_pk else None
    form = RoundForm(request.POST or None, opening=opening, plan_round=plan_round)
    if request.method == "POST" and form.is_valid():
        try:
            saved = save_round(opening=opening, values=form.values(), plan_round=plan_round)
        except ValidationError as refused:
            for field, errors in refused.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("Round “%(round)s” saved.") % {"round": saved})
            return redirect("candidates:opening-plan", opening.pk)
    title = (
        _("Edit the round “%(round)s”") % {"round": plan_round}
        if plan_round
        else _("New round for %(opening)s") % {"opening": opening}
    )
    context = {"form": form, "page_title": title, "plan_opening": opening}
    return render(request, "candidates/form_page.html", context, status=400 if form.errors else 200)


@role_required(*roles.HR_ROLES)
@require_POST
def round_remove(request: HttpRequest, pk: int, round_pk: int) -> HttpResponse:
    opening = opening_or_404(pk, request.user)
    plan_round = round_or_404(opening, round_pk)
    try:
        remove_round(plan_round=plan_round)
    except ValidationError as refused:
        messages.error(request, " ".join(refused.messages))
    else:
        messages.success(request, _("Round “%(round)s” removed.") % {"round": plan_round})
    return redirect("candidates:opening-plan", opening.pk)


@role_required(*roles.HR_ROLES)
@require_POST
def round_move(request: HttpRequest, pk: int, round_pk: int) -> HttpResponse:
    opening = opening_or_404(pk, request.user)
    step = -1 if request.POST.get("direction") == "up" else 1
    move_round(plan_round=round_or_404(opening, round_pk), step=step)
    return redirect("candidates:opening-plan", opening.pk)

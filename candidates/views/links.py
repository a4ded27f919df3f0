"""Scorecard links: HR makes and revokes them; `/s/<token>/` opens one scorecard, no login."""

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.http import require_POST

from candidates.forms import ScorecardForm, initial_from
from candidates.models import ScorecardLink
from candidates.selectors.access import candidate_label, interview_for_user
from candidates.selectors.interviews import current_scorecard, dimensions_for_entry
from candidates.selectors.plans import focus_codes
from candidates.services.links import (
    EXPIRED,
    REPLACED,
    REVOKED,
    UNKNOWN,
    USED,
    LinkDead,
    LinkRefused,
    create_link,
    resolve_token,
    revoke_links,
)
from candidates.views.entry import save_from_form
from hiring import roles
from hiring.private_pages import private_page
from hiring.ratelimit import over_limit
from hiring.roles import role_required

NEW_LINK_SESSION_KEY = "new_scorecard_link"
RATE_WINDOW_SECONDS = 600


@role_required(*roles.HR_ROLES)
@require_POST
def scorecard_link_create(request: HttpRequest, pk: int) -> HttpResponse:
    interview = interview_for_user(request.user, pk)
    try:
        new = create_link(interview=interview, by=request.user)
    except LinkRefused as refused:
        messages.error(request, refused.message)
    else:
        # Shown once, on the next page: the raw token is not stored anywhere else.
        request.session[NEW_LINK_SESSION_KEY] = {"pk": interview.pk, "url": new.url}
        messages.success(request, _("Scorecard link created. Copy it now: it is shown only once."))
    return redirect("candidates:scorecard-entry", interview.pk)


@role_required(*roles.HR_ROLES)
@require_POST
def scorecard_link_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    interview = interview_for_user(request.user, pk)
    if revoke_links(interview=interview, by=request.user):
        messages.success(request, _("Scorecard link revoked: it no longer opens the scorecard."))
    else:
        messages.info(request, _("This interview has no live scorecard link."))
    return redirect("candidates:scorecard-entry", interview.pk)


def pop_new_link(request: HttpRequest, interview_pk: int) -> str:
    """The full link made just before for this interview, once; "" otherwise."""
    shown = request.session.get(NEW_LINK_SESSION_KEY)
    if not shown or shown.get("pk") != interview_pk:
        return ""
    del request.session[NEW_LINK_SESSION_KEY]
    return shown["url"]


def dead_link_message(reason: str) -> str:
    return {
        EXPIRED: _("This scorecard link has expired. Ask HR for a new one."),
        REVOKED: _("This scorecard link was revoked. Ask HR for a new one if you still need it."),
        REPLACED: _("This scorecard link was replaced by a newer one: use the latest link."),
        USED: _("The scorecard of this link has been submitted. Thank you."),
    }.get(reason, _("This scorecard link does not exist."))


def dead_link_page(request: HttpRequest, reason: str) -> HttpResponse:
    status = 404 if reason == UNKNOWN else 410
    if reason == USED:
        status = 200
    context = {"message": dead_link_message(reason), "reason": reason}
    return render(request, "candidates/link_closed.html", context, status=status)


def open_link(request: HttpRequest, token: str) -> tuple[ScorecardLink | None, HttpResponse | None]:
    """The live link behind `token`, or instead the page to answer with: over the rate
    limit, or a dead link (expired, revoked, replaced, used, unknown)."""
    limit = settings.SCORECARD_LINK_RATE_LIMIT
    if over_limit(request, scope="scorecard-link", limit=limit, seconds=RATE_WINDOW_SECONDS):
        return None, render(request, "candidates/link_limited.html", status=429)
    resolved = resolve_token(token)
    if not resolved.is_live:
        return None, dead_link_page(request, resolved.reason)
    return resolved.link, None


@private_page
@csrf_protect
def scorecard_link_page(request: HttpRequest, token: str) -> HttpResponse:
    """One interview's scorecard for the holder of its link: no login, no other page."""
    link, refusal = open_link(request, token)
    if refusal:
        return refusal
    interview = link.interview
    rubric = interview.application.opening.rubric
    options = {
        "rubric": rubric,
        "dimensions": dimensions_for_entry(rubric),
        "focus": focus_codes(interview.round),
        "requires_reason": False,
    }
    conflict = None
    if request.method == "POST":
        submitting = request.POST.get("action") == "submit"
        form = ScorecardForm(request.POST, submitting=submitting, **options)
        if form.is_valid():
            try:
                saved, form, conflict = save_from_form(
                    request,
                    interview=interview,
                    form=form,
                    submitting=submitting,
                    options=options,
                    by=None,
                    link=link,
                )
            except LinkDead as dead:
                return dead_link_page(request, dead.reason)
            if saved:
                if not submitting:
                    messages.success(request, _("Draft saved. Submit it when it is complete."))
                return redirect("scorecard-link", token)
    else:
        form = ScorecardForm(
            initial=initial_from(current_scorecard(interview)), submitting=False, **options
        )
    return link_entry_page(request, link, form, conflict)


def link_entry_page(request: HttpRequest, link, form: ScorecardForm, conflict) -> HttpResponse:
    interview = link.interview
    scorecard = current_scorecard(interview)
    context = {
        "base_template": "candidates/link_base.html",
        "interview": interview,
        "candidate_label": candidate_label(
            interview.application.candidate, interview.application.opening, user=None
        ),
        "form": form,
        "scorecard": scorecard,
        "conflict": conflict,
        "conflict_values": conflict and initial_from(scorecard),
        "public_link": link,
    }
    status = 409 if conflict else 200
    return render(request, "candidates/scorecard_entry.html", context, status=status)

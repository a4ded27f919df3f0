"""Saving the scorecard form, shared by the scorecard page and the scorecard-link page."""

from django.utils.translation import gettext as _

from candidates.forms import ScorecardForm
from candidates.models import Scorecard
from candidates.services.scorecards import (
    IncompleteScorecard,
    InterviewCancelled,
    ScorecardConflict,
    save_scorecard,
)


def save_from_form(
    request, *, interview, form, submitting: bool, options, by, reason: str = "", link=None
) -> tuple[bool, ScorecardForm, Scorecard | None]:
    """Save a valid scorecard form through save_scorecard: (saved, form, newer scorecard).

    The scorecard page and the link page share it. A conflict gives back the
    typing on the newer version; an incomplete card or a cancelled interview puts
    its message on the form. LinkDead (link pages only) is left to the caller.
    """
    try:
        save_scorecard(
            interview=interview,
            entry=form.to_entry(),
            by=by,
            expected_version=form.cleaned_data["version"],
            submit=submitting,
            reason=reason,
            link=link,
        )
    except ScorecardConflict as clash:
        fresh = conflicting_form(request, clash.current, submitting, options, by_link=bool(link))
        return False, fresh, clash.current
    except IncompleteScorecard as incomplete:
        form.add_problems(incomplete.problems)
    except InterviewCancelled:
        form.add_error(None, _("This interview was cancelled: it takes no scorecard."))
    else:
        return True, form, None
    return False, form, None


def conflicting_form(
    request, current: Scorecard, submitting: bool, form_options, *, by_link: bool = False
) -> ScorecardForm:
    """The user's typing, kept, now based on the newer version: saving again overwrites it.

    On the page a newer submitted version asks for a reason; a link never does
    (a link dies once its scorecard is submitted).
    """
    data = request.POST.copy()
    data["version"] = current.version
    options = form_options if by_link else dict(form_options, requires_reason=current.is_submitted)
    form = ScorecardForm(data, submitting=submitting, **options)
    form.is_valid()
    return form

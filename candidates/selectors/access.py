"""Scoped look-ups: what a user may see, fetched so that the rest is a 404.

HR sees every interview; an interviewer sees only the interviews assigned to
the Interviewer record linked to their account. HR and rubric admins see every
opening; a manager only the openings whose hiring team holds them.
"""

from django.db.models import Q, QuerySet
from django.http import Http404

from candidates.models import Application, Candidate, Interview, InterviewStatus, Opening, Scorecard
from hiring import roles

# Rubric admins read every shortlist (to see what a weight moves), not candidates' contacts.
EVERY_OPENING = (*roles.HR_ROLES, roles.RUBRIC_ADMIN)


def sees_every_opening(user) -> bool:
    return roles.has_role(user, *EVERY_OPENING)


def opening_condition(user, opening: str = "opening") -> Q | None:
    """The condition on the lookup `opening` that keeps what the user may see; None keeps all.

    None for HR and rubric admins; a manager's team for a manager; nothing for
    anyone else. `opening=""` is a condition on openings themselves.
    """
    if sees_every_opening(user):
        return None
    if roles.has_role(user, roles.MANAGER):
        lookup = f"{opening}__hiring_managers" if opening else "hiring_managers"
        return Q(**{lookup: user})
    return Q(pk__in=[])


def within_openings(queryset: QuerySet, user, opening: str = "opening") -> QuerySet:
    """`queryset` cut to the rows whose opening (the lookup `opening`) the user may see."""
    condition = opening_condition(user, opening)
    return queryset if condition is None else queryset.filter(condition)


def openings_for_user(user) -> QuerySet[Opening]:
    """The openings the user may see: all for HR and rubric admins, their team's for a manager."""
    return within_openings(Opening.objects.all(), user, opening="")


def candidates_for_user(user) -> QuerySet[Candidate]:
    """Every candidate for HR and rubric admins; a manager's, those on their openings."""
    if sees_every_opening(user):
        return Candidate.objects.all()
    applications = within_openings(Application.objects.all(), user)
    return Candidate.objects.filter(pk__in=applications.values("candidate_id"))


def sees_contact_details(user, candidate: Candidate) -> bool:
    """E-mail and phone are for HR and the candidate's hiring managers, not for rubric admins."""
    if roles.has_role(user, *roles.HR_ROLES):
        return True
    return (
        roles.has_role(user, roles.MANAGER)
        and Application.objects.filter(candidate=candidate, opening__hiring_managers=user).exists()
    )


def sees_contacts_on(user, opening) -> bool:
    """E-mails in an opening's exports: for HR and the opening's hiring managers."""
    if roles.has_role(user, *roles.HR_ROLES):
        return True
    return (
        roles.has_role(user, roles.MANAGER) and opening.hiring_managers.filter(pk=user.pk).exists()
    )


def sees_listed_contacts(user) -> bool:
    """E-mails in the candidate list: for HR, and for a manager whose list is their team's."""
    if roles.has_role(user, *roles.HR_ROLES):
        return True
    return roles.has_role(user, roles.MANAGER) and not sees_every_opening(user)


def interviews_for_user(user) -> QuerySet[Interview]:
    interviews = Interview.objects.select_related(
        "application__candidate", "application__opening__rubric", "interviewer", "round"
    )
    if roles.has_role(user, *roles.HR_ROLES):
        return interviews
    if roles.has_role(user, roles.INTERVIEWER):
        return interviews.filter(interviewer__user=user)
    return interviews.none()


def interview_for_user(user, pk: int) -> Interview:
    try:
        return interviews_for_user(user).get(pk=pk)
    except Interview.DoesNotExist as missing:
        raise Http404 from missing


def may_see_colleagues_scores(user, application: Application) -> bool:
    """Blind scoring: an interviewer sees colleagues' scores only after submitting their own.

    HR, managers and rubric admins are not raters here, so they always may.
    """
    if roles.has_role(user, *roles.READERS):
        return True
    return (
        Scorecard.objects.submitted()
        .filter(interview__application=application, interview__interviewer__user=user)
        .exists()
    )


def application_for_interviewer(user, pk: int) -> Application:
    """An application the user interviews for, or 404."""
    try:
        return (
            Application.objects.select_related("candidate", "opening__rubric")
            .filter(interviews__interviewer__user=user)
            .distinct()
            .get(pk=pk)
        )
    except Application.DoesNotExist as missing:
        raise Http404 from missing


def candidate_label(candidate, opening, user) -> str:
    """The name, or the candidate code when an interviewer works on a blind opening.

    `user` None stands for an interviewer without the page in front of them (an
    e-mail reminder): blind openings show them the code too.
    """
    if opening.blind_review and (user is None or not roles.has_role(user, *roles.READERS)):
        return candidate.code
    return candidate.name


def interviews_with_labels(user) -> list[tuple[Interview, str]]:
    """The user's interviews, newest first, each with the candidate as the user may see them.

    Cancelled interviews are left out: nothing is left to do for them.
    """
    interviews = (
        interviews_for_user(user)
        .exclude(status=InterviewStatus.CANCELLED)
        .select_related("scorecard")
        .order_by("-scheduled_at")
    )
    return [
        (
            interview,
            candidate_label(interview.application.candidate, interview.application.opening, user),
        )
        for interview in interviews
    ]

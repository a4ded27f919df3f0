"""The roles, and the one gate every view goes through.

Roles are Django groups created by a data migration. `role_required` is the
only permission check; `RoleRequiredMixin` wraps it for class-based views so
both view styles share one code path.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

HR = "HR"
INTERVIEWER = "Interviewer"
MANAGER = "Manager"
RUBRIC_ADMIN = "Rubric admin"
ADMINISTRATOR = "Administrator"
ALL_ROLES = (HR, INTERVIEWER, MANAGER, RUBRIC_ADMIN, ADMINISTRATOR)
# Administrators may do everything HR may do, plus the Team page.
HR_ROLES = (HR, ADMINISTRATOR)
# Who reads openings, shortlists, candidates and weight history: every role but interviewers,
# who see only their own interviews.
READERS = (*HR_ROLES, MANAGER, RUBRIC_ADMIN)

ROLE_LABELS = {
    HR: _("HR"),
    INTERVIEWER: _("Interviewer"),
    MANAGER: _("Hiring manager"),
    RUBRIC_ADMIN: _("Rubric admin"),
    ADMINISTRATOR: _("Administrator"),
}


def user_roles(user: Any) -> frozenset[str]:
    """The role names a user holds; a superuser holds them all.

    Cached on the user object so a page asks the database once.
    """
    if not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_hiring_roles", None)
    if cached is None:
        if user.is_superuser:
            cached = frozenset(ALL_ROLES)
        else:
            names = user.groups.filter(name__in=ALL_ROLES).values_list("name", flat=True)
            cached = frozenset(names)
        user._hiring_roles = cached
    return cached


def has_role(user: Any, *roles: str) -> bool:
    return bool(user_roles(user) & set(roles))


def role_required(*roles: str) -> Callable:
    """Let the request through only for a logged-in user holding one of `roles`.

    Anonymous users go to the login page; a user without any role sees a polite
    page saying so (403); a user with other roles gets 403.
    """
    allowed = set(roles or ALL_ROLES)

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            held = user_roles(request.user)
            if not held:
                return render(request, "hiring/no_role.html", status=403)
            if not held & allowed:
                return render(request, "403.html", status=403)
            return view(request, *args, **kwargs)

        wrapper.allowed_roles = frozenset(allowed)  # type: ignore[attr-defined]
        return wrapper

    return decorator


class RoleRequiredMixin:
    """Class-based views list `allowed_roles`; `as_view` wraps `role_required`."""

    allowed_roles: tuple[str, ...] = ALL_ROLES

    @classmethod
    def as_view(cls, **initkwargs: Any) -> Callable:
        view = super().as_view(**initkwargs)  # type: ignore[misc]
        return role_required(*cls.allowed_roles)(view)


def roles_context(request: HttpRequest) -> dict[str, Any]:
    """Template flags for the navigation: which sections this user may open."""
    held = user_roles(request.user) if hasattr(request, "user") else frozenset()
    return {
        "user_roles": sorted(str(ROLE_LABELS[name]) for name in held),
        "is_hr": bool(held & set(HR_ROLES)),
        "is_interviewer": INTERVIEWER in held,
        "is_manager": MANAGER in held,
        "is_rubric_admin": RUBRIC_ADMIN in held,
        "is_administrator": ADMINISTRATOR in held,
    }

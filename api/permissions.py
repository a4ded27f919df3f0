"""The roles gate of the API: the same role names and the same sets as the pages.

A view lists `allowed_roles`, or `allowed_roles_by_method` when GET and POST
differ (candidates: readers list them, HR add them). No token: 401; a role
that may not: 403; outside the user's scope the view's selector gives 404.
"""

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import BasePermission

from hiring import roles


def roles_for(view, method: str) -> frozenset[str]:
    by_method = getattr(view, "allowed_roles_by_method", None)
    if by_method is not None:
        return frozenset(by_method.get(method, ()))
    return frozenset(getattr(view, "allowed_roles", roles.ALL_ROLES))


class HasApiRole(BasePermission):
    message = _("Your role may not do this.")

    def has_permission(self, request, view) -> bool:
        user = request.user
        if not (user and user.is_authenticated):
            return False  # DRF turns this into a 401 (the authenticator sends WWW-Authenticate)
        held = roles.user_roles(user)
        if not held:
            self.message = _("Your account has not been given a role yet.")
            return False
        method = "GET" if request.method in ("HEAD", "OPTIONS") else request.method
        return bool(held & roles_for(view, method))

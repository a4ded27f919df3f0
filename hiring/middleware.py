"""Two guards around every request: no NUL in an admin query string, no caching for users.

Responses to a logged-in user are never stored by a browser or a proxy.
Every page, JSON and export behind the login holds personal data (names,
e-mails, scores, evidence): `Cache-Control: no-store, private` keeps them out
of shared caches and off a shared computer's disk. Static files are served by
whitenoise before this middleware runs, so they keep their long cache life.
"""

from collections.abc import Callable

from django.core.exceptions import BadRequest
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.cache import patch_cache_control


class NoStoreForUsersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, no_store=True, private=True)
        return response


class RefuseNulInQueryMiddleware:
    """A NUL character in a Django admin query string is answered with the 400 page.

    PostgreSQL text cannot hold NUL, so an admin search or list filter with one
    (`?q=%00`) would fail in the database: the admin hands query strings to
    querysets directly. The app's own pages read them through forms, which
    refuse NUL next to the field.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        in_admin = request.path_info.startswith(reverse("admin:index"))
        if in_admin and any("\x00" in key + "".join(values) for key, values in request.GET.lists()):
            raise BadRequest("NUL in the query string")
        return self.get_response(request)

"""Guards around every request: no NUL in an admin query string, no caching for
users, and the app's own 404 page even with DEBUG on (`make run`).

Responses to a logged-in user are never stored by a browser or a proxy.
Every page, JSON and export behind the login holds personal data (names,
e-mails, scores, evidence): `Cache-Control: no-store, private` keeps them out
of shared caches and off a shared computer's disk. Static files are served by
whitenoise before this middleware runs, so they keep their long cache life.
"""

from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import BadRequest
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import Resolver404, get_resolver, resolve, reverse
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


class AppNotFoundPageMiddleware:
    """With DEBUG on and DEBUG_404 off, a 404 is answered with the app's 404 page.

    Django shows its English technical 404 page whenever DEBUG is on, and
    `make run` (the demo) runs with DEBUG on: its users get the page they would
    get in production instead, in their language and with the navigation.
    Django resolves the URL outside the view middleware, so an unknown URL is
    looked up here before the rest of the chain; an Http404 raised by a view
    (a missing object, one outside the user's scope) reaches process_exception.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _app_page_wanted():
            try:
                resolve(request.path_info, getattr(request, "urlconf", None))
            except Resolver404 as exc:
                return not_found_page(request, exc)
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if _app_page_wanted() and isinstance(exception, Http404):
            return not_found_page(request, exception)
        return None


def _app_page_wanted() -> bool:
    # Read per request: a test overriding the settings needs no new handler.
    return settings.DEBUG and not settings.DEBUG_404


def not_found_page(request: HttpRequest, exception: Http404) -> HttpResponse:
    """The 404 response Django gives with DEBUG off: the URLconf's handler404."""
    handler = get_resolver(getattr(request, "urlconf", None)).resolve_error_handler(404)
    return handler(request, exception=exception)

"""Responses to a logged-in user are never stored by a browser or a proxy.

Every page, JSON and export behind the login holds personal data (names,
e-mails, scores, evidence): `Cache-Control: no-store, private` keeps them out
of shared caches and off a shared computer's disk. Static files are served by
whitenoise before this middleware runs, so they keep their long cache life.
"""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
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

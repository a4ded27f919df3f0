"""Pages opened by a secret link (a scorecard link, an invitation): not cached, not passed on."""

from collections.abc import Callable
from functools import wraps

from django.http import HttpRequest, HttpResponse


def private_page(view: Callable) -> Callable:
    """Never cached, never sends its address (the token) on as a Referer."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = view(request, *args, **kwargs)
        response["Cache-Control"] = "no-store, private"
        # same-origin, not no-referrer: with no-referrer the browser posts "Origin: null",
        # which the CSRF check refuses; the token still never reaches another site.
        response["Referrer-Policy"] = "same-origin"
        return response

    return wrapper

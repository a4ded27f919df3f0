"""Counting a client's requests in Django's cache, for pages open without a login.

The count lives in the default cache: per process with the local-memory cache
(each gunicorn worker counts on its own), shared with a shared cache backend.
"""

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

from hiring.client_ip import client_ip


def request_address(request: HttpRequest) -> str:
    """The client's address: behind a proxy its last X-Forwarded-For entry."""
    if getattr(settings, "BEHIND_PROXY", False):
        return client_ip(request) or ""
    return request.META.get("REMOTE_ADDR", "")


def over_limit(request: HttpRequest, *, scope: str, limit: int, seconds: int) -> bool:
    """Count this request; True once the address made more than `limit` in `seconds`.

    A fixed window that starts with the address's first request.
    """
    key = f"ratelimit:{scope}:{request_address(request)}"
    cache.add(key, 0, seconds)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, seconds)
        count = 1
    return count > limit

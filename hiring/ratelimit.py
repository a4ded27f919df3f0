"""Counting requests in Django's cache, for pages open without a login.

The counts live in the default cache, which every server process shares: Redis
with REDIS_URL, else a database table (see CACHES in hiring/settings.py). When
that store cannot be reached (Redis restarting, say) the page still answers:
the request is not counted, and the outage is logged once, not per request.
"""

import logging

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

from hiring.client_ip import client_ip
from hiring.outage import Outage

outage = Outage(
    logging.getLogger(__name__),
    down="The rate-limit store is unreachable: requests go uncounted.",
    back="The rate-limit store is back.",
)


def request_address(request: HttpRequest) -> str:
    """The client's address: behind a proxy its last X-Forwarded-For entry."""
    if getattr(settings, "BEHIND_PROXY", False):
        return client_ip(request) or ""
    return request.META.get("REMOTE_ADDR", "")


def count_request(key: str, seconds: int) -> int:
    """Count one request under `key`; the number in the window so far, this one included.

    A fixed window of `seconds` that starts with the key's first request. 0 when
    the store is unreachable: a limit is not worth refusing every visitor for.
    """
    try:
        number = _count(key, seconds)
    except Exception:  # any backend's connection error (redis, the database)
        outage.failed()
        return 0
    outage.answered()
    return number


def _count(key: str, seconds: int) -> int:
    cache.add(key, 0, seconds)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, seconds)
        return 1


def over_limit(request: HttpRequest, *, scope: str, limit: int, seconds: int) -> bool:
    """Count this request; True once the address made more than `limit` in `seconds`."""
    return count_request(f"ratelimit:{scope}:{request_address(request)}", seconds) > limit

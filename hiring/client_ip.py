"""The client's address when a proxy in front of the app servers forwards requests.

Behind a proxy REMOTE_ADDR is the proxy, so login throttling keyed on it would
lock everyone out together. The proxy appends the address it saw to
X-Forwarded-For; entries to the left of it come from the client and can be
forged, so only the last one is trusted. Used only with BEHIND_PROXY on.
"""

from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str | None:
    """The last X-Forwarded-For entry, else REMOTE_ADDR."""
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    last = forwarded.rsplit(",", 1)[-1].strip()
    return last or request.META.get("REMOTE_ADDR")

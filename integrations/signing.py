"""Signing webhook bodies, Stripe-style, and checking such a signature on the receiving side.

The header is `X-Hiring-Signature: t=<unix time>,v1=<hex HMAC-SHA256>`, where the
HMAC is of the bytes `<t>.<body>` under the hook's secret. The time is inside the
signed text, so a receiver that rejects old times also rejects a recorded request
sent again later (a replay). Plain Python, no Django: a receiver may copy this file.
"""

import hashlib
import hmac
import time

SIGNATURE_HEADER = "X-Hiring-Signature"
EVENT_HEADER = "X-Hiring-Event"
DELIVERY_HEADER = "X-Hiring-Delivery"
SCHEME = "v1"
# Seconds a receiver accepts between the signing time and its own clock, either way.
DEFAULT_TOLERANCE = 300


class InvalidSignature(ValueError):
    """The header is missing or malformed, no signature matches, or the time is too far off."""


def _digest(secret: str, timestamp: int, body: bytes) -> str:
    signed = str(timestamp).encode() + b"." + body
    return hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()


def sign(secret: str, body: bytes, *, timestamp: int | None = None) -> str:
    """The X-Hiring-Signature value for `body` (the exact bytes sent), signed now by default."""
    timestamp = int(time.time()) if timestamp is None else timestamp
    return f"t={timestamp},{SCHEME}={_digest(secret, timestamp, body)}"


def verify(
    secret: str,
    header: str | None,
    body: bytes | str,
    tolerance: int = DEFAULT_TOLERANCE,
    *,
    now: float | None = None,
) -> int:
    """Check an X-Hiring-Signature header against the raw request body; return its time.

    `body` must be the bytes as received (a str is taken as UTF-8), before any JSON
    parsing. Accepts the header if one of its `v1` signatures matches and its time
    is at most `tolerance` seconds from `now` (the current time by default) in
    either direction. Raises InvalidSignature otherwise.
    """
    if isinstance(body, str):
        body = body.encode()
    timestamp, signatures = _parse(header or "")
    if abs((time.time() if now is None else now) - timestamp) > tolerance:
        raise InvalidSignature("timestamp outside the tolerance")
    expected = _digest(secret, timestamp, body)
    # compare_digest takes the same time whatever the first differing character.
    if not any(hmac.compare_digest(expected, given) for given in signatures):
        raise InvalidSignature("no signature matches")
    return timestamp


def _parse(header: str) -> tuple[int, list[str]]:
    timestamp, signatures = None, []
    for item in header.split(","):
        key, _, value = item.strip().partition("=")
        if key == "t" and value.isdigit():
            timestamp = int(value)
        elif key == SCHEME and value:
            signatures.append(value)
    if timestamp is None or not signatures:
        raise InvalidSignature("malformed signature header")
    return timestamp, signatures

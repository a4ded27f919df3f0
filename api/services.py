"""Issuing, revoking and using API tokens: the admin and `create_api_token` call these."""

import hashlib
import secrets
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from api.models import PREFIX_LENGTH, ApiToken

# last_used_at is rewritten at most this often: not a write on every request.
USE_RECORDED_EVERY = timedelta(minutes=1)


def hash_token(token: str) -> str:
    """The SHA-256 hex digest stored for `token` (a token is random, so no salt is needed)."""
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(*, user, name: str = "", by=None) -> tuple[ApiToken, str]:
    """A new token for `user`: (the stored row, the token itself).

    The token (43 URL-safe characters, 256 random bits) is returned only here;
    the database keeps its SHA-256 and its first PREFIX_LENGTH characters.
    """
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        row = ApiToken.objects.create(
            user=user,
            name=name,
            prefix=token[:PREFIX_LENGTH],
            hashed_secret=hash_token(token),
            created_by=by,
        )
    return row, token


def revoke_tokens(*, tokens) -> int:
    """Revoke the tokens of the queryset `tokens` not revoked yet; how many were."""
    with transaction.atomic():
        return tokens.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())


def record_use(*, token: ApiToken) -> None:
    """Note that `token` was used now, unless that was noted less than a minute ago."""
    now = timezone.now()
    if token.last_used_at is not None and now - token.last_used_at < USE_RECORDED_EVERY:
        return
    # A conditional UPDATE: two requests at once write once, and nothing else is touched.
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    token.last_used_at = now

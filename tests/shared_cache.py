"""Tests of the ranking cache shared through Redis: whether Redis answers, and pointing the
cache at one of its databases."""

import redis
from django.core.cache import caches


def redis_answers(url: str) -> bool:
    try:
        redis.Redis.from_url(url, socket_connect_timeout=0.2).ping()
    except redis.exceptions.RedisError:
        return False
    return True


def use_redis(settings, url: str) -> None:
    """CACHES["ranking"] on the Redis database `url`, emptied (pytest-django's settings)."""
    settings.CACHES = {
        **settings.CACHES,
        "ranking": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url},
    }
    caches["ranking"].clear()

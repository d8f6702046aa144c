"""WhichMovie's wiring of the TMDB client: settings in, one shared client per process."""

import functools

import redis
from django.conf import settings

from contrib.tmdb.api import TMDBClient
from contrib.tmdb.ratelimit import Limiter, LocalLimiter, RedisLimiter


def _limiter() -> Limiter:
    # TMDB_MAX_RPS is a ceiling: the limiter finds the rate TMDB really allows under it. With
    # Redis, every worker process shares what it learns and one budget of connections.
    if settings.REDIS_URL:
        return RedisLimiter(
            # Bounded waits: a Redis that hangs must not hang every TMDB call with it.
            redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=2, socket_timeout=5),
            key="whichmovie:tmdb",
            max_rate=settings.TMDB_MAX_RPS,
            max_concurrent=settings.TMDB_MAX_CONNECTIONS,
        )
    return LocalLimiter(
        max_rate=settings.TMDB_MAX_RPS, max_concurrent=settings.TMDB_MAX_CONNECTIONS
    )


@functools.cache
def get_client() -> TMDBClient:
    """The process's TMDB client (thread-safe). Tests clear it with `get_client.cache_clear()`."""
    return TMDBClient(
        api_url=settings.TMDB_API_URL,
        read_access_token=settings.TMDB_READ_ACCESS_TOKEN,
        api_key=settings.TMDB_API_KEY,
        timeout=(3.05, settings.TMDB_TIMEOUT),
        limiter=_limiter(),
        pool_size=settings.TMDB_MAX_CONNECTIONS,
    )

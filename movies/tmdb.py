"""WhichMovie's wiring of the TMDB client: settings in, one shared client per process.

Also parses what curators paste into the admin: a TMDB id or URL, an IMDb id or URL.
"""

import functools
import re
from dataclasses import dataclass

import redis
from django.conf import settings

from contrib.tmdb.api import TMDBClient
from contrib.tmdb.ratelimit import Limiter, LocalLimiter, RedisLimiter


def _limiter() -> Limiter:
    # With Redis, every worker process shares one budget of requests and connections.
    if settings.REDIS_URL:
        return RedisLimiter(
            redis.Redis.from_url(settings.REDIS_URL),
            key="whichmovie:tmdb",
            rate_per_second=settings.TMDB_MAX_RPS,
            max_concurrent=settings.TMDB_MAX_CONNECTIONS,
        )
    return LocalLimiter(
        rate_per_second=settings.TMDB_MAX_RPS, max_concurrent=settings.TMDB_MAX_CONNECTIONS
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


@dataclass(frozen=True)
class TMDBReference:
    tmdb_id: int | None = None
    imdb_id: str | None = None


_TMDB_URL = re.compile(r"themoviedb\.org/movie/(\d+)")
_IMDB_ID = re.compile(r"\b(tt\d{5,12})\b")


def parse_reference(text: str) -> TMDBReference | None:
    """ "603", "https://www.themoviedb.org/movie/603-the-matrix", "tt0133093" or an IMDb URL."""
    text = (text or "").strip()
    if text.isdigit() and 0 < int(text) < 2**31:
        return TMDBReference(tmdb_id=int(text))
    if match := _TMDB_URL.search(text):
        return TMDBReference(tmdb_id=int(match.group(1)))
    if match := _IMDB_ID.search(text):
        return TMDBReference(imdb_id=match.group(1))
    return None

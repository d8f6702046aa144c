"""The catalogue's version: pages are cached per version, and every write moves it on.

Pages are read far more often than the catalogue changes (a few runs a day), so the public
pages are served from the cache until the pipeline or a curator writes. The version is
derived from the films in the database (latest change, how many), so it is right even when
the write happened in another process, plus a generation that `bump()` changes for writes
the films do not show (a channel renamed). Without Redis each process has its own cache,
so there the derived version is only trusted for a few seconds.
"""

import uuid
from datetime import datetime

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Max

VERSION_KEY = "catalogue:version"
GENERATION_KEY = "catalogue:generation"
# With a shared cache a bump reaches every process; without one, re-read the database often.
SHARED_TTL = 60 * 60
LOCAL_TTL = 5


def _ttl() -> int:
    return SHARED_TTL if settings.REDIS_URL else LOCAL_TTL


def current() -> tuple[str, datetime | None]:
    """(version, last modified): a cache hit, or one aggregate query."""
    cached = cache.get(VERSION_KEY)
    if cached is not None:
        return cached
    from movies.models import Movie

    stats = Movie.objects.aggregate(latest=Max("updated_at"), films=Count("id"))
    latest = stats["latest"]
    generation = cache.get(GENERATION_KEY, "0")
    version = f"{latest.timestamp() if latest else 0:.6f}-{stats['films']}-{generation}"
    cache.set(VERSION_KEY, (version, latest), _ttl())
    return version, latest


def bump() -> None:
    """Call after writing films, trailers or channels: the next request gets a new version."""
    cache.set(GENERATION_KEY, uuid.uuid4().hex[:12], None)
    cache.delete(VERSION_KEY)


def bump_on_change(sender, **kwargs) -> None:
    """Signal receiver: a film, trailer or channel saved or deleted through the ORM."""
    bump()

"""The admin's "run now": work queued for the workers, or run here when there is no broker."""

from django.conf import settings
from redis.exceptions import RedisError

from movies.enrichment import EnrichmentAborted, enrich_due
from movies.fetching import fetch_channels
from movies.models import Channel

# Without a broker, "run now" runs in the web request: keep it short.
INLINE_ENRICH_LIMIT = 50

BROKER_DOWN = "The broker (Redis) is unreachable: nothing was queued. See /healthz."


def fetch_now(channels: list[Channel]) -> list[str]:
    if settings.REDIS_URL:
        from movies.tasks import fetch_channel_videos

        try:
            for channel in channels:
                fetch_channel_videos.send(channel.slug, "admin")
        except RedisError:
            return [BROKER_DOWN]
        return [f"Queued a fetch of {c.name}; the run history will show it." for c in channels]
    summaries = fetch_channels(channels, trigger="admin")
    return [s.line() for s in summaries] + [
        "No broker (REDIS_URL unset): new films are enriched by the next enrichment run."
    ]


def enrich_now() -> str:
    if settings.REDIS_URL:
        from movies.tasks import enrich_movies_with_tmdb

        try:
            enrich_movies_with_tmdb.send("admin")
        except RedisError:
            return BROKER_DOWN
        return "Enrichment queued; see the run history for the result."
    try:
        summary = enrich_due(limit=INLINE_ENRICH_LIMIT, trigger="admin")
    except EnrichmentAborted as exc:
        return f"Enrichment not started: {exc}"
    return summary.line()

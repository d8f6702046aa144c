"""Dramatiq actors: thin wrappers over the pipeline functions, scheduled by dramatiq-crontab.

Times are UTC. Every actor is idempotent, so a redelivered or duplicated message changes
nothing, and a missed night is caught up by the next run (fetch reads the newest videos,
enrichment takes whatever is still due).
"""

import logging

import dramatiq
from django.conf import settings
from dramatiq_crontab import cron

from contrib.tmdb.exceptions import TMDBAuthError, TMDBConfigError, TMDBUnavailable
from movies import curation, dispatch
from movies.enrichment import EnrichmentAborted, Result, enrich_due, enrich_movie
from movies.fetching import fetch_channels
from movies.freshness import refresh_due
from movies.models import Channel

logger = logging.getLogger(__name__)

# The seeds' per-channel actors; channels added in the admin go through fetch_added_channels.
SEED_FETCHES = {"fetch_rotten_tomatoes_videos": "rotten_tomatoes", "fetch_mubi_videos": "mubi"}
SEED_CHANNELS = tuple(SEED_FETCHES.values())
# Films per fan-out message: small, so several workers share a fetch's new films.
ENRICH_BATCH = 5
MINUTE = 60_000
HOUR = 60 * MINUTE

# dramatiq's defaults retry 20 times over days; a nightly job wants a few quick retries.
FETCH = {
    "max_retries": 3,
    "min_backoff": MINUTE,
    "max_backoff": 15 * MINUTE,
    "time_limit": 15 * MINUTE,
}
ENRICH_FILMS = {
    "max_retries": 3,
    "min_backoff": 30_000,
    "max_backoff": 10 * MINUTE,
    "time_limit": 10 * MINUTE,
    # A refused credential will not fix itself by retrying.
    "throws": (TMDBAuthError, TMDBConfigError),
}
# A curator waits for these: retried once soon; a refused credential is final.
CURATE = {
    "max_retries": 1,
    "min_backoff": 30_000,
    "time_limit": 10 * MINUTE,
    "throws": (TMDBAuthError, TMDBConfigError),
}
ENRICH_ALL = {
    "max_retries": 1,
    "min_backoff": 10 * MINUTE,
    "time_limit": 6 * HOUR,
    "throws": (EnrichmentAborted,),
}


def enqueue_enrichment(movie_ids: list[int]) -> None:
    """Hand new films to the workers, a few per message (called after the fetch commits).
    A fetch the admin ran without a broker enriches them itself: no worker would."""
    if dispatch.running_here.get():
        for movie_id in movie_ids:
            try:
                enrich_movie(movie_id)
            except (TMDBAuthError, TMDBConfigError) as exc:
                logger.warning("New films left for the next enrichment run: %s", exc)
                return
        return
    for start in range(0, len(movie_ids), ENRICH_BATCH):
        enrich_movies.send(movie_ids[start : start + ENRICH_BATCH])


def fetch_sources(slugs, trigger: str, *, even_if_disabled: bool = False) -> None:
    channels = Channel.objects.filter(slug__in=slugs)
    if not even_if_disabled:
        channels = channels.filter(enabled=True)
    channels = list(channels)
    if not channels:
        logger.info("No enabled channel among %s: nothing to fetch.", ", ".join(slugs))
        return
    fetch_channels(channels, trigger=trigger, on_new_films=enqueue_enrichment)


@cron("0 0 * * *")
@dramatiq.actor(**FETCH)
def fetch_rotten_tomatoes_videos(trigger: str = "cron"):
    fetch_sources([SEED_FETCHES["fetch_rotten_tomatoes_videos"]], trigger)


@cron("0 1 * * *")
@dramatiq.actor(**FETCH)
def fetch_mubi_videos(trigger: str = "cron"):
    fetch_sources([SEED_FETCHES["fetch_mubi_videos"]], trigger)


@cron("30 1 * * *")
@dramatiq.actor(**FETCH)
def fetch_added_channels(trigger: str = "cron"):
    """Channels curators added in admin: one message each, so a slow one delays nobody, due
    YOUTUBE_CHANNEL_PAUSE apart, so the workers do not ask YouTube for them all at once."""
    slugs = Channel.objects.filter(enabled=True).exclude(slug__in=SEED_CHANNELS)
    pause_ms = max(0, round(settings.YOUTUBE_CHANNEL_PAUSE * 1000))
    for index, slug in enumerate(slugs.values_list("slug", flat=True)):
        fetch_channel_videos.send_with_options(args=(slug, trigger), delay=index * pause_ms or None)


@dramatiq.actor(**FETCH)
def fetch_channel_videos(slug: str, trigger: str = "admin", asked: bool = False):
    """One channel. The nightly fan-out's message skips a channel disabled since it was
    queued; a curator's "Fetch now" (`asked`) fetches it even if disabled, as
    `fetch_videos --source` does."""
    fetch_sources([slug], trigger, even_if_disabled=asked)


@dramatiq.actor(**ENRICH_FILMS)
def enrich_movies(movie_ids: list[int]):
    results = [enrich_movie(movie_id) for movie_id in movie_ids]
    if Result.UNAVAILABLE in results:
        # Retry the message later; films already done are skipped then.
        raise TMDBUnavailable("TMDB unreachable for part of this batch; retrying later.")


@cron("0 2 * * *")
@dramatiq.actor(**ENRICH_ALL)
def enrich_movies_with_tmdb(trigger: str = "cron"):
    """The nightly catch-up: everything still due, whatever the fan-out missed."""
    enrich_due(trigger=trigger)


@cron("0 3 * * *")
@dramatiq.actor(**ENRICH_ALL)
def refresh_tmdb_details(trigger: str = "cron"):
    """Release dates and watch providers of the films that are due (weekly for recent and
    upcoming films, monthly for the rest of the last two years)."""
    refresh_due(trigger=trigger)


@dramatiq.actor(**CURATE)
def re_enrich_films(movie_ids: list[int]):
    curation.re_enrich_job(movie_ids)


@dramatiq.actor(**CURATE)
def choose_tmdb_film(movie_id: int, tmdb_id: int):
    curation.choose_job(movie_id, tmdb_id)


@dramatiq.actor(**CURATE)
def set_tmdb_film(movie_id: int, reference: str):
    curation.set_reference_job(movie_id, reference)

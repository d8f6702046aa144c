"""Work the admin asks for that needs YouTube or TMDB: never done inside the web request.

With a broker, each request is a message to the workers; without one (`make run`), it runs in
a background thread of the web process. Either way it starts once the request's transaction
has committed (the job must see what the curator just saved, and must not be overwritten by
it), and the admin says what was queued: the result shows on the film, the channel or in the
run history. A web request waits at most for a one-second broker check.
"""

import logging
import threading
from contextvars import ContextVar

from django.conf import settings
from django.db import connection, transaction
from redis.exceptions import RedisError

from movies.health import broker_answers
from movies.models import Channel

logger = logging.getLogger(__name__)

BROKER_DOWN = "The broker (Redis) is unreachable: nothing was queued. See /healthz."


def run_later(actor, *args) -> str:
    """Hand `actor(*args)` to the workers, or to a thread here without a broker. Returns ""
    when handed over, else the sentence saying why not."""
    if settings.REDIS_URL:
        if not broker_answers():
            return BROKER_DOWN
        transaction.on_commit(lambda: _send(actor, args))
    else:
        transaction.on_commit(lambda: start_thread(actor.fn, args))
    return ""


def _send(actor, args) -> None:
    try:
        actor.send(*args)
    except RedisError:  # went away since the check: the log says what was lost
        logger.exception("Could not queue %s%r", actor.actor_name, args)


# True while a job runs here rather than in a worker: the work it would hand to the workers
# (a fetch's new films to enrich) is then done here too, since no worker would take it.
running_here: ContextVar[bool] = ContextVar("running_here", default=False)


def start_thread(function, args) -> threading.Thread:
    """The one place a job leaves the request without a broker (tests patch it)."""
    thread = threading.Thread(
        target=_in_thread, args=(function, args), name=f"admin-{function.__name__}", daemon=True
    )
    thread.start()
    return thread


def _in_thread(function, args) -> None:
    try:
        run_here(function, args)
    except Exception:
        logger.exception("Background %s%r failed", function.__name__, args)
    finally:
        connection.close()  # this thread's own connection


def run_here(function, args) -> None:
    token = running_here.set(True)
    try:
        function(*args)
    finally:
        running_here.reset(token)


def fetch_now(channels: list[Channel]) -> str:
    from movies.tasks import fetch_channel_videos

    for channel in channels:
        # Asked for by name: fetched even if disabled (it stays disabled for the nightly runs).
        if problem := run_later(fetch_channel_videos, channel.slug, "admin", True):
            return problem
    names = ", ".join(
        channel.name if channel.enabled else f"{channel.name} (disabled: fetched this once)"
        for channel in channels
    )
    return f"Fetch queued for {names}: the run history and the channel list show the result."


def enrich_now() -> str:
    from movies.tasks import enrich_movies_with_tmdb

    return run_later(enrich_movies_with_tmdb, "admin") or (
        "Enrichment queued: the run history shows the result."
    )


def re_enrich(movie_ids: list[int]) -> str:
    from movies.tasks import re_enrich_films

    return run_later(re_enrich_films, movie_ids) or (
        f"Re-enrichment of {len(movie_ids)} films queued: each film's status shows the result."
    )


def choose(movie_id: int, tmdb_id: int) -> str:
    from movies.tasks import choose_tmdb_film

    return run_later(choose_tmdb_film, movie_id, tmdb_id) or (
        f"TMDB film {tmdb_id} queued for this film: it is filled in and locked in a moment."
    )


def set_reference(movie_id: int, reference: str) -> str:
    from movies.tasks import set_tmdb_film

    return run_later(set_tmdb_film, movie_id, reference) or (
        "TMDB film queued: the film is filled in from TMDB and locked in a moment."
    )

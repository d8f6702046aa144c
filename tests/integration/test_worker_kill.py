"""A worker process killed with SIGKILL in the middle of enrichment: the broker hands its
unfinished messages to the next worker, and every film ends enriched exactly once."""

import pytest

from bench.fixtures import listing_and_films
from contrib.tmdb.testing import process as tmdb_process
from contrib.youtube.api import parse_listing
from movies import tasks
from movies.fetching import save_listing
from movies.models import Channel, Movie
from tests.integration.processes import session_database_url
from tests.integration.workers import running_workers, wait_until

pytestmark = [pytest.mark.postgres, pytest.mark.redis]
FILMS = 60
Status = Movie.Status


def test_a_killed_worker_loses_no_film_and_enriches_none_twice(seed_channels, redis_url):
    listing, films = listing_and_films(FILMS, seed=31)
    channel = Channel.objects.get(slug="rotten_tomatoes")
    new_ids = save_listing(channel, parse_listing(channel.url, listing, limit=FILMS)).new_movie_ids
    assert len(new_ids) == FILMS

    def matched() -> int:
        return Movie.objects.filter(status=Status.MATCHED).count()

    with (
        tmdb_process.fake_tmdb_process(films, latency=0.15) as tmdb_url,
        running_workers(
            database_url=session_database_url(),
            redis_url=redis_url,
            listings={},
            tmdb_url=tmdb_url,
            TMDB_MAX_RPS="20",
        ) as workers,
    ):
        first = workers.start(processes=1, threads=4)
        for start in range(0, FILMS, tasks.ENRICH_BATCH):
            workers.send(tasks.enrich_movies, new_ids[start : start + tasks.ENRICH_BATCH])
        wait_until(lambda: matched() >= 10, timeout=60, message=workers.log()[-2000:])
        workers.kill(first)
        at_kill = matched()
        assert at_kill < FILMS, "the worker finished before it could be killed"

        workers.start(processes=1, threads=4)
        wait_until(lambda: matched() == FILMS, timeout=120, message=workers.log()[-3000:])

    assert Movie.objects.count() == FILMS
    # Exactly once: no film was looked up and written a second time after redelivery.
    assert set(Movie.objects.values_list("enrich_attempts", flat=True)) == {1}
    tmdb_ids = list(Movie.objects.values_list("tmdb_id", flat=True))
    assert len(set(tmdb_ids)) == FILMS

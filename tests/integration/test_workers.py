"""The whole pipeline in real worker processes: `manage.py rundramatiq` on Redis and
PostgreSQL, recorded YouTube listings, the TMDB double with latency and a rate limit."""

import pytest

from contrib.tmdb.testing import process as tmdb_process
from contrib.youtube.testing.fake_ytdlp import recorded_listings
from movies import tasks
from movies.models import Movie, PipelineRun, Trailer
from tests.integration.processes import session_database_url
from tests.integration.workers import running_workers, wait_until

pytestmark = [pytest.mark.postgres, pytest.mark.redis]
Status = Movie.Status


def pipeline_done() -> bool:
    runs = PipelineRun.objects.filter(job=PipelineRun.Job.FETCH)
    return (
        runs.count() == 2
        and not runs.filter(outcome=PipelineRun.Outcome.RUNNING).exists()
        and not Movie.objects.filter(status=Status.PENDING).exists()
    )


def test_the_seed_actors_fill_the_catalogue_in_real_workers(seed_channels, redis_url):
    with (
        tmdb_process.fake_tmdb_process(latency=0.08, rate_limit=40) as tmdb_url,
        running_workers(
            database_url=session_database_url(),
            redis_url=redis_url,
            listings=recorded_listings(),
            tmdb_url=tmdb_url,
            TMDB_MAX_RPS="40",
        ) as workers,
    ):
        workers.start(processes=2, threads=4)
        workers.send(tasks.fetch_rotten_tomatoes_videos)
        workers.send(tasks.fetch_mubi_videos)
        wait_until(pipeline_done, timeout=120, message=workers.log()[-3000:])
        served = tmdb_process.stats(tmdb_url)

    assert Movie.objects.count() > 30
    keys = list(Movie.objects.values_list("title_key", "year"))
    assert len(keys) == len(set(keys))
    tmdb_ids = list(Movie.objects.exclude(tmdb_id=None).values_list("tmdb_id", flat=True))
    assert len(tmdb_ids) == len(set(tmdb_ids))
    assert Movie.objects.filter(status=Status.MATCHED).count() >= 20
    substance = Movie.objects.get(title_key="the substance")
    assert substance.trailers.count() == 2
    video_ids = list(Trailer.objects.values_list("video_id", flat=True))
    assert len(video_ids) == len(set(video_ids))
    assert served["rate_limited"] < 0.05 * served["requests"]

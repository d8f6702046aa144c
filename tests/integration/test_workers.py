"""The whole pipeline in real worker processes: `manage.py rundramatiq` on Redis and
PostgreSQL, recorded YouTube listings, the TMDB double with latency and a rate limit."""

import pytest

from contrib.tmdb.testing import process as tmdb_process
from contrib.youtube.testing.fake_ytdlp import recorded_listings
from movies import tasks
from movies.models import Channel, Movie, PipelineRun, Trailer
from tests.integration.processes import session_database_url
from tests.integration.workers import running_workers, wait_until

pytestmark = [pytest.mark.postgres, pytest.mark.redis]
Status = Movie.Status
RT_URL = "https://www.youtube.com/@RottenTomatoesIndie/videos"
MUBI_URL = "https://www.youtube.com/@mubi/videos"


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
    assert substance.trailers.filter(from_tmdb=False).count() == 2  # the channels', beside TMDB's
    video_ids = list(Trailer.objects.values_list("video_id", flat=True))
    assert len(video_ids) == len(set(video_ids))
    assert served["rate_limited"] < 0.05 * served["requests"]


def fetches_done() -> bool:
    runs = PipelineRun.objects.filter(job=PipelineRun.Job.FETCH)
    return runs.count() == 2 and not runs.filter(outcome=PipelineRun.Outcome.RUNNING).exists()


def test_a_channel_that_crashes_yt_dlp_fails_alone_in_real_workers(seed_channels, redis_url):
    listings = recorded_listings()
    with (
        tmdb_process.fake_tmdb_process(latency=0.01) as tmdb_url,
        running_workers(
            database_url=session_database_url(),
            redis_url=redis_url,
            listings={MUBI_URL: listings[MUBI_URL]},
            crashes=(RT_URL,),
            tmdb_url=tmdb_url,
        ) as workers,
    ):
        workers.start(processes=1, threads=2)
        workers.send(tasks.fetch_rotten_tomatoes_videos)
        workers.send(tasks.fetch_mubi_videos)
        wait_until(fetches_done, timeout=120, message=workers.log()[-3000:])
        log = workers.log()

    runs = {run.target: run for run in PipelineRun.objects.filter(job=PipelineRun.Job.FETCH)}
    assert runs["rotten_tomatoes"].outcome == PipelineRun.Outcome.FAILED
    assert "yt-dlp failed unexpectedly: TypeError" in runs["rotten_tomatoes"].error
    assert "TypeError" in Channel.objects.get(slug="rotten_tomatoes").last_error
    assert runs["mubi"].outcome == PipelineRun.Outcome.OK
    assert Movie.objects.filter(source="mubi").count() == runs["mubi"].counts["new_films"] > 10
    assert not Movie.objects.filter(source="rotten_tomatoes").exists()
    # The actor finished normally: no traceback, no retry of the whole fetch.
    assert "Traceback" not in log
    assert "Retrying message" not in log

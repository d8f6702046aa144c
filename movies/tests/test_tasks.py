"""Actors on dramatiq's StubBroker with an in-process Worker, against the TMDB double."""

import dramatiq
import pytest
from dramatiq_crontab import scheduler

from contrib.youtube.testing.fake_ytdlp import download_error, load_listing, patched_youtube
from movies import tasks
from movies.enrichment import EnrichmentAborted
from movies.models import Channel, Movie, PipelineRun
from movies.tests.factories import make_channel, make_movie, record_enrichment_threads

RT_URL = "https://www.youtube.com/@RottenTomatoesIndie/videos"
MUBI_URL = "https://www.youtube.com/@mubi/videos"
JOIN_TIMEOUT = 30_000  # ms
Status = Movie.Status


@pytest.fixture
def broker():
    broker = dramatiq.get_broker()
    broker.flush_all()
    yield broker
    broker.flush_all()


@pytest.fixture
def worker(broker, seed_channels):
    worker = dramatiq.Worker(broker, worker_timeout=50)
    worker.start()
    yield worker
    worker.stop()


@pytest.fixture
def tmdb(fake_tmdb, tmdb_client, monkeypatch):
    """The actors' TMDB client, pointed at the double and retrying quickly."""
    monkeypatch.setattr("movies.enrichment.get_client", lambda: tmdb_client)
    return fake_tmdb


@pytest.fixture
def youtube():
    with patched_youtube({RT_URL: load_listing("rotten_tomatoes"), MUBI_URL: load_listing("mubi")}):
        yield


def join(broker, fail_fast=True):
    broker.join(tasks.fetch_mubi_videos.queue_name, timeout=JOIN_TIMEOUT, fail_fast=fail_fast)


def test_the_scheduler_has_the_seeds_jobs_at_their_utc_times():
    jobs = {job.name: str(job.trigger) for job in scheduler.get_jobs()}
    assert "hour='0', minute='0'" in jobs["fetch_rotten_tomatoes_videos"]
    assert "hour='1', minute='0'" in jobs["fetch_mubi_videos"]
    assert "hour='2', minute='0'" in jobs["enrich_movies_with_tmdb"]
    assert all("UTC" in str(job.trigger.timezone) for job in scheduler.get_jobs())


def test_a_failing_fetch_job_is_retried_three_times_then_given_up(broker, worker, monkeypatch):
    calls = []

    def crash(slugs, trigger):
        calls.append(slugs)
        raise RuntimeError("database went away")

    monkeypatch.setattr(tasks, "fetch_sources", crash)
    tasks.fetch_mubi_videos.send_with_options(min_backoff=10, max_backoff=20)
    join(broker, fail_fast=False)
    assert len(calls) == 1 + 3


def test_an_aborted_nightly_enrichment_is_not_retried(broker, worker, monkeypatch):
    calls = []

    def abort(**options):
        calls.append(options)
        raise EnrichmentAborted("No TMDB credential")

    monkeypatch.setattr(tasks, "enrich_due", abort)
    tasks.enrich_movies_with_tmdb.send_with_options(min_backoff=10, max_backoff=20)
    join(broker, fail_fast=False)
    assert len(calls) == 1


def test_the_nightly_enrichment_looks_films_up_as_many_at_once_as_configured(
    broker, worker, tmdb, settings, monkeypatch
):
    settings.ENRICH_CONCURRENCY = 1
    threads = record_enrichment_threads(monkeypatch)
    make_movie("The Crow", year=2024)
    make_movie("Dune", year=2021)
    tasks.enrich_movies_with_tmdb.send()
    join(broker)
    # One at a time means no pool: every film is looked up on the worker's own thread.
    assert len(threads) == 2
    assert not [name for name in threads if name.startswith("enrich")]


def test_a_fetch_saves_the_channel_and_fans_its_new_films_out_to_enrichment(
    broker, worker, tmdb, youtube
):
    tasks.fetch_rotten_tomatoes_videos.send()
    join(broker)
    assert Movie.objects.filter(source="rotten_tomatoes").count() > 20
    assert not Movie.objects.filter(status=Status.PENDING).exists()
    assert Movie.objects.filter(status=Status.MATCHED).count() > 10
    run = PipelineRun.objects.get(job=PipelineRun.Job.FETCH)
    assert (run.target, run.trigger, run.outcome) == ("rotten_tomatoes", "cron", "ok")


def test_both_seed_fetches_end_with_one_film_per_title(broker, worker, tmdb, youtube):
    tasks.fetch_rotten_tomatoes_videos.send()
    tasks.fetch_mubi_videos.send()
    join(broker)
    substance = Movie.objects.filter(title_key="the substance")
    assert substance.count() == 1
    assert substance.get().trailers.filter(from_tmdb=False).count() == 2


def test_a_failing_channel_is_recorded_and_the_job_does_not_crash(broker, worker, tmdb):
    with patched_youtube({}, errors_by_url={MUBI_URL: download_error(MUBI_URL)}):
        tasks.fetch_mubi_videos.send()
        join(broker)
    assert "HTTP Error 429" in Channel.objects.get(slug="mubi").last_error
    assert PipelineRun.objects.get().outcome == PipelineRun.Outcome.FAILED


def test_the_nightly_catch_up_enriches_whatever_is_pending(broker, worker, tmdb):
    make_movie("The Crow", year=2024)
    make_movie("Dune", year=2021)
    tasks.enrich_movies_with_tmdb.send()
    join(broker)
    assert Movie.objects.filter(status=Status.MATCHED).count() == 2


def test_a_second_message_for_the_same_film_changes_nothing(broker, worker, tmdb):
    movie = make_movie("The Crow", year=2024)
    tasks.enrich_movies.send([movie.pk])
    join(broker)
    first = Movie.objects.get(pk=movie.pk)
    calls = tmdb.stats()["requests"]
    tasks.enrich_movies.send([movie.pk])
    join(broker)
    again = Movie.objects.get(pk=movie.pk)
    assert tmdb.stats()["requests"] == calls
    assert (again.updated_at, again.enrich_attempts, again.tmdb_id) == (
        first.updated_at,
        first.enrich_attempts,
        first.tmdb_id,
    )


def test_an_unreachable_tmdb_is_retried_until_the_batch_completes(broker, worker, tmdb):
    movie = make_movie("The Crow", year=2024)
    # The first delivery meets only failures (a call and its retries), the next succeeds.
    tmdb.queue_faults(*["503"] * 4)
    tasks.enrich_movies.send_with_options(args=([movie.pk],), min_backoff=10, max_backoff=50)
    join(broker)
    assert Movie.objects.get(pk=movie.pk).status == Status.MATCHED
    assert tmdb.stats()["by_status"][503] == 4


def test_a_refused_credential_is_not_retried(broker, worker, tmdb):
    movie = make_movie("The Crow", year=2024)
    tmdb.configure(fail_auth=True)
    tasks.enrich_movies.send_with_options(args=([movie.pk],), min_backoff=10, max_backoff=50)
    join(broker, fail_fast=False)
    assert tmdb.stats()["requests"] == 1
    assert Movie.objects.get(pk=movie.pk).status == Status.PENDING


def test_channels_added_in_admin_are_fetched_one_message_each(broker, worker, tmdb):
    a24 = make_channel("a24", url="https://www.youtube.com/@A24/videos", title_preset="a24")
    make_channel("neon", url="https://www.youtube.com/@NEON/videos", enabled=False)
    listing = load_listing("mubi")
    with patched_youtube({a24.url: listing}) as fake:
        tasks.fetch_added_channels.send()
        join(broker)
    assert [instance.urls for instance in fake.instances] == [[a24.url]]
    assert Movie.objects.filter(source="a24").exists()


def test_a_channel_disabled_after_its_nightly_message_was_queued_is_not_fetched(db):
    neon = make_channel("neon", url="https://www.youtube.com/@NEON/videos", enabled=False)
    with patched_youtube({neon.url: load_listing("mubi")}) as fake:
        tasks.fetch_channel_videos("neon", "cron")
    assert fake.instances == []


def test_channels_added_in_admin_are_queued_a_channel_pause_apart(db, settings, monkeypatch):
    settings.YOUTUBE_CHANNEL_PAUSE = 3
    for slug in ("a24", "neon", "ifc"):
        make_channel(slug)
    queued = []
    monkeypatch.setattr(
        tasks.fetch_channel_videos,
        "send_with_options",
        lambda args, delay: queued.append((args[0], delay)),
    )

    tasks.fetch_added_channels()

    assert queued == [("a24", None), ("ifc", 3000), ("neon", 6000)]

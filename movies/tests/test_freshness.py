"""The freshness job: due films (weekly when recent or upcoming, monthly within two years)
refreshed with one details call each, idempotent, in the run history, and a film that gains
a service shows up in the Now streaming feed once."""

import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from contrib.tmdb.testing.facts import NETFLIX, facts, offers, release
from contrib.tmdb.testing.server import FakeTMDB
from movies import freshness
from movies.freshness import Refreshed, due_for_refresh, refresh_due
from movies.models import Movie, MovieRegion, PipelineRun
from movies.schedule import schedule
from movies.tests.factories import make_movie

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("empty_page_cache")]
NOW = timezone.now()
TODAY = NOW.date()
ATOM = "{http://www.w3.org/2005/Atom}"


def matched(title, tmdb_id, *, released_days_ago, fetched_days_ago):
    released = TODAY - timedelta(days=released_days_ago) if released_days_ago is not None else None
    return make_movie(
        title,
        status=Movie.Status.MATCHED,
        tmdb_id=tmdb_id,
        release_date=released,
        details_fetched_at=NOW - timedelta(days=fetched_days_ago),
    )


@pytest.mark.parametrize(
    ("released_days_ago", "fetched_days_ago", "due"),
    [
        (30, 8, True),  # recent: weekly
        (30, 6, False),
        (-30, 8, True),  # upcoming: weekly
        (None, 8, True),  # no date yet: weekly
        (400, 8, False),  # within two years: monthly
        (400, 31, True),
        (800, 90, False),  # older: never
    ],
)
def test_which_films_are_due(released_days_ago, fetched_days_ago, due):
    film = matched(
        "Film", 1, released_days_ago=released_days_ago, fetched_days_ago=fetched_days_ago
    )
    assert due_for_refresh(NOW).filter(pk=film.pk).exists() is due


def test_a_film_with_a_recent_release_somewhere_is_due_weekly_even_if_first_released_long_ago():
    film = matched("Film", 1, released_days_ago=800, fetched_days_ago=8)
    Movie.objects.filter(pk=film.pk).update(latest_release_date=TODAY - timedelta(days=20))
    assert due_for_refresh(NOW).filter(pk=film.pk).exists()


def tmdb_film(tmdb_id, **kwargs):
    return {
        "id": tmdb_id,
        "title": f"Film {tmdb_id}",
        "release_date": str(TODAY - timedelta(days=30)),
        **facts(**kwargs),
    }


@pytest.fixture
def tmdb(make_tmdb_client):
    """A double whose films a test changes between runs, and a client of it."""
    films = [tmdb_film(101, releases=[release("US", 3, str(TODAY - timedelta(days=30)))])]
    with FakeTMDB(films=films) as fake:
        yield fake, make_tmdb_client(fake)


def test_a_run_refreshes_each_due_film_with_one_call_and_records_it(tmdb):
    fake, client = tmdb
    matched("Film 101", 101, released_days_ago=30, fetched_days_ago=8)
    matched("Fresh", 102, released_days_ago=30, fetched_days_ago=1)
    summary = refresh_due(client=client, concurrency=1, trigger="test")
    assert summary.results[Refreshed.REFRESHED] == 1
    assert [r.path for r in fake.request_log] == ["/3/configuration", "/3/movie/101"]
    run = PipelineRun.objects.get()
    assert (run.job, run.outcome, run.trigger) == ("refresh", "ok", "test")
    assert run.counts["refreshed"] == 1
    assert MovieRegion.objects.get(movie__tmdb_id=101).theatrical is not None


def test_a_second_run_finds_nothing_to_do(tmdb):
    _fake, client = tmdb
    matched("Film 101", 101, released_days_ago=30, fetched_days_ago=8)
    refresh_due(client=client, concurrency=1)
    assert refresh_due(client=client, concurrency=1).total == 0


def test_a_film_that_gains_a_service_shows_up_in_the_streaming_feed_once(tmdb, client):
    fake, tmdb_client = tmdb
    film = matched("Film 101", 101, released_days_ago=30, fetched_days_ago=8)
    refresh_due(client=tmdb_client, concurrency=1)
    assert feed_titles(client) == []

    fake.films[0].update(watch_providers={"US": offers(stream=[NETFLIX])})
    Movie.objects.filter(pk=film.pk).update(details_fetched_at=NOW - timedelta(days=8))
    summary = refresh_due(client=tmdb_client, concurrency=1)
    assert summary.results[Refreshed.NEWLY_STREAMING] == 1
    entry = f"Film 101 ({(TODAY - timedelta(days=30)).year}) is streaming on Netflix"
    assert feed_titles(client) == [entry]

    Movie.objects.filter(pk=film.pk).update(details_fetched_at=NOW - timedelta(days=8))
    refresh_due(client=tmdb_client, concurrency=1)  # still streaming: no second entry
    assert feed_titles(client) == [entry]
    assert feed_titles(client, "GB") == []


def feed_titles(client, region="US"):
    cache.clear()
    response = client.get(f"/feed/streaming/?region={region}")
    assert response.status_code == 200
    return [
        e.findtext(f"{ATOM}title") for e in ET.fromstring(response.content).iter(f"{ATOM}entry")
    ]


def test_a_film_tmdb_no_longer_has_keeps_its_facts_and_says_why(tmdb):
    _fake, client = tmdb
    gone = matched("Gone", 999, released_days_ago=30, fetched_days_ago=8)
    assert refresh_due(client=client, concurrency=1).results[Refreshed.GONE] == 1
    gone.refresh_from_db()
    assert gone.last_error == "TMDB no longer has film 999: its facts were kept."
    assert not due_for_refresh().filter(pk=gone.pk).exists()  # asked again next week


def test_a_film_tmdb_refuses_keeps_its_facts_and_is_asked_again_next_period(tmdb):
    fake, client = tmdb
    film = matched("Film 101", 101, released_days_ago=30, fetched_days_ago=8)
    fake.queue_faults("500-44", path="/3/movie/101")  # "The ID is invalid": retries no use

    assert refresh_due(client=client, concurrency=1).results[Refreshed.FAILED] == 1

    film.refresh_from_db()
    assert film.last_error.startswith("Refreshing from TMDB failed:")
    assert not due_for_refresh().filter(pk=film.pk).exists()  # asked again next week


def test_a_curators_change_meanwhile_is_left_alone(tmdb, monkeypatch):
    _fake, client = tmdb
    film = matched("Film 101", 101, released_days_ago=30, fetched_days_ago=8)
    real = client.movie_details

    def curator_meanwhile(*args, **kwargs):
        Movie.objects.filter(pk=film.pk).update(tmdb_id=202)
        return real(*args, **kwargs)

    monkeypatch.setattr(client, "movie_details", curator_meanwhile)
    assert freshness.refresh_movie(film.pk, client=client) == Refreshed.SKIPPED
    assert not MovieRegion.objects.exists()


def test_a_refresh_never_merges_a_film_into_a_record_that_is_not_a_film(tmdb):
    fake, client = tmdb
    fake.films[0]["imdb_id"] = "tt0000101"
    film = matched("Film 101", 101, released_days_ago=30, fetched_days_ago=8)
    hidden = make_movie("Podcast", status=Movie.Status.REJECTED, imdb_id="tt0000101")
    assert freshness.refresh_movie(film.pk, client=client) == Refreshed.REFRESHED
    film.refresh_from_db()
    hidden.refresh_from_db()
    assert (film.imdb_id, hidden.imdb_id) == ("tt0000101", None)


def locked_film(**fields):
    film = matched("Film 101", 101, released_days_ago=30, fetched_days_ago=8)
    Movie.objects.filter(pk=film.pk).update(locked=True, **fields)
    return Movie.objects.get(pk=film.pk)


def test_a_refresh_of_a_locked_film_keeps_what_the_curator_set(tmdb):
    _fake, client = tmdb
    chosen = {
        "title": "The Curator's Title",
        "overview": "As the curator wrote it.",
        "poster_path": "/curator.jpg",
        "release_date": TODAY - timedelta(days=40),
        "imdb_id": "tt0000042",
    }
    film = locked_film(**chosen)
    assert freshness.refresh_movie(film.pk, client=client) == Refreshed.REFRESHED
    film.refresh_from_db()
    assert {name: getattr(film, name) for name in chosen} == chosen


def test_a_refresh_of_a_locked_film_updates_its_facts(tmdb):
    _fake, client = tmdb
    film = locked_film()
    freshness.refresh_movie(film.pk, client=client, now=NOW)
    film.refresh_from_db()
    assert film.details_fetched_at == NOW
    assert film.latest_release_date == TODAY - timedelta(days=30)
    assert MovieRegion.objects.get(movie=film).theatrical == TODAY - timedelta(days=30)


def test_a_refresh_never_merges_away_a_locked_film_and_says_why(tmdb):
    fake, client = tmdb
    fake.films[0]["imdb_id"] = "tt0000101"
    film = locked_film()
    other = make_movie("Other", status=Movie.Status.MATCHED, tmdb_id=555, imdb_id="tt0000101")
    freshness.refresh_movie(film.pk, client=client)
    film.refresh_from_db()
    assert film.tmdb_id == 101
    assert film.last_error.startswith(
        f"TMDB gives this film the ids of film {other.pk} (Other): not merged"
    )


def test_the_job_is_scheduled_daily_and_shows_its_last_run(tmdb):
    _fake, client = tmdb
    refresh_due(client=client, concurrency=1)
    (job,) = [j for j in schedule() if j.actor == "refresh_tmdb_details"]
    assert job.cron == "0 3 * * *"
    assert job.last_run.job == PipelineRun.Job.REFRESH


def test_the_streaming_feed_refuses_a_region_that_is_no_country(client):
    assert client.get("/feed/streaming/?region=QQ").status_code == 400

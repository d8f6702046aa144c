import socket

import pytest
import redis
from redis.backoff import NoBackoff
from redis.retry import Retry

from contrib.tmdb.ratelimit import RedisLimiter
from movies import curation
from movies.enrichment import enrich_due
from movies.models import Movie
from movies.tests.factories import make_movie, make_trailer

pytestmark = pytest.mark.django_db
Status = Movie.Status


def test_choosing_a_film_fills_it_and_locks_it(tmdb_settings):
    movie = make_movie("The Crow", year=2024)
    assert curation.choose_film(movie, 957452) == "matched"
    movie.refresh_from_db()
    assert (movie.tmdb_id, movie.status, movie.locked) == (957452, Status.MATCHED, True)


def test_a_locked_choice_survives_automatic_runs(tmdb_settings):
    from movies.enrichment import enrich_due

    movie = make_movie("The Crow", year=2024)
    curation.choose_film(movie, 9495)  # the curator wants the 1994 film, say
    enrich_due(concurrency=1)
    movie.refresh_from_db()
    assert movie.tmdb_id == 9495


def test_a_curator_can_make_a_series_a_film_by_choosing_a_candidate(tmdb_settings):
    movie = make_movie(
        "Severance",
        status=Status.SERIES,
        tmdb_tv_id=95396,
        candidates=[{"id": 12403}],
        match_evidence=[{"rule": "series", "detail": "TMDB series 'Severance'"}],
    )
    curation.choose_film(movie, 12403)
    movie.refresh_from_db()
    assert (movie.status, movie.tmdb_id, movie.tmdb_tv_id, movie.locked) == (
        Status.MATCHED,
        12403,
        None,
        True,
    )
    assert movie.match_evidence == [{"rule": "curator", "detail": "TMDB 12403 chosen by a curator"}]


def test_an_imdb_id_is_resolved_through_find(tmdb_settings):
    assert curation.resolve_reference("https://www.imdb.com/title/tt1160419/") == 438631


def test_an_unknown_imdb_id_is_a_clear_error(tmdb_settings):
    with pytest.raises(curation.CurationError, match="no film with IMDb id tt9999999"):
        curation.resolve_reference("tt9999999")


def test_an_unknown_tmdb_id_is_a_clear_error(tmdb_settings):
    with pytest.raises(curation.CurationError, match="no film with id 1234567"):
        curation.choose_film(make_movie(), 1234567)


def test_choosing_an_id_another_film_has_merges_them(tmdb_settings):
    keeper = make_movie("Dune", year=2021, tmdb_id=438631, status=Status.MATCHED)
    duplicate = make_movie("DUNE PART ONE")
    make_trailer(duplicate, video_id="dupetrailer")
    assert curation.choose_film(duplicate, 438631) == "merged"
    assert list(keeper.trailers.values_list("video_id", flat=True)) == ["dupetrailer"]


def test_a_choice_that_fails_because_redis_is_down_is_written_on_the_film(
    fake_tmdb, make_tmdb_client, monkeypatch
):
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    redis_down = redis.Redis(port=port, retry=Retry(NoBackoff(), 0))
    client = make_tmdb_client(fake_tmdb)
    client.limiter = RedisLimiter(redis_down, key="test")
    monkeypatch.setattr(curation, "get_client", lambda: client)
    movie = make_movie("The Crow", year=2024)
    assert curation.choose_job(movie.pk, 957452) == "failed"
    movie.refresh_from_db()
    assert "Redis, which keeps the shared TMDB rate limit, failed" in movie.last_error


def test_reset_to_pending_unlocks_and_clears_the_bookkeeping():
    movie = make_movie(status=Status.NOT_FOUND, locked=True, enrich_attempts=4, candidates=[{}])
    curation.reset_to_pending(Movie.objects.filter(pk=movie.pk))
    movie.refresh_from_db()
    assert (movie.status, movie.locked, movie.enrich_attempts, movie.candidates) == (
        Status.PENDING,
        False,
        0,
        [],
    )


def test_reset_to_pending_forgets_a_series_and_its_evidence():
    movie = make_movie(status=Status.SERIES, tmdb_tv_id=95396, match_evidence=[{"rule": "series"}])
    curation.reset_to_pending(Movie.objects.filter(pk=movie.pk))
    movie.refresh_from_db()
    assert (movie.status, movie.tmdb_tv_id, movie.match_evidence) == (Status.PENDING, None, [])


def test_not_a_film_is_hidden_and_locked():
    movie = make_movie("Podcast Episode 12")
    curation.mark_not_a_film(Movie.objects.filter(pk=movie.pk))
    movie.refresh_from_db()
    assert (movie.status, movie.locked) == (Status.REJECTED, True)
    assert not Movie.objects.visible().filter(pk=movie.pk).exists()


def test_marking_a_film_not_a_film_forgets_its_tmdb_ids():
    movie = make_movie("Dune Part One", tmdb_id=438631, imdb_id="tt1160419", status=Status.MATCHED)
    curation.mark_not_a_film(Movie.objects.filter(pk=movie.pk))
    movie.refresh_from_db()
    assert (movie.tmdb_id, movie.imdb_id) == (None, None)


def test_the_real_film_of_ids_a_record_marked_not_a_film_had_is_matched_not_merged_away(
    tmdb_settings,
):
    wrong = make_movie("Dune Part One", tmdb_id=438631, imdb_id="tt1160419", status=Status.MATCHED)
    curation.mark_not_a_film(Movie.objects.filter(pk=wrong.pk))
    real = make_movie("DUNE", year=2021)
    enrich_due(concurrency=1)
    real.refresh_from_db()
    assert (real.status, real.tmdb_id) == (Status.MATCHED, 438631)


def test_re_enrich_looks_locked_films_up_again(tmdb_settings):
    movie = make_movie("The Crow", year=2024, locked=True, status=Status.NEEDS_REVIEW)
    results = curation.re_enrich(Movie.objects.filter(pk=movie.pk))
    assert results == {"matched": 1}
    movie.refresh_from_db()
    assert (movie.tmdb_id, movie.locked) == (957452, False)


def test_re_enrich_without_a_credential_says_so(settings):
    settings.TMDB_READ_ACCESS_TOKEN = settings.TMDB_API_KEY = ""
    from movies.tmdb import get_client

    get_client.cache_clear()
    with pytest.raises(curation.CurationError, match="No TMDB credential"):
        curation.re_enrich(Movie.objects.all())
    get_client.cache_clear()

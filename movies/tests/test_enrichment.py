import json
import logging
from datetime import UTC, date, datetime, timedelta

import pytest
from django.utils import timezone

from contrib.tmdb.api import TMDBClient
from contrib.tmdb.ratelimit import NullLimiter
from contrib.tmdb.testing.server import DEFAULT_TOKEN
from movies import curation, enrichment
from movies.enrichment import EnrichmentAborted, Result, enrich_due, enrich_movie, match_query
from movies.models import Channel, ImageConfiguration, Movie, PipelineRun
from movies.tests.factories import make_channel, make_movie, make_trailer

pytestmark = pytest.mark.django_db
Status = Movie.Status
TODAY = date(2025, 6, 1)  # the catalogue's "today": recency rules depend on it


def enrich(client, **options):
    return enrich_due(client=client, concurrency=1, today=TODAY, **options)


def test_it_matches_a_remake_not_its_more_popular_namesake(tmdb_client):
    crow = make_movie("The Crow", year=2024, original_title="The Crow (2024) - Official Trailer")
    summary = enrich(tmdb_client)
    crow.refresh_from_db()
    assert summary.results[Result.MATCHED] == 1
    assert crow.tmdb_id == 957452
    assert crow.status == Status.MATCHED
    assert crow.release_date.year == 2024


def test_it_fills_every_field_from_one_details_call(tmdb_client, fake_tmdb):
    movie = make_movie("DUNE", year=2021, original_title="DUNE | Official Trailer")
    enrich(tmdb_client)
    movie.refresh_from_db()
    assert movie.title == "Dune"  # TMDB's title replaces the trailer's
    assert movie.original_title == "DUNE | Official Trailer"  # the raw title stays
    assert movie.tmdb_id == 438631
    assert movie.imdb_id == "tt1160419"
    assert movie.overview
    assert movie.release_date == date(2021, 9, 15)
    assert movie.poster_path.startswith("/")
    assert movie.runtime > 100
    assert "Science Fiction" in movie.genres
    assert movie.vote_average > 0
    assert movie.enrich_attempts == 1
    paths = [r.path for r in fake_tmdb.request_log]
    assert paths.count("/3/movie/438631") == 1
    assert not any("external_ids" in p for p in paths)  # appended, not a second call


def test_it_stores_the_image_configuration(tmdb_client):
    enrich(tmdb_client)
    assert ImageConfiguration.objects.exists()
    assert ImageConfiguration.current().base_url.startswith("http")


def test_an_ambiguous_film_needs_review_with_its_candidates_kept(tmdb_client):
    movie = make_movie("The Killer")  # 1989, 2023 and another namesake; no year to decide
    enrich(tmdb_client)
    movie.refresh_from_db()
    assert movie.status == Status.NEEDS_REVIEW
    assert movie.tmdb_id is None
    ids = [c["id"] for c in movie.candidates]
    assert len(ids) >= 2
    assert {"title", "year", "score", "poster_path"} <= set(movie.candidates[0])
    assert movie.last_error  # the reason, for the curator


def test_a_film_tmdb_does_not_have_is_asked_again_only_later(tmdb_client, fake_tmdb):
    movie = make_movie("Zzyzx Quartet Nightfall", year=2025)
    enrich(tmdb_client)
    movie.refresh_from_db()
    assert movie.status == Status.NOT_FOUND
    assert movie.next_attempt_at > timezone.now() + timedelta(hours=23)

    fake_tmdb.reset_stats()
    summary = enrich(tmdb_client)
    assert summary.total == 0
    assert fake_tmdb.stats()["by_path"].get("/3/search/movie", 0) == 0


def test_not_found_waits_longer_after_each_attempt(tmdb_client):
    movie = make_movie("Zzyzx Quartet Nightfall", year=2025)
    delays = []
    for _ in range(3):
        Movie.objects.filter(pk=movie.pk).update(next_attempt_at=timezone.now())
        before = timezone.now()
        enrich(tmdb_client)
        movie.refresh_from_db()
        delays.append((movie.next_attempt_at - before).days)
    assert delays == [1, 2, 4]


def test_retry_not_found_asks_again_now(tmdb_client):
    make_movie(
        "Zzyzx Quartet Nightfall",
        year=2025,
        status=Status.NOT_FOUND,
        next_attempt_at=timezone.now() + timedelta(days=5),
    )
    assert enrich(tmdb_client).total == 0
    assert enrich(tmdb_client, retry_not_found=True).total == 1


def test_matched_films_are_not_searched_again(tmdb_client, fake_tmdb):
    make_movie("The Crow", year=2024)
    enrich(tmdb_client)
    fake_tmdb.reset_stats()
    summary = enrich(tmdb_client)
    assert summary.total == 0
    assert fake_tmdb.stats()["by_path"].get("/3/search/movie", 0) == 0


def test_a_second_message_for_the_same_film_changes_nothing(tmdb_client, fake_tmdb):
    movie = make_movie("The Crow", year=2024)
    assert enrich_movie(movie.pk, client=tmdb_client, today=TODAY) == Result.MATCHED
    movie.refresh_from_db()
    fake_tmdb.reset_stats()
    assert enrich_movie(movie.pk, client=tmdb_client, today=TODAY) == Result.SKIPPED
    assert fake_tmdb.stats()["requests"] == 0
    again = Movie.objects.get(pk=movie.pk)
    assert (again.updated_at, again.enrich_attempts) == (movie.updated_at, movie.enrich_attempts)


def test_a_curators_locked_choice_is_left_alone(tmdb_client):
    movie = make_movie("The Crow", year=2024, locked=True, tmdb_id=9361, status=Status.MATCHED)
    summary = enrich(tmdb_client)
    movie.refresh_from_db()
    assert summary.total == 0
    assert movie.tmdb_id == 9361


@pytest.mark.parametrize(
    "title",
    ["Zzyzx Quartet Nightfall", "The Killer"],  # ends not found / in review without a curator
)
def test_a_curators_decision_made_while_tmdb_is_asked_is_kept(tmdb_client, monkeypatch, title):
    movie = make_movie(title)
    real = enrichment.find_match

    def curator_rejects_it_meanwhile(*args, **kwargs):
        curation.mark_not_a_film(Movie.objects.filter(pk=movie.pk))
        return real(*args, **kwargs)

    monkeypatch.setattr(enrichment, "find_match", curator_rejects_it_meanwhile)
    enrich(tmdb_client)
    movie.refresh_from_db()
    assert (movie.status, movie.locked) == (Status.REJECTED, True)


def test_it_merges_a_film_whose_tmdb_id_another_film_has(tmdb_client):
    keeper = make_movie("Nosferatu", year=2024, tmdb_id=426063, status=Status.MATCHED)
    make_trailer(keeper, video_id="keeper00001")
    duplicate = make_movie("Nosferatu: A Symphony of Horror", year=2024)
    # Same film under another trailer title: TMDB says it is the same id.
    Movie.objects.filter(pk=duplicate.pk).update(title="Nosferatu", title_key="nosferatu 2024 cut")
    make_trailer(duplicate, video_id="duplicat001")
    summary = enrich(tmdb_client)
    assert summary.results[Result.MERGED] == 1
    assert not Movie.objects.filter(pk=duplicate.pk).exists()
    assert set(keeper.trailers.values_list("video_id", flat=True)) == {"keeper00001", "duplicat001"}


@pytest.mark.parametrize("status", [Status.REJECTED, Status.SERIES])
def test_a_film_is_never_merged_into_a_record_that_is_not_a_film(tmdb_client, status):
    # A record from before not-a-film records gave up their ids, or set so by hand.
    hidden = make_movie("Dune Part One", tmdb_id=438631, imdb_id="tt1160419", status=status)
    film = make_movie("DUNE", year=2021)
    assert enrich(tmdb_client).results[Result.MATCHED] == 1
    film.refresh_from_db()
    hidden.refresh_from_db()
    assert (film.status, film.tmdb_id, film.imdb_id) == (Status.MATCHED, 438631, "tt1160419")
    assert (hidden.status, hidden.tmdb_id, hidden.imdb_id) == (status, None, None)


@pytest.mark.parametrize(
    ("title", "status"),
    [("Zzyzx Quartet Nightfall", Status.NOT_FOUND), ("The Killer", Status.NEEDS_REVIEW)],
)
def test_a_lookup_again_that_ends_unmatched_forgets_the_old_tmdb_ids(tmdb_client, title, status):
    film = make_movie(title, tmdb_id=438631, imdb_id="tt1160419", status=Status.MATCHED)
    enrich_movie(film.pk, client=tmdb_client, today=TODAY, force=True)
    film.refresh_from_db()
    assert (film.status, film.tmdb_id, film.imdb_id) == (status, None, None)


def test_without_a_credential_it_stops_before_touching_any_row(fake_tmdb):
    movie = make_movie("The Crow", year=2024)
    client = TMDBClient(api_url=fake_tmdb.url, limiter=NullLimiter())
    with pytest.raises(EnrichmentAborted, match="No TMDB credential"):
        enrich(client)
    assert Movie.objects.get(pk=movie.pk).enrich_attempts == 0
    assert fake_tmdb.stats()["requests"] == 0


def test_a_refused_credential_stops_the_run_cleanly(fake_tmdb):
    movie = make_movie("The Crow", year=2024)
    client = TMDBClient(api_url=fake_tmdb.url, read_access_token="wrong", limiter=NullLimiter())
    with pytest.raises(EnrichmentAborted, match="refused the credential"):
        enrich(client)
    movie.refresh_from_db()
    assert (movie.status, movie.enrich_attempts) == (Status.PENDING, 0)


def test_unreachable_tmdb_gives_up_quickly_and_leaves_rows_pending():
    movie = make_movie("The Crow", year=2024)
    client = TMDBClient(
        api_url="http://127.0.0.1:9/3", read_access_token="t", limiter=NullLimiter(), backoff=0.01
    )
    with pytest.raises(EnrichmentAborted, match="unreachable"):
        enrich(client)
    assert Movie.objects.get(pk=movie.pk).status == Status.PENDING


def test_it_records_the_run_in_the_history(tmdb_client):
    make_movie("The Crow", year=2024)
    enrich(tmdb_client, trigger="cron")
    run = PipelineRun.objects.get(job=PipelineRun.Job.ENRICH)
    assert run.outcome == PipelineRun.Outcome.OK
    assert run.trigger == "cron"
    assert run.counts["matched"] == 1
    assert run.counts["tmdb_calls"] == 2  # one search, one details call


def test_faults_leave_films_for_a_later_run_which_completes_them(tmdb_client, fake_tmdb):
    for title, year in [("The Crow", 2024), ("Dune", 2021), ("Anora", 2024), ("Flow", 2024)]:
        make_movie(title, year=year)
    fake_tmdb.configure(fault_rate=0.6, faults=("500", "503", "invalid_json"))
    first = enrich(tmdb_client)
    assert first.processed > 0
    assert Movie.objects.exclude(status=Status.MATCHED).exists()  # some were hit by faults
    fake_tmdb.configure(fault_rate=0.0)
    enrich(tmdb_client)
    assert Movie.objects.filter(status=Status.MATCHED).count() == 4
    assert Movie.objects.count() == 4


def test_the_credential_never_reaches_logs_errors_or_the_run_history(fake_tmdb, caplog):
    caplog.set_level(logging.DEBUG)
    make_movie("The Crow", year=2024)
    for options in ({"read_access_token": DEFAULT_TOKEN}, {"api_key": fake_tmdb.api_key}):
        client = TMDBClient(api_url=fake_tmdb.url, limiter=NullLimiter(), backoff=0.01, **options)
        fake_tmdb.configure(fault_rate=1.0, faults=("500",))
        with pytest.raises(EnrichmentAborted) as raised:
            enrich(client)
        assert DEFAULT_TOKEN not in str(raised.value)
        assert fake_tmdb.api_key not in str(raised.value)
    history = json.dumps(list(PipelineRun.objects.values()), default=str)
    for secret in (DEFAULT_TOKEN, fake_tmdb.api_key):
        assert secret not in caplog.text
        assert secret not in history
        assert secret not in json.dumps(list(Movie.objects.values()), default=str)


def test_it_reports_progress_while_running(tmdb_client, monkeypatch):
    monkeypatch.setattr("movies.enrichment.PROGRESS_EVERY_SECONDS", 0)
    for title, year in [("The Crow", 2024), ("Dune", 2021)]:
        make_movie(title, year=year)
    lines = []
    enrich(tmdb_client, progress=lines.append)
    assert lines[-1].startswith("  2/2 films")
    assert "ETA" in lines[-1]


def test_the_limit_bounds_the_run(tmdb_client):
    for title, year in [("The Crow", 2024), ("Dune", 2021), ("Anora", 2024)]:
        make_movie(title, year=year)
    assert enrich(tmdb_client, limit=2).processed == 2


def test_it_asks_about_a_film_with_what_its_trailers_tell(db):
    a24 = make_channel("a24", name="A24")
    marvel = make_channel("marvel", name="Marvel Entertainment", studio_names="Marvel Studios\n")
    film = make_movie("Thunderbolts*", alternative_titles=["Marvel Studios' Thunderbolts*"])
    uploaded = datetime(2024, 9, 23, 12, tzinfo=UTC)
    make_trailer(film, "thunder0001", channel=marvel, published_at=uploaded, title="T1")
    make_trailer(film, "thunder0002", channel=a24, year=2025, rerelease=True, title="T2")
    query = match_query(film)
    assert (query.title, query.year, query.alt_titles, query.rerelease) == (
        "Thunderbolts*",
        None,
        ("Marvel Studios' Thunderbolts*",),
        False,
    )
    first, second = query.trailers
    assert (first.video_id, first.channel, first.studios, first.published) == (
        "thunder0001",
        "Marvel Entertainment",
        ("Marvel Studios",),
        date(2024, 9, 23),
    )
    assert (second.studios, second.year, second.rerelease) == (("A24",), 2025, True)


def test_a_film_only_re_releases_speak_of_is_asked_about_as_a_re_release(db):
    film = make_movie("The Crow")
    make_trailer(film, rerelease=True)
    assert match_query(film).rerelease


def test_it_records_the_evidence_that_decided_a_match(tmdb_client):
    film = make_movie("The Crow", year=2024)
    enrich(tmdb_client)
    film.refresh_from_db()
    assert [e["rule"] for e in film.match_evidence] == ["title", "year"]
    assert "released in 2024" in film.match_evidence[1]["detail"]


def test_a_series_is_recorded_as_not_a_film_with_its_series_and_film_candidates(tmdb_client):
    film = make_movie("Severance")
    make_trailer(film, published_at=datetime(2022, 1, 13, 12, tzinfo=UTC))
    assert enrich(tmdb_client).results[Result.SERIES] == 1
    film.refresh_from_db()
    assert (film.status, film.tmdb_tv_id, film.tmdb_id) == (Status.SERIES, 95396, None)
    assert film.tmdb_tv_url == "https://www.themoviedb.org/tv/95396"
    assert film.match_evidence[0]["rule"] == "series"
    assert film.last_error.startswith("A series, not a film")
    assert [c["id"] for c in film.candidates] == [12403]  # the 2006 film, for a curator


def test_a_series_is_neither_shown_nor_looked_up_again(tmdb_client, fake_tmdb):
    film = make_movie("Vincenzo")
    enrich(tmdb_client)
    fake_tmdb.reset_stats()
    assert enrich(tmdb_client).total == 0
    assert not Movie.objects.visible().filter(pk=film.pk).exists()
    assert fake_tmdb.stats()["by_path"].keys() <= {"/3/configuration"}


def test_a_match_reuses_the_record_fetched_while_matching(tmdb_client, fake_tmdb):
    film = make_movie("MOTHER")
    mubi = Channel.objects.get(slug="mubi")
    make_trailer(film, "HLhAdlsS2G5", channel=mubi)  # TMDB lists it under Bong's Mother
    enrich(tmdb_client)
    film.refresh_from_db()
    assert (film.tmdb_id, film.match_evidence[0]["rule"]) == (30018, "video")
    paths = [r.path for r in fake_tmdb.request_log]
    assert paths.count("/3/movie/30018") == 1

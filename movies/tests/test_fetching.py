import math
import threading

import pytest
import redis
from django.db import connection
from django.test.utils import CaptureQueriesContext

from contrib.youtube.api import ChannelListing, parse_listing
from contrib.youtube.testing.fake_ytdlp import download_error, load_listing, patched_youtube
from contrib.youtube.testing.synthetic import make_listing
from contrib.youtube.titles import parse_title
from movies import fetching
from movies.fetching import fetch_channel, fetch_channels, save_listing
from movies.models import Channel, Movie, PipelineRun, Trailer
from movies.tests.factories import listing, make_movie, make_trailer

RT_URL = "https://www.youtube.com/@RottenTomatoesIndie/videos"
MUBI_URL = "https://www.youtube.com/@mubi/videos"


@pytest.fixture
def rt(db):
    return Channel.objects.get(slug="rotten_tomatoes")


@pytest.fixture
def mubi(db):
    return Channel.objects.get(slug="mubi")


@pytest.fixture
def recorded():
    with patched_youtube({RT_URL: load_listing("rotten_tomatoes"), MUBI_URL: load_listing("mubi")}):
        yield


def test_it_saves_the_film_trailers_of_a_recorded_listing(rt, recorded):
    summary = fetch_channel(rt)
    assert summary.ok
    assert summary.listed == 40
    titles = set(Movie.objects.values_list("title", flat=True))
    assert {"The Substance", "Anora", "Juror #2", "Moonlight", "Dìdi (弟弟)"} <= titles
    # Clips, featurettes, TV spots, interviews, compilations and Shorts never become films.
    assert not any("Clip" in t or "Best Movies" in t or "Interview" in t for t in titles)
    assert Movie.objects.count() == summary.new_films
    assert Trailer.objects.count() == summary.new_trailers


def test_it_counts_what_it_skipped_and_why(rt, recorded):
    summary = fetch_channel(rt)
    assert summary.skipped["unavailable"] == 2  # [Private video], [Deleted video]
    assert summary.skipped["teaser"] == 4
    assert summary.skipped["clip"] == 3
    assert summary.skipped["short"] == 1
    assert summary.listed == summary.new_trailers + sum(summary.skipped.values())


def test_it_keeps_the_year_and_the_raw_title(rt, recorded):
    fetch_channel(rt)
    crow = Movie.objects.get(title="The Crow")
    assert crow.year == 2024
    assert crow.original_title == "The Crow Trailer #1 (2024)"
    assert crow.source == "rotten_tomatoes"
    assert crow.video_id == "0-UBI9Bwn8b"
    assert crow.status == Movie.Status.PENDING


def test_it_keeps_every_trailer_of_a_film(rt, recorded):
    fetch_channel(rt)
    anora = Movie.objects.get(title="Anora")
    assert set(anora.trailers.values_list("video_id", flat=True)) == {"-FgujJUFC8h", "yCDo4-E_Iw7"}
    # The oldest trailer (further down the newest-first listing) is the film's main one.
    assert anora.video_id == "yCDo4-E_Iw7"


def test_it_stores_nothing_new_when_run_again(rt, recorded):
    fetch_channel(rt)
    films, trailers = Movie.objects.count(), Trailer.objects.count()
    again = fetch_channel(rt)
    assert (again.new_films, again.new_trailers) == (0, 0)
    assert again.skipped["already stored"] == trailers
    assert (Movie.objects.count(), Trailer.objects.count()) == (films, trailers)


def test_a_run_again_parses_only_the_titles_it_did_not_store(rt, recorded, monkeypatch):
    first = fetch_channel(rt)
    parsed = []

    def counting_parse(title, **options):
        parsed.append(title)
        return parse_title(title, **options)

    monkeypatch.setattr(fetching, "parse_title", counting_parse)
    again = fetch_channel(rt)

    # Stored trailers are set aside by their video id before the costly parsing: only the
    # entries skipped last time (clips, teasers...) are read again.
    stored = set(Trailer.objects.values_list("title", flat=True))
    assert parsed
    assert not stored & set(parsed)
    assert again.skipped["already stored"] == first.new_trailers == len(stored)


def test_it_joins_the_same_film_from_two_channels_in_different_case(rt, mubi, recorded):
    fetch_channel(rt)
    fetch_channel(mubi)
    substance = Movie.objects.get(title_key="the substance")
    assert substance.year == 2024
    assert substance.source == "rotten_tomatoes"
    channels = set(substance.trailers.values_list("channel__slug", flat=True))
    assert channels == {"rotten_tomatoes", "mubi"}
    assert Movie.objects.filter(title_key="queer").count() == 1


def test_an_undated_trailer_first_gets_its_year_from_a_later_one(rt, mubi, recorded):
    fetch_channel(mubi)
    assert Movie.objects.get(title_key="the substance").year is None
    fetch_channel(rt)
    substance = Movie.objects.get(title_key="the substance")
    assert substance.year == 2024
    assert substance.trailers.count() == 2


def test_it_shows_all_caps_titles_in_title_case(mubi, recorded):
    fetch_channel(mubi)
    worst = Movie.objects.get(title_key="the worst person in the world")
    assert worst.title == "The Worst Person in the World"
    assert worst.original_title == "THE WORST PERSON IN THE WORLD | Official Trailer | MUBI"


def test_films_of_the_same_name_in_other_years_stay_apart(rt):
    make_movie("The Crow", year=1994)
    save_listing(rt, listing("The Crow Trailer #1 (2024)"))
    assert sorted(Movie.objects.filter(title_key="the crow").values_list("year", flat=True)) == [
        1994,
        2024,
    ]


def test_an_undated_trailer_joins_the_most_recent_film_of_that_name(rt):
    make_movie("Nosferatu", year=1922)
    newest = make_movie("Nosferatu", year=2024)
    save_listing(rt, listing("NOSFERATU | Official Trailer | MUBI"))
    assert newest.trailers.count() == 1


def test_a_re_release_trailer_joins_no_newer_film_of_its_title(rt):
    newest = make_movie("The Crow", year=2024)
    save_listing(rt, listing("THE CROW | 30th Anniversary Trailer"))
    rerelease = Movie.objects.get(title_key="the crow", year=None)
    assert newest.trailers.count() == 0
    assert rerelease.trailers.get().rerelease


def test_a_re_release_trailer_joins_an_undated_film_of_its_title(rt):
    undated = make_movie("Nosferatu")
    save_listing(rt, listing("NOSFERATU | 4K Restoration Trailer"))
    assert undated.trailers.count() == 1


def test_it_stores_the_year_and_re_release_mark_each_trailer_gives(rt):
    save_listing(
        rt, listing("The Witch Official Re-Release Trailer (2016)", "Anora (2024) Trailer")
    )
    assert sorted(Trailer.objects.values_list("title", "year", "rerelease")) == [
        ("Anora (2024) Trailer", 2024, False),
        ("The Witch Official Re-Release Trailer (2016)", None, True),
    ]


def test_it_keeps_the_other_readings_of_a_title_on_the_film(rt):
    save_listing(rt, listing("Marvel Studios' Thunderbolts* | Official Trailer"))
    assert Movie.objects.get().alternative_titles == ["Marvel Studios' Thunderbolts*"]


def test_a_later_trailer_adds_its_readings_to_the_film(rt):
    film = make_movie("Thunderbolts*", alternative_titles=["Marvel Studios' Thunderbolts*"])
    save_listing(rt, listing("Marvel's Thunderbolts* | Final Trailer"))
    film.refresh_from_db()
    assert film.alternative_titles == ["Marvel Studios' Thunderbolts*", "Marvel's Thunderbolts*"]


@pytest.mark.parametrize("status", [Movie.Status.NEEDS_REVIEW, Movie.Status.NOT_FOUND])
def test_a_new_trailer_puts_a_waiting_film_back_in_line(rt, status):
    waiting = make_movie("The Killer", status=status, candidates=[{"id": 1}])
    save_listing(rt, listing("The Killer (2023) - Official Trailer"))
    waiting.refresh_from_db()
    assert (waiting.status, waiting.year, waiting.next_attempt_at) == (
        Movie.Status.PENDING,
        2023,
        None,
    )


@pytest.mark.parametrize(
    "fields",
    [
        {"status": Movie.Status.MATCHED, "tmdb_id": 800158},
        {"status": Movie.Status.SERIES},
        {"status": Movie.Status.NEEDS_REVIEW, "locked": True},
    ],
)
def test_a_new_trailer_leaves_a_decided_or_locked_film_as_it_is(rt, fields):
    film = make_movie("The Killer", year=2023, **fields)
    save_listing(rt, listing("The Killer (2023) - Official Trailer"))
    film.refresh_from_db()
    assert film.status == fields["status"]


def test_it_hands_films_put_back_in_line_to_the_callback(rt, django_capture_on_commit_callbacks):
    waiting = make_movie("The Killer", status=Movie.Status.NEEDS_REVIEW)
    handed = []
    with django_capture_on_commit_callbacks(execute=True):
        save_listing(
            rt, listing("The Killer (2023) - Official Trailer"), on_new_films=handed.extend
        )
    assert handed == [waiting.pk]


def test_it_takes_teasers_when_the_channel_asks_for_them(rt):
    rt.include_teasers = True
    summary = save_listing(rt, listing("Nickel Boys Teaser Trailer #1 (2024)"))
    assert summary.new_films == 1
    assert Trailer.objects.get().kind == Trailer.Kind.TEASER


def test_it_never_recreates_a_film_curators_rejected(rt):
    rejected = make_movie("Hundreds of Beavers", year=2024, status=Movie.Status.REJECTED)
    summary = save_listing(rt, listing("Hundreds of Beavers Trailer #1 (2024)"))
    assert summary.new_films == 0
    assert rejected.trailers.count() == 1
    assert Movie.objects.count() == 1


def test_a_video_repeated_in_one_listing_is_saved_once(rt):
    entries = listing("Flow Trailer #1 (2024)").entries
    summary = save_listing(rt, ChannelListing(RT_URL, "Test", entries + entries, skipped={}))
    assert summary.new_trailers == 1
    assert summary.skipped["repeated in listing"] == 1


def test_it_skips_a_stored_trailer_even_if_its_title_changed(rt):
    movie = make_movie("Flow", year=2024)
    make_trailer(movie, video_id="v0000000000")
    summary = save_listing(rt, listing("Flow (Official Trailer) 2024 remastered"))
    assert summary.new_trailers == 0
    assert Movie.objects.count() == 1


def test_it_reports_a_channel_that_fails_and_records_the_error(rt, mubi):
    with patched_youtube(
        {MUBI_URL: load_listing("mubi")}, errors_by_url={RT_URL: download_error(RT_URL)}
    ):
        summaries = fetch_channels([rt, mubi])
    failed, landed = summaries
    assert not failed.ok
    assert "HTTP Error 429" in failed.error
    assert landed.ok
    assert landed.new_films > 0
    rt.refresh_from_db()
    mubi.refresh_from_db()
    assert "HTTP Error 429" in rt.last_error
    assert rt.last_fetched_at is None
    assert mubi.last_error == ""
    assert mubi.last_fetched_at is not None


def test_it_records_each_channel_run_in_the_history(rt, mubi):
    with patched_youtube(
        {MUBI_URL: load_listing("mubi")}, errors_by_url={RT_URL: download_error(RT_URL)}
    ):
        fetch_channels([rt, mubi], trigger="cron")
    runs = {run.target: run for run in PipelineRun.objects.all()}
    assert runs["rotten_tomatoes"].outcome == PipelineRun.Outcome.FAILED
    assert runs["mubi"].outcome == PipelineRun.Outcome.OK
    assert runs["mubi"].counts["new_films"] > 0
    assert runs["mubi"].trigger == "cron"
    assert runs["mubi"].finished_at is not None


def test_it_clears_a_channel_error_once_it_works_again(rt, recorded):
    rt.last_error = "HTTP Error 429"
    rt.save()
    fetch_channel(rt)
    rt.refresh_from_db()
    assert rt.last_error == ""


def test_it_hands_new_films_to_the_callback_after_the_commit(
    rt, django_capture_on_commit_callbacks
):
    handed = []
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        summary = save_listing(
            rt,
            listing("Flow Trailer #1 (2024)", "Kneecap Trailer #1 (2024)"),
            on_new_films=handed.extend,
        )
    assert handed == []  # nothing is handed over before the commit
    for callback in callbacks:
        callback()
    assert sorted(handed) == sorted(summary.new_movie_ids)
    assert len(handed) == 2


def test_it_saves_a_large_listing_in_a_bounded_number_of_queries(rt):
    synthetic = parse_listing(RT_URL, make_listing(1000, seed=3), limit=1000)
    with CaptureQueriesContext(connection) as queries:
        summary = save_listing(rt, synthetic)
    assert summary.new_trailers == 1000
    # A few lookups, then bulk inserts in as many statements as the database needs for 1000
    # rows (one each on PostgreSQL; SQLite caps a statement at 999 parameters).
    inserts = sum(
        math.ceil(1000 / connection.ops.bulk_batch_size(model._meta.concrete_fields, [None] * 1000))
        for model in (Movie, Trailer)
    )
    assert len(queries) <= 12 + inserts, [q["sql"][:80] for q in queries.captured_queries]


def test_saving_twice_as_many_entries_adds_no_lookup_per_entry(rt):
    def lookups(n, seed):
        synthetic = parse_listing(RT_URL, make_listing(n, seed=seed), limit=n)
        with CaptureQueriesContext(connection) as queries:
            save_listing(rt, synthetic)
        # Inserts come in batches sized by the database's parameter limit; all else is fixed.
        return sum(not q["sql"].startswith("INSERT") for q in queries.captured_queries)

    assert lookups(200, seed=5) == lookups(100, seed=6)


def broker_down(movie_ids):
    raise redis.ConnectionError("Error 111 connecting to redis:6379. Connection refused.")


def test_a_fetch_whose_new_films_cannot_be_queued_is_still_saved_and_a_success(seed_channels):
    rt = Channel.objects.get(slug="rotten_tomatoes")
    with patched_youtube({RT_URL: load_listing("rotten_tomatoes")}):
        (summary,) = fetch_channels([rt], on_new_films=broker_down)
    assert summary.ok
    assert Movie.objects.filter(status=Movie.Status.PENDING).count() == summary.new_films > 0
    assert PipelineRun.objects.get().outcome == PipelineRun.Outcome.OK


def test_a_fetch_whose_new_films_cannot_be_queued_says_the_nightly_run_takes_them(
    seed_channels,
):
    rt = Channel.objects.get(slug="rotten_tomatoes")
    with patched_youtube({RT_URL: load_listing("rotten_tomatoes")}):
        (summary,) = fetch_channels([rt], on_new_films=broker_down)
    note = (
        f"enrichment of {summary.new_films} films not queued (ConnectionError): "
        "the nightly enrichment picks them up"
    )
    assert summary.line().endswith(f"; warning: {note}")
    assert PipelineRun.objects.get().error == note


@pytest.mark.postgres
def test_concurrent_fetches_of_the_same_channels_create_no_duplicates(seed_channels):
    channels = list(Channel.objects.filter(slug__in=["rotten_tomatoes", "mubi"]))
    errors = []
    barrier = threading.Barrier(3)

    def fetch():
        try:
            barrier.wait(timeout=10)
            fetch_channels(channels)
        except Exception as exc:  # collected and asserted below
            errors.append(exc)
        finally:
            connection.close()

    with patched_youtube({RT_URL: load_listing("rotten_tomatoes"), MUBI_URL: load_listing("mubi")}):
        threads = [threading.Thread(target=fetch) for _ in range(3)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    assert errors == []
    keys = list(Movie.objects.values_list("title_key", "year"))
    assert len(keys) == len(set(keys))
    assert Movie.objects.filter(title_key="the substance").count() == 1
    video_ids = list(Trailer.objects.values_list("video_id", flat=True))
    assert len(video_ids) == len(set(video_ids))
    # Every trailer landed exactly once, whichever fetch stored it.
    with patched_youtube({RT_URL: load_listing("rotten_tomatoes"), MUBI_URL: load_listing("mubi")}):
        again = fetch_channels(channels)
    assert sum(s.new_trailers for s in again) == 0


def trailer_inserts(queries):
    return [
        q for q in queries.captured_queries if q["sql"].startswith('INSERT INTO "movies_trailer"')
    ]


def test_a_save_that_races_another_writer_is_retried_and_lands(rt, monkeypatch, caplog):
    """The unique video id catches a writer that slipped in between our read and our
    insert; the retry reads again and lands the rest."""
    from movies import fetching

    make_trailer(make_movie("Flow", year=2024), video_id="v0000000000")  # the other writer's
    real_stored = fetching._stored_video_ids
    stale_reads = [set(), set()]

    def stale_then_fresh(video_ids):
        # The first two reads (before and under the lock) miss the other writer's row.
        return stale_reads.pop() if stale_reads else real_stored(video_ids)

    monkeypatch.setattr(fetching, "_stored_video_ids", stale_then_fresh)
    with CaptureQueriesContext(connection) as queries:
        summary = save_listing(rt, listing("Flow Trailer #1 (2024)", "Kneecap Trailer #1 (2024)"))

    # One insert refused by the unique video id, then one retried insert of the rest.
    assert len(trailer_inserts(queries)) == 2
    assert "raced another writer; retrying (1)" in caplog.text
    assert (summary.new_trailers, summary.skipped["already stored"]) == (1, 1)
    assert set(Trailer.objects.values_list("video_id", flat=True)) == {
        "v0000000000",
        "v0000000001",
    }
    assert Movie.objects.count() == 2


def test_a_save_that_keeps_racing_gives_up_with_the_error(rt, monkeypatch):
    from django.db import IntegrityError

    from movies import fetching

    make_trailer(make_movie("Flow", year=2024), video_id="v0000000000")
    monkeypatch.setattr(fetching, "_stored_video_ids", lambda video_ids: set())
    with CaptureQueriesContext(connection) as queries, pytest.raises(IntegrityError):
        save_listing(rt, listing("Flow Trailer #1 (2024)"))
    assert len(trailer_inserts(queries)) == fetching.SAVE_ATTEMPTS
    assert Trailer.objects.count() == 1

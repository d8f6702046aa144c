"""`manage.py fetch_videos` as an operator runs it: failing channels, bad listings, and
several runs at once."""

import pytest

from contrib.tmdb.testing import process as tmdb_process
from contrib.tmdb.testing.server import DEFAULT_TOKEN
from contrib.youtube.testing.fake_ytdlp import RATE_LIMITED, load_listing, recorded_listings
from movies.fetching import fetch_channel
from movies.models import Channel, Movie, Trailer
from tests.integration.processes import manage, process_env, start_manage

pytestmark = pytest.mark.django_db(transaction=True)
RT_URL = "https://www.youtube.com/@RottenTomatoesIndie/videos"
MUBI_URL = "https://www.youtube.com/@mubi/videos"


def assert_no_duplicates():
    keys = list(Movie.objects.values_list("title_key", "year"))
    assert len(keys) == len(set(keys))
    video_ids = list(Trailer.objects.values_list("video_id", flat=True))
    assert len(video_ids) == len(set(video_ids))


def test_a_rate_limited_channel_is_reported_while_the_other_lands(tmp_path, seed_channels):
    env = process_env(
        tmp_path, listings={MUBI_URL: load_listing("mubi")}, errors={RT_URL: RATE_LIMITED}
    )
    result = manage("fetch_videos", env=env)
    assert result.returncode == 0, result.stderr
    assert "rotten_tomatoes: FAILED: " in result.stdout
    assert "HTTP Error 429" in result.stdout
    assert "Fetched 1/2 channels" in result.stdout
    assert Movie.objects.filter(source="mubi").count() > 10
    assert "HTTP Error 429" in Channel.objects.get(slug="rotten_tomatoes").last_error


def test_three_fetches_at_once_store_every_film_and_trailer_once(tmp_path, seed_channels):
    env = process_env(tmp_path, listings=recorded_listings())
    runs = [start_manage("fetch_videos", env=env) for _ in range(3)]
    outputs = [run.communicate(timeout=120) for run in runs]
    assert [run.returncode for run in runs] == [0, 0, 0], outputs
    assert_no_duplicates()
    alone = recorded_film_count(tmp_path)
    assert Movie.objects.count() == alone
    assert Movie.objects.get(title_key="the substance").trailers.count() == 2


def recorded_film_count(tmp_path) -> int:
    """How many films one fetch of the recorded listings makes on an empty catalogue."""
    Trailer.objects.all().delete()
    Movie.objects.all().delete()
    manage("fetch_videos", env=process_env(tmp_path, listings=recorded_listings()))
    return Movie.objects.count()


def test_fetch_and_enrich_at_once_lose_no_update(tmp_path, seed_channels):
    listings = recorded_listings()
    rt_only = process_env(tmp_path, listings={RT_URL: listings[RT_URL]})
    assert manage("fetch_videos", env=rt_only).returncode == 0
    with tmdb_process.fake_tmdb_process(latency=0.05) as url:
        tmdb = {"TMDB_API_URL": url, "TMDB_READ_ACCESS_TOKEN": DEFAULT_TOKEN}
        enrich = start_manage(
            "enrich_movies", "--concurrency", "2", env=process_env(tmp_path, **tmdb)
        )
        fetch = start_manage(
            "fetch_videos", "--source", "mubi", env=process_env(tmp_path, listings=listings)
        )
        _, fetch_err = fetch.communicate(timeout=120)
        _, enrich_err = enrich.communicate(timeout=120)
    assert fetch.returncode == 0, fetch_err
    assert enrich.returncode == 0, enrich_err
    assert_no_duplicates()
    substance = Movie.objects.get(title_key="the substance")
    # Enrichment's fields and the fetch's new trailer both landed.
    assert substance.status == Movie.Status.MATCHED
    assert substance.tmdb_id is not None
    assert substance.trailers.filter(from_tmdb=False).count() == 2  # the channels', beside TMDB's
    assert Movie.objects.filter(status=Movie.Status.PENDING, source="rotten_tomatoes").count() == 0


def test_a_malformed_listing_saves_what_it_can_and_counts_the_rest(seed_channels, caplog):
    good = load_listing("rotten_tomatoes")["entries"]
    junk = [
        None,
        "not an entry",
        {"title": "Flow Trailer #1 (2024)"},  # no id
        {"id": 12345, "title": "Dune Trailer (2021)"},  # id of the wrong type
        {"id": "abcdefghij1", "title": None},
        {"id": "abcdefghij2", "title": ["a", "list"]},
        {"id": "abcdefghij3", "title": "x" * 2000 + " Official Trailer (2024)"},
        {"id": "abcdefghij4", "title": "Heretic\x00\x07 Trailer\u200b #1 (2024)\r\n"},
        {"id": "abcdefghij5", "title": "Conclave Trailer #1 (2024)", "duration": "long"},
    ]
    synthetic = [
        {"id": f"bulk{n:07d}", "title": f"Bulk Film {n} Trailer #1 (2025)"} for n in range(10_000)
    ]
    listing = {**load_listing("rotten_tomatoes"), "entries": [*junk, *good, *synthetic]}
    channel = Channel.objects.get(slug="rotten_tomatoes")
    channel.window = 20_000
    from contrib.youtube.testing.fake_ytdlp import patched_youtube

    with patched_youtube({RT_URL: listing}):
        summary = fetch_channel(channel)
    assert summary.ok
    assert summary.listed == len(listing["entries"])
    saved = summary.new_trailers
    assert saved >= 10_000 + 20  # the bulk films and the recorded trailers
    assert sum(summary.skipped.values()) + saved == summary.listed
    assert Trailer.objects.count() == saved
    assert Movie.objects.filter(title_key="heretic").exists()  # control characters cleaned
    assert not Movie.objects.filter(title__startswith="xxxx").exists()
    assert "skipped" in caplog.text

import logging
from datetime import UTC, datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import OperationalError

from contrib.youtube.testing.fake_ytdlp import (
    INCOMPLETE_DATA,
    UNSUPPORTED_LOCKUP,
    cut_short,
    download_error,
    empty_listing,
    layout_crash,
    load_listing,
    members_only,
    patched_youtube,
    premiere,
    recorded_listings,
    video,
)
from movies.models import Channel, Movie, PipelineRun, Trailer
from movies.tests.factories import make_channel

pytestmark = pytest.mark.django_db

RT_URL = "https://www.youtube.com/@RottenTomatoesIndie/videos"
MUBI_URL = "https://www.youtube.com/@mubi/videos"


def run(*args, listings=None, errors=None, warnings=None, every_channel_fails=False):
    """The command's output and the yt-dlp double it used; with `every_channel_fails`, the
    command must exit non-zero (and the output so far is returned)."""
    out = StringIO()
    listings = recorded_listings() if listings is None else listings
    with patched_youtube(listings, errors, warnings) as fake:
        if every_channel_fails:
            with pytest.raises(CommandError, match="Every channel failed"):
                call_command("fetch_videos", *args, stdout=out)
        else:
            call_command("fetch_videos", *args, stdout=out)
    return out.getvalue(), fake


def test_it_fetches_every_enabled_channel_with_a_line_each_and_a_summary():
    output, _ = run()
    lines = output.strip().splitlines()
    assert lines[0].startswith("mubi: 34 videos")
    assert lines[1].startswith("rotten_tomatoes: 40 videos")
    assert lines[-1].startswith("Fetched 2/2 channels:")
    assert Movie.objects.filter(source="mubi").exists()


def test_it_fetches_only_the_source_asked_for():
    output, fake = run("--source", "mubi")
    assert [i.urls for i in fake.instances] == [[MUBI_URL]]
    assert "Fetched 1/1 channels" in output


def test_it_passes_the_limit_to_youtube():
    output, fake = run("--source", "rotten_tomatoes", "--limit", "5")
    assert fake.instances[0].params["playlist_items"] == "1:5"
    assert output.startswith("rotten_tomatoes: 5 videos, 3 new films, 3 new trailers, 2 skipped")
    # The five newest: three trailers, a teaser and a clip.
    assert set(Trailer.objects.values_list("video_id", flat=True)) == {
        "qYBxugF8mvW",
        "0l5nBqZmh2y",
        "-FgujJUFC8h",
    }
    assert Movie.objects.count() == 3


def test_it_uses_each_channels_window_by_default():
    Channel.objects.filter(slug="mubi").update(window=3)
    _, fake = run("--source", "mubi")
    assert fake.instances[0].params["playlist_items"] == "1:3"


def test_it_explains_an_unknown_source():
    with pytest.raises(CommandError, match=r"Unknown source 'nope'.*mubi, rotten_tomatoes"):
        run("--source", "nope")


def test_it_rejects_a_nonsense_limit():
    with pytest.raises(CommandError, match="positive"):
        run("--limit", "0")


def test_it_refuses_a_limit_above_the_largest_window_before_fetching():
    with pytest.raises(CommandError, match="at most 500"):
        run("--limit", "501")
    assert not PipelineRun.objects.exists()


def test_one_failing_channel_is_reported_and_the_other_lands():
    output, _ = run(
        listings={MUBI_URL: load_listing("mubi")}, errors={RT_URL: download_error(RT_URL)}
    )
    assert "rotten_tomatoes: FAILED:" in output
    assert "HTTP Error 429" in output
    assert "Fetched 1/2 channels" in output
    assert "failed: rotten_tomatoes" in output
    assert Movie.objects.exists()


def test_it_exits_non_zero_only_when_every_channel_failed():
    errors = {RT_URL: download_error(RT_URL), MUBI_URL: download_error(MUBI_URL)}
    with pytest.raises(CommandError, match="Every channel failed"):
        run(listings={}, errors=errors)


def test_it_skips_disabled_channels():
    Channel.objects.filter(slug="mubi").update(enabled=False)
    _, fake = run()
    assert [i.urls for i in fake.instances] == [[RT_URL]]


# --- a listing is a success only when it is one --------------------------------------------


def run_records(slug):
    channel = Channel.objects.get(slug=slug)
    return channel, PipelineRun.objects.get(target=slug)


def test_an_empty_listing_is_a_failed_fetch_not_a_success():
    output, _ = run(listings={RT_URL: empty_listing(RT_URL), MUBI_URL: load_listing("mubi")})

    assert f"rotten_tomatoes: FAILED: YouTube channel {RT_URL}: YouTube listed no videos" in output
    assert output.strip().splitlines()[-1].endswith("; failed: rotten_tomatoes")
    channel, fetch = run_records("rotten_tomatoes")
    assert "YouTube listed no videos" in channel.last_error
    assert channel.last_fetched_at is None
    assert (fetch.outcome, fetch.error) == (PipelineRun.Outcome.FAILED, channel.last_error)
    assert Movie.objects.filter(source="mubi").exists()


def test_it_exits_non_zero_when_every_listing_is_empty():
    empty = {RT_URL: empty_listing(RT_URL), MUBI_URL: empty_listing(MUBI_URL)}
    with pytest.raises(CommandError, match="Every channel failed"):
        run(listings=empty)


@pytest.mark.parametrize(
    ("warning", "problem"),
    [
        (INCOMPLETE_DATA, "Incomplete data received. Giving up after 3 retries"),
        (UNSUPPORTED_LOCKUP, 'Unsupported lockup view model content type "LOCKUP_CONTENT_'),
    ],
)
def test_a_listing_cut_short_is_a_partial_fetch_that_saves_what_was_listed(warning, problem):
    short = cut_short(load_listing("rotten_tomatoes"), keep=10)
    output, _ = run(
        "--source", "rotten_tomatoes", listings={RT_URL: short}, warnings={RT_URL: [warning]}
    )

    assert f"rotten_tomatoes: PARTIAL: listing cut short: {problem}" in output
    assert "; 10 videos, 6 new films, 6 new trailers" in output
    assert output.strip().splitlines()[-1] == (
        "Fetched 1/1 channels: 6 new films, 6 new trailers; partial: rotten_tomatoes"
    )
    channel, fetch = run_records("rotten_tomatoes")
    assert channel.last_error.startswith(f"Partial fetch: listing cut short: {problem}")
    assert channel.last_fetched_at is not None
    assert fetch.outcome == PipelineRun.Outcome.PARTIAL
    assert fetch.error.startswith(f"listing cut short: {problem}")
    assert fetch.counts["new_trailers"] == Trailer.objects.count() == 6


def test_a_complete_fetch_after_a_partial_one_clears_the_channels_error():
    short = cut_short(load_listing("rotten_tomatoes"), keep=10)
    run(
        "--source",
        "rotten_tomatoes",
        listings={RT_URL: short},
        warnings={RT_URL: [INCOMPLETE_DATA]},
    )
    run("--source", "rotten_tomatoes")

    assert Channel.objects.get(slug="rotten_tomatoes").last_error == ""


def test_a_channel_address_without_a_tab_fails_and_says_to_use_the_videos_tab():
    tabless = "https://www.youtube.com/@RottenTomatoesIndie"
    Channel.objects.filter(slug="rotten_tomatoes").update(url=tabless)  # stored before validation
    output, _ = run("--source", "rotten_tomatoes", every_channel_fails=True)

    assert "rotten_tomatoes: FAILED:" in output
    assert "lists the channel's tabs, not its videos" in output
    assert Trailer.objects.count() == 0


# --- one channel's failure is that channel's alone -----------------------------------------


def test_a_crash_inside_yt_dlp_fails_that_channel_and_the_others_land(caplog):
    caplog.set_level(logging.DEBUG)
    out, err = StringIO(), StringIO()
    with patched_youtube({MUBI_URL: load_listing("mubi")}, {RT_URL: layout_crash()}):
        call_command("fetch_videos", stdout=out, stderr=err)
    output = out.getvalue()

    assert (
        f"rotten_tomatoes: FAILED: YouTube channel {RT_URL}: yt-dlp failed unexpectedly: "
        "TypeError: 'NoneType' object is not subscriptable"
    ) in output
    assert "Fetched 1/2 channels" in output
    assert Movie.objects.filter(source="mubi").count() > 10
    assert "TypeError" in Channel.objects.get(slug="rotten_tomatoes").last_error
    assert "Traceback" not in output + err.getvalue()
    assert {r.levelname for r in caplog.records if r.exc_info} == {"DEBUG"}


def test_a_failure_to_save_one_channel_leaves_the_others_fetched(monkeypatch):
    from movies import fetching

    real_lock = fetching.lock_catalogue
    calls = []

    def lock_times_out_once():
        calls.append(1)
        if len(calls) == 1:
            raise OperationalError("canceling statement due to lock timeout")
        real_lock()

    monkeypatch.setattr(fetching, "lock_catalogue", lock_times_out_once)
    output, _ = run()

    # Channels go in slug order: MUBI's save fails, Rotten Tomatoes' lands.
    assert (
        "mubi: FAILED: saving the listing failed: OperationalError: canceling statement"
    ) in output
    assert "Fetched 1/2 channels" in output
    assert not Movie.objects.filter(source="mubi").exists()
    assert Movie.objects.filter(source="rotten_tomatoes").exists()
    assert PipelineRun.objects.get(target="mubi").outcome == PipelineRun.Outcome.FAILED


# --- only playable, public videos become trailers ------------------------------------------

NOSFERATU = "XNpnvKYE9L7"


def listing_with(entry):
    """The Rotten Tomatoes recording with Nosferatu's trailer replaced by `entry`."""
    listing = load_listing("rotten_tomatoes")
    listing["entries"] = [entry if e["id"] == NOSFERATU else e for e in listing["entries"]]
    return listing


def test_an_upcoming_premiere_is_skipped_then_saved_once_it_is_public():
    upcoming = premiere(NOSFERATU, "Nosferatu Final Trailer (2024)")
    output, _ = run("--source", "rotten_tomatoes", listings={RT_URL: listing_with(upcoming)})

    assert "1 upcoming" in output
    assert not Trailer.objects.filter(video_id=NOSFERATU).exists()

    public = video(NOSFERATU, "Nosferatu Final Trailer (2024)", duration=151)
    output, _ = run("--source", "rotten_tomatoes", listings={RT_URL: listing_with(public)})

    assert output.startswith("rotten_tomatoes: 40 videos, 1 new films, 1 new trailers")
    trailer = Trailer.objects.get(video_id=NOSFERATU)
    assert (trailer.movie.title_key, trailer.duration) == ("nosferatu", 151)


@pytest.mark.parametrize(
    ("entry", "reason"),
    [
        (members_only(NOSFERATU, "Nosferatu Final Trailer (2024)"), "1 members_only"),
        (video(NOSFERATU, "Nosferatu Final Trailer (2024)", live_status="is_live"), "1 live"),
        (video(NOSFERATU, "Nosferatu Final Trailer (2024)", availability="unlisted"), "1 unlisted"),
    ],
)
def test_a_video_that_is_not_public_and_playable_never_becomes_a_trailer(entry, reason):
    output, _ = run("--source", "rotten_tomatoes", listings={RT_URL: listing_with(entry)})

    assert reason in output
    assert not Trailer.objects.filter(video_id=NOSFERATU).exists()
    assert not Movie.objects.filter(title_key="nosferatu").exists()


# --- polite listing --------------------------------------------------------------------------

A24_URL = "https://www.youtube.com/@A24/videos"


@pytest.fixture
def waits(monkeypatch, settings):
    """The pauses a run asks for, instead of sleeping through them."""
    from movies import fetching

    settings.YOUTUBE_CHANNEL_PAUSE = 2.5
    settings.YOUTUBE_RATE_LIMIT_COOLDOWN = 60
    asked = []
    monkeypatch.setattr(fetching, "wait", asked.append)
    return asked


def three_channels(errors=None, every_channel_fails=False):
    make_channel("a24", url=A24_URL, title_preset="a24")
    listings = {**recorded_listings(), A24_URL: load_listing("mubi")}
    for url in errors or {}:
        listings.pop(url)
    return run(listings=listings, errors=errors, every_channel_fails=every_channel_fails)


def test_it_pauses_between_channels(waits):
    three_channels()

    assert waits == [2.5, 2.5]


def test_after_a_429_it_cools_down_then_fetches_the_remaining_channels(waits):
    output, fake = three_channels(errors={A24_URL: download_error(A24_URL)})

    assert waits == [60, 2.5]  # the cool-down before MUBI, a pause before Rotten Tomatoes
    assert [i.urls for i in fake.instances] == [[A24_URL], [MUBI_URL], [RT_URL]]
    assert "a24: FAILED:" in output
    assert "HTTP Error 429" in output
    assert "Fetched 2/3 channels" in output


def test_a_second_429_after_the_cool_down_leaves_the_rest_for_the_next_run(waits):
    errors = {A24_URL: download_error(A24_URL), MUBI_URL: download_error(MUBI_URL)}
    output, fake = three_channels(errors=errors, every_channel_fails=True)

    assert waits == [60]
    assert [i.urls for i in fake.instances] == [[A24_URL], [MUBI_URL]]
    assert "rotten_tomatoes: NOT FETCHED: not fetched: YouTube was rate limiting" in output
    assert output.strip().splitlines()[-1] == (
        "Fetched 0/3 channels: 0 new films, 0 new trailers; failed: a24, mubi; "
        "not fetched (YouTube rate limiting): rotten_tomatoes"
    )
    channel, fetch = run_records("rotten_tomatoes")
    assert "rate limiting" in channel.last_error
    assert (fetch.outcome, fetch.error) == (PipelineRun.Outcome.FAILED, channel.last_error)


def test_a_429_in_one_fetch_makes_the_next_fetch_anywhere_wait_first(waits):
    """The admin's channels are fetched one message each, by any worker: the cool-down after a
    429 is shared (through the cache), not kept by one run."""
    make_channel("a24", url=A24_URL, title_preset="a24")
    run("--source", "a24", errors={A24_URL: download_error(A24_URL)}, every_channel_fails=True)
    _, fake = run("--source", "mubi", listings=recorded_listings())
    assert waits == [60]
    assert [i.urls for i in fake.instances] == [[MUBI_URL]]


def test_a_failure_other_than_a_429_gets_no_cool_down(waits):
    three_channels(errors={A24_URL: download_error(A24_URL, "HTTP Error 503: Unavailable")})

    assert waits == [2.5, 2.5]


def test_it_asks_yt_dlp_for_the_configured_retries_with_backoff(settings):
    settings.YOUTUBE_RETRIES = 5
    _, fake = run("--source", "mubi")

    params = fake.instances[0].params
    assert params["extractor_retries"] == 5
    assert params["retry_sleep_functions"]["extractor"](n=0) == 2.0


# --- upload dates ------------------------------------------------------------------------------


def test_it_stores_each_trailers_approximate_upload_date():
    uploaded = datetime(2024, 11, 2, tzinfo=UTC)
    dated = video(NOSFERATU, "Nosferatu Final Trailer (2024)", timestamp=uploaded.timestamp())
    run("--source", "rotten_tomatoes", listings={RT_URL: listing_with(dated)})

    assert Trailer.objects.get(video_id=NOSFERATU).published_at == uploaded
    assert Trailer.objects.get(video_id="qYBxugF8mvW").published_at is None  # none recorded

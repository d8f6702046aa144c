import logging
import pickle
import sys
from datetime import UTC, datetime

import pytest
import yt_dlp
from yt_dlp.utils import DownloadError, ExtractorError

from contrib.youtube import api
from contrib.youtube.api import (
    ChannelListing,
    MubiClient,
    RottenTomatoesClient,
    VideoEntry,
    YouTubeBaseClient,
    YouTubeError,
    list_channel,
)
from contrib.youtube.testing.fake_ytdlp import (
    INCOMPLETE_DATA,
    INCOMPLETE_DATA_RETRY,
    UNSUPPORTED_LOCKUP,
    channel_listing,
    cut_short,
    download_error,
    empty_listing,
    layout_crash,
    load_listing,
    patched_youtube,
    recorded_listings,
    video,
)
from contrib.youtube.testing.synthetic import make_listing

URL = "https://www.youtube.com/@SomeChannel/videos"
RT_URL = "https://www.youtube.com/@RottenTomatoesIndie/videos"
MUBI_URL = "https://www.youtube.com/@mubi/videos"


def entry(video_id="dQw4w9WgXcQ", title="Dune Official Trailer #1 (2021)", **keys):
    return {"_type": "url", "ie_key": "Youtube", "id": video_id, "title": title, **keys}


def listing_of(*entries, **keys):
    return {
        "_type": "playlist",
        "id": "UCx",
        "title": "Some - Videos",
        "entries": list(entries),
    } | keys


def list_entries(*entries, limit=50):
    with patched_youtube({URL: listing_of(*entries)}):
        return list_channel(URL, limit=limit)


def test_it_lists_a_recorded_channel():
    with patched_youtube(recorded_listings()):
        listing = list_channel(RT_URL)

    assert isinstance(listing, ChannelListing)
    assert (listing.channel_url, listing.channel_title) == (RT_URL, "Rotten Tomatoes Indie")
    assert listing.entries[0].title == "The Substance Trailer #1 (2024)"
    assert len(listing.entries) + sum(listing.skipped.values()) == 40


def test_it_reads_the_newer_entry_shape():
    new = load_listing("mubi")["entries"][0]

    (got,) = list_entries(new).entries

    assert got == VideoEntry(
        video_id=new["id"],
        title="THE SUBSTANCE | Official Trailer | MUBI",
        url=f"https://www.youtube.com/watch?v={new['id']}",
        duration=118,
        position=0,
    )


def test_it_reads_the_older_entry_shape():
    old = load_listing("mubi")["entries"][-1]
    assert "channel" in old

    (got,) = list_entries(old).entries

    assert (got.video_id, got.title, got.duration) == (old["id"], old["title"], old["duration"])


def test_it_reads_an_entry_with_only_an_id_and_a_title():
    (got,) = list_entries({"id": "dQw4w9WgXcQ", "title": "Dune Official Trailer"}).entries

    assert (got.video_id, got.duration) == ("dQw4w9WgXcQ", None)


def test_it_names_the_channel_from_the_listing_title_without_a_channel_key():
    assert list_entries().channel_title == "Some - Videos"


def test_it_keeps_each_entrys_position_in_the_listing():
    got = list_entries(entry("aaaaaaaaaaa"), entry(title="[Private video]"), entry("bbbbbbbbbbb"))

    assert [e.position for e in got.entries] == [0, 2]


def test_it_builds_watch_urls_from_the_id():
    (got,) = list_entries(entry(url="/watch?v=dQw4w9WgXcQ&pp=xyz")).entries

    assert got.url == "https://www.youtube.com/watch?v=dQw4w9WgXcQ"


@pytest.mark.parametrize("title", ["[Private video]", "[Deleted video]"])
def test_it_skips_unavailable_videos(title):
    got = list_entries(entry(title=title, duration=None))

    assert (got.entries, got.skipped) == ((), {"unavailable": 1})


@pytest.mark.parametrize(
    ("availability", "reason"),
    [
        ("subscriber_only", "members_only"),
        ("premium_only", "premium_only"),
        ("needs_auth", "needs_sign_in"),
        ("unlisted", "unlisted"),
        ("private", "unavailable"),
        ("some_future_value", "not_public"),
    ],
)
def test_it_skips_videos_that_are_not_public(availability, reason):
    got = list_entries(entry(availability=availability))

    assert (got.entries, got.skipped) == ((), {reason: 1})


@pytest.mark.parametrize("availability", ["public", None])
def test_it_keeps_public_videos_and_those_yt_dlp_cannot_tell(availability):
    assert len(list_entries(entry(availability=availability)).entries) == 1


@pytest.mark.parametrize(
    ("live_status", "reason"),
    [("is_upcoming", "upcoming"), ("is_live", "live"), ("post_live", "live")],
)
def test_it_skips_premieres_and_streams_that_cannot_play_yet(live_status, reason):
    got = list_entries(entry(live_status=live_status, duration=None))

    assert (got.entries, got.skipped) == ((), {reason: 1})


@pytest.mark.parametrize("live_status", ["was_live", "not_live", None])
def test_it_keeps_videos_that_play(live_status):
    assert len(list_entries(entry(live_status=live_status)).entries) == 1


def test_it_skips_shorts():
    got = list_entries(entry(url="https://www.youtube.com/shorts/dQw4w9WgXcQ"))

    assert got.skipped == {"short": 1}


@pytest.mark.parametrize("title", [None, "", "   ", 42, ["Dune"]])
def test_it_skips_entries_without_a_usable_title(title):
    assert list_entries(entry(title=title)).skipped == {"missing_title": 1}


def test_it_skips_entries_without_a_title_key():
    assert list_entries({"id": "dQw4w9WgXcQ"}).skipped == {"missing_title": 1}


@pytest.mark.parametrize("raw", [None, "dQw4w9WgXcQ", 42, ["id"]])
def test_it_skips_entries_that_are_not_dicts(raw):
    assert list_entries(raw).skipped == {"not_a_dict": 1}


def test_it_skips_entries_without_an_id():
    assert list_entries({"title": "Dune Official Trailer"}).skipped == {"missing_id": 1}


@pytest.mark.parametrize(
    "video_id", [12345678901, "short", "dQw4w9WgXcQ-too-long", "dQw4w9 gXcQ", "dQw4w9WgXcQ\n"]
)
def test_it_skips_entries_with_an_invalid_id(video_id):
    assert list_entries(entry(video_id)).skipped == {"invalid_id": 1}


def test_it_skips_a_repeated_id():
    got = list_entries(entry(title="First"), entry(title="Again"))

    assert ([e.title for e in got.entries], got.skipped) == (["First"], {"duplicate": 1})


def test_it_counts_skipped_entries_by_reason():
    got = list_entries(
        entry(title="[Private video]"), entry("x" * 11, title="[Deleted video]"), None, entry()
    )

    assert got.skipped == {"unavailable": 2, "not_a_dict": 1}


def test_it_reports_a_listing_without_entries_as_empty():
    with patched_youtube({URL: {"_type": "playlist", "channel": "Empty"}}):
        got = list_channel(URL)

    assert (got.channel_title, got.entries, got.skipped) == ("Empty", (), {})
    assert got.problems == (api.EMPTY,)


def test_it_reports_an_empty_entries_list_as_empty():
    with patched_youtube({URL: empty_listing(URL)}):
        assert list_channel(URL).problems == (api.EMPTY,)


def test_it_trusts_a_listing_whose_entries_were_all_skipped():
    got = list_entries(entry(title="[Private video]"))

    assert (got.skipped, got.problems) == ({"unavailable": 1}, ())


@pytest.mark.parametrize("entries", [{"id": "dQw4w9WgXcQ"}, "dQw4w9WgXcQ", 42])
def test_it_counts_entries_that_are_not_a_list_as_a_malformed_empty_listing(entries):
    with patched_youtube({URL: {"_type": "playlist", "entries": entries}}):
        got = list_channel(URL)

    assert (got.entries, got.skipped, got.problems) == ((), {"malformed_listing": 1}, (api.EMPTY,))


def test_it_accepts_entries_as_any_iterable():
    with patched_youtube({URL: {"_type": "playlist", "entries": (entry(),)}}):
        assert len(list_channel(URL).entries) == 1


@pytest.mark.parametrize(
    ("duration", "expected"),
    [
        (151, 151),
        (151.4, 151),
        (0, 0),
        (None, None),
        (-1, None),
        ("151", None),
        (True, None),
        (float("nan"), None),
        (float("inf"), None),
    ],
)
def test_it_keeps_only_plausible_durations(duration, expected):
    assert list_entries(entry(duration=duration)).entries[0].duration == expected


def test_it_replaces_control_characters_in_titles():
    (got,) = list_entries(entry(title="Dune\x00 Official\x1b[31m Trailer")).entries

    assert got.title == "Dune  Official [31m Trailer"


def test_it_keeps_a_very_long_title():
    (got,) = list_entries(entry(title="Dune " * 400)).entries

    assert len(got.title) == 1999


def test_it_asks_yt_dlp_for_only_the_limit():
    with patched_youtube({URL: make_listing(200)}) as fake:
        got = list_channel(URL, limit=30)

    assert fake.instances[-1].params["playlist_items"] == "1:30"
    assert len(got.entries) == 30


def test_it_asks_for_the_50_newest_by_default():
    with patched_youtube({URL: make_listing(10_000)}) as fake:
        got = list_channel(URL)

    assert (fake.instances[-1].params["playlist_items"], len(got.entries)) == ("1:50", 50)


def test_it_respects_the_limit_when_yt_dlp_returns_more(monkeypatch):
    class IgnoresLimits:
        def __init__(self, params):
            pass

        def extract_info(self, url, download):
            return make_listing(10_000)

    monkeypatch.setattr(yt_dlp, "YoutubeDL", IgnoresLimits)

    assert len(list_channel(URL, limit=20).entries) == 20


@pytest.mark.parametrize("limit", [0, -5])
def test_it_rejects_a_limit_below_one(limit):
    with pytest.raises(ValueError, match="limit"):
        list_channel(URL, limit=limit)


def test_it_asks_for_a_flat_quiet_listing_without_downloads():
    with patched_youtube({URL: listing_of()}) as fake:
        list_channel(URL, timeout=7.5)

    params = fake.instances[-1].params
    assert params["extract_flat"] == "in_playlist"
    assert params["socket_timeout"] == 7.5
    assert params["quiet"] is True
    assert params["skip_download"] is True
    assert params["cachedir"] is False


def test_it_calls_extract_info_once_with_the_channel_url():
    with patched_youtube({URL: listing_of()}) as fake:
        list_channel(URL)

    assert [ydl.urls for ydl in fake.instances] == [[URL]]


def test_it_closes_yt_dlp():
    with patched_youtube({URL: listing_of()}) as fake:
        list_channel(URL)

    assert fake.instances[-1].closed


def test_it_closes_yt_dlp_after_a_failure():
    with patched_youtube({}, {URL: download_error(URL)}) as fake, pytest.raises(YouTubeError):
        list_channel(URL)

    assert fake.instances[-1].closed


def test_it_gives_options_that_yt_dlp_accepts():
    # Building the real YoutubeDL reads every option and opens no connection.
    with yt_dlp.YoutubeDL(api._options(50, 20.0)) as ydl:
        assert ydl.params["playlist_items"] == "1:50"


def test_it_routes_yt_dlp_messages_to_python_logging(caplog):
    caplog.set_level(logging.DEBUG, logger="contrib.youtube.api")
    with yt_dlp.YoutubeDL(api._options(50, 20.0)) as ydl:
        ydl.to_screen("[youtube:tab] Downloading page 1")
        ydl.report_warning("Falling back to generic n function search")

    assert [(r.levelname, r.getMessage()) for r in caplog.records] == [
        ("DEBUG", "yt-dlp: [youtube:tab] Downloading page 1"),
        ("WARNING", "yt-dlp: Falling back to generic n function search"),
    ]


def test_it_turns_a_download_error_into_a_youtube_error_naming_the_channel():
    error = DownloadError(
        "ERROR: [youtube:tab] @mubi: Unable to download API page: HTTP Error 429: Too Many Requests"
    )
    with patched_youtube({}, {MUBI_URL: error}), pytest.raises(YouTubeError) as raised:
        list_channel(MUBI_URL)

    assert str(raised.value) == (
        f"YouTube channel {MUBI_URL}: "
        "Unable to download API page: HTTP Error 429: Too Many Requests"
    )
    assert (raised.value.channel_url, raised.value.__cause__) == (MUBI_URL, error)


def test_it_drops_yt_dlp_notes_and_colours_from_the_cause():
    error = DownloadError(
        "\x1b[0;31mERROR:\x1b[0m [youtube:tab] @mubi: Unable to download API page: HTTP Error"
        " 503: Service Unavailable (caused by <HTTPError 503: Service Unavailable>)\n"
        "Traceback (most recent call last): ..."
    )
    with patched_youtube({}, {MUBI_URL: error}), pytest.raises(YouTubeError) as raised:
        list_channel(MUBI_URL)

    assert raised.value.cause == "Unable to download API page: HTTP Error 503: Service Unavailable"


@pytest.mark.parametrize(
    ("error", "cause"),
    [
        (TimeoutError("timed out"), "timed out"),
        (ConnectionResetError(), "ConnectionResetError"),
        (ExtractorError("This channel does not have a videos tab", expected=True), "This channel"),
    ],
)
def test_it_turns_network_and_extractor_errors_into_a_youtube_error(error, cause):
    with patched_youtube({}, {URL: error}), pytest.raises(YouTubeError, match=URL) as raised:
        list_channel(URL)

    assert raised.value.cause.startswith(cause)


def test_it_names_an_unknown_channel():
    with patched_youtube({}), pytest.raises(YouTubeError, match="does not exist"):
        list_channel(URL)


def test_it_fails_clearly_when_yt_dlp_returns_nothing(monkeypatch):
    class ReturnsNothing:
        def __init__(self, params):
            pass

        def extract_info(self, url, download):
            return None

    monkeypatch.setattr(yt_dlp, "YoutubeDL", ReturnsNothing)

    with pytest.raises(YouTubeError, match="no listing"):
        list_channel(URL)


# --- the seeds' clients ------------------------------------------------------------------


def rotten_tomatoes_videos(**options):
    with patched_youtube(recorded_listings()):
        return RottenTomatoesClient(**options).get_videos()


def mubi_videos(**options):
    with patched_youtube(recorded_listings()):
        return MubiClient(**options).get_videos()


def test_it_keeps_the_seeds_channel_urls():
    assert (RottenTomatoesClient.CHANNEL_URL, MubiClient.CHANNEL_URL) == (RT_URL, MUBI_URL)


def test_it_gives_the_seeds_dicts():
    first = rotten_tomatoes_videos()[0]

    assert first == {
        "title": "The Substance",
        "original_title": "The Substance Trailer #1 (2024)",
        "video_id": load_listing("rotten_tomatoes")["entries"][0]["id"],
        "year": 2024,
    }


def test_it_gives_films_only():
    titles = [video["original_title"] for video in rotten_tomatoes_videos()]

    assert not [t for t in titles if "Clip" in t or "Featurette" in t or "TV Spot" in t]
    assert "[Private video]" not in titles


def test_it_skips_teasers_by_default():
    titles = [video["original_title"] for video in rotten_tomatoes_videos()]

    assert "Bad Lieutenant: Tokyo Teaser Trailer (2026)" not in titles


def test_it_includes_teasers_when_asked():
    titles = [video["original_title"] for video in rotten_tomatoes_videos(include_teasers=True)]

    assert "Bad Lieutenant: Tokyo Teaser Trailer (2026)" in titles


def test_it_gives_mubis_all_caps_titles_in_title_case():
    assert mubi_videos()[0]["title"] == "The Substance"


def test_it_gives_no_year_when_the_title_has_none():
    assert mubi_videos()[0]["year"] is None


def test_it_keeps_every_trailer_of_a_film():
    titles = [video["original_title"] for video in rotten_tomatoes_videos()]

    assert {"Anora Trailer #1 (2024)", "Anora Trailer #2 (2024)"} <= set(titles)


def test_it_passes_the_clients_limit_and_timeout():
    with patched_youtube(recorded_listings()) as fake:
        MubiClient(limit=10, timeout=5.0).get_videos()

    params = fake.instances[-1].params
    assert (params["playlist_items"], params["socket_timeout"]) == ("1:10", 5.0)


def test_it_reads_another_channel_with_the_base_client():
    with patched_youtube({URL: make_listing(5)}):
        videos = YouTubeBaseClient(channel_url=URL).get_data()

    assert len(videos) == 5


def test_it_uses_the_title_preset_given_to_the_client():
    listing = listing_of(entry(title="A24 | Past Lives | Official Trailer"))
    with patched_youtube({URL: listing}):
        videos = YouTubeBaseClient(channel_url=URL, preset="a24").get_videos()

    assert videos[0]["title"] == "Past Lives"


def test_it_rejects_an_unknown_title_preset():
    with pytest.raises(ValueError, match="nope"):
        MubiClient(preset="nope")


def test_it_raises_a_youtube_error_from_get_videos():
    with patched_youtube({}, {RT_URL: download_error(RT_URL)}), pytest.raises(YouTubeError):
        RottenTomatoesClient().get_videos()


def test_it_cleans_a_title_like_the_seeds():
    got = RottenTomatoesClient()._clean_title("The Lord of the Rings Official Trailer #1 (2025)")

    assert got == "The Lord of the Rings"


def test_it_cleans_a_teaser_to_none_like_the_seeds():
    assert RottenTomatoesClient()._clean_title("Avatar Official Teaser (2025)") is None


def test_it_extracts_titles_and_ids_from_entries():
    entries = [
        VideoEntry("aaaaaaaaaaa", "Dune Official Trailer #1 (2021)", "u", 120, 0),
        VideoEntry("bbbbbbbbbbb", "Dune | Official Clip", "u", 60, 1),
    ]

    assert MubiClient()._extract_title_and_id(entries) == [
        {
            "title": "Dune",
            "original_title": "Dune Official Trailer #1 (2021)",
            "video_id": "aaaaaaaaaaa",
            "year": 2021,
        }
    ]


def test_it_keeps_an_entry_with_a_malformed_availability():
    (got,) = list_entries(entry(availability=["private"])).entries

    assert got.video_id == "dQw4w9WgXcQ"


def test_it_keeps_a_youtube_error_intact_through_pickling():
    error = pickle.loads(pickle.dumps(YouTubeError(URL, "HTTP Error 429")))

    assert (str(error), error.channel_url, error.cause) == (
        f"YouTube channel {URL}: HTTP Error 429",
        URL,
        "HTTP Error 429",
    )


def test_it_keeps_retry_chatter_out_of_the_log(caplog):
    caplog.set_level(logging.INFO, logger="contrib.youtube.api")
    with yt_dlp.YoutubeDL(api._options(50, 20.0)) as ydl:
        ydl.report_warning(
            "[youtube:tab] Unable to download API page: timed out. Retrying (1/3)..."
        )
    assert caplog.records == []


def test_it_keeps_whether_youtube_rate_limited_through_pickling():
    error = pickle.loads(pickle.dumps(YouTubeError(URL, "HTTP Error 429", rate_limited=True)))

    assert error.rate_limited is True


# --- listings that are not what they seem ------------------------------------------------


def test_it_reports_a_listing_cut_short_and_keeps_what_it_read():
    listing = cut_short(make_listing(50), keep=30)
    with patched_youtube({URL: listing}, warnings_by_url={URL: [INCOMPLETE_DATA]}):
        got = list_channel(URL)

    assert len(got.entries) == 30
    assert got.problems == (
        "listing cut short: Incomplete data received. Giving up after 3 retries",
    )


def test_it_reports_items_yt_dlp_could_not_read_without_its_bug_report_note():
    with patched_youtube({URL: make_listing(5)}, warnings_by_url={URL: [UNSUPPORTED_LOCKUP]}):
        got = list_channel(URL)

    assert got.problems == (
        "listing cut short: Unsupported lockup view model content type "
        '"LOCKUP_CONTENT_TYPE_SHORTS"',
    )


def test_it_reports_the_same_sign_once():
    warnings = {URL: [INCOMPLETE_DATA, INCOMPLETE_DATA]}
    with patched_youtube({URL: make_listing(5)}, warnings_by_url=warnings):
        assert len(list_channel(URL).problems) == 1


def test_it_trusts_a_listing_whose_retry_succeeded():
    with patched_youtube({URL: make_listing(5)}, warnings_by_url={URL: [INCOMPLETE_DATA_RETRY]}):
        got = list_channel(URL)

    assert got.problems == ()


def test_it_logs_a_cut_short_listing_as_a_warning(caplog):
    caplog.set_level(logging.DEBUG, logger="contrib.youtube.api")
    with patched_youtube({URL: make_listing(5)}, warnings_by_url={URL: [INCOMPLETE_DATA]}):
        list_channel(URL)

    assert ("WARNING", f"yt-dlp: {INCOMPLETE_DATA}") in [
        (r.levelname, r.getMessage()) for r in caplog.records
    ]


def test_it_reports_a_channel_address_without_a_tab_as_tabs_not_videos():
    channel = "https://www.youtube.com/@SomeChannel"
    with patched_youtube({URL: make_listing(5)}):
        got = list_channel(channel)

    assert got.entries == ()
    assert got.skipped == {"channel_tab": 2}  # videos and shorts
    assert got.problems == (api.TABS_INSTEAD_OF_VIDEOS,)


# --- failures ----------------------------------------------------------------------------


@pytest.mark.parametrize("error", [layout_crash(), KeyError("contents"), AttributeError("x")])
def test_it_turns_any_crash_inside_yt_dlp_into_a_youtube_error(error):
    with patched_youtube({}, {URL: error}), pytest.raises(YouTubeError) as raised:
        list_channel(URL)

    assert raised.value.cause.startswith(f"yt-dlp failed unexpectedly: {type(error).__name__}")
    assert raised.value.__cause__ is error


def test_it_keeps_a_crashs_traceback_for_the_debug_log_only(caplog):
    caplog.set_level(logging.DEBUG, logger="contrib.youtube.api")
    with patched_youtube({}, {URL: layout_crash()}), pytest.raises(YouTubeError):
        list_channel(URL)

    (logged,) = [r for r in caplog.records if r.exc_info]
    assert (logged.levelname, logged.exc_info[0]) == ("DEBUG", TypeError)


def test_it_marks_a_429_as_rate_limited():
    with patched_youtube({}, {URL: download_error(URL)}), pytest.raises(YouTubeError) as raised:
        list_channel(URL)

    assert raised.value.rate_limited is True


def test_it_finds_a_429_wrapped_inside_yt_dlps_errors():
    class TooManyRequests(Exception):
        status = 429

    try:
        raise ExtractorError("Unable to download API page", cause=TooManyRequests("slow down"))
    except ExtractorError:
        error = DownloadError(
            "ERROR: [youtube:tab] @x: Unable to download API page", sys.exc_info()
        )
    with patched_youtube({}, {URL: error}), pytest.raises(YouTubeError) as raised:
        list_channel(URL)

    assert "429" not in str(error)
    assert raised.value.rate_limited is True


def test_it_does_not_mark_other_errors_as_rate_limited():
    error = download_error(URL, "Unable to download API page: HTTP Error 503: Service Unavailable")
    with patched_youtube({}, {URL: error}), pytest.raises(YouTubeError) as raised:
        list_channel(URL)

    assert raised.value.rate_limited is False


# --- politeness and dates -----------------------------------------------------------------


def test_it_backs_off_between_yt_dlps_retries():
    assert [api.retry_delay(n) for n in range(6)] == [2.0, 4.0, 8.0, 16.0, 30.0, 30.0]


def test_it_makes_yt_dlps_own_retries_wait_with_the_backoff(monkeypatch):
    waits = []
    monkeypatch.setattr("yt_dlp.utils._utils.time.sleep", waits.append)

    def fail_every_attempt(extractor):
        for retry in extractor.RetryManager():
            retry.error = ExtractorError("HTTP Error 503: Service Unavailable")

    with yt_dlp.YoutubeDL(api._options(50, 20.0, retries=3)) as ydl:
        extractor = ydl.get_info_extractor("YoutubeTab")
        with pytest.raises(ExtractorError):
            fail_every_attempt(extractor)

    assert waits == [2.0, 4.0, 8.0]


def test_it_passes_the_retries_to_yt_dlp():
    with patched_youtube({URL: listing_of()}) as fake:
        list_channel(URL, retries=5)

    assert fake.instances[-1].params["extractor_retries"] == 5


def test_it_asks_yt_dlp_for_approximate_upload_dates():
    stamp = datetime(2026, 3, 1, tzinfo=UTC)
    listing = channel_listing(URL, [video("dQw4w9WgXcQ", "Dune", timestamp=stamp.timestamp())])
    with patched_youtube({URL: listing}):
        (got,) = list_channel(URL).entries

    assert got.published_at == stamp


@pytest.mark.parametrize(
    "timestamp", [None, "1772323200", True, float("nan"), float("inf"), -1, 10**12]
)
def test_it_leaves_an_unusable_timestamp_out(timestamp):
    (got,) = list_entries(entry(timestamp=timestamp)).entries

    assert got.published_at is None

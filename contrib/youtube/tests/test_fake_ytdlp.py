import re
from collections import Counter

import pytest
import yt_dlp
from yt_dlp.utils import DownloadError, ExtractorError

from contrib.text import fold
from contrib.youtube.testing.fake_ytdlp import (
    INCOMPLETE_DATA,
    INCOMPLETE_DATA_RETRY,
    RATE_LIMITED,
    UNSUPPORTED_LOCKUP,
    FakeYoutubeDL,
    channel_listing,
    cut_short,
    download_error,
    empty_listing,
    layout_crash,
    load_listing,
    members_only,
    patched_youtube,
    premiere,
    recorded_listings,
    serving_recording,
    video,
    write_recording,
)
from contrib.youtube.titles import Kind, parse_title

URL = "https://www.youtube.com/@mubi/videos"
VIDEO_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")


def entries_of(name):
    return load_listing(name)["entries"]


@pytest.mark.parametrize("name", ["rotten_tomatoes", "mubi"])
def test_it_loads_a_recorded_listing_with_yt_dlps_shape(name):
    listing = load_listing(name)

    assert listing["_type"] == "playlist"
    assert {"id", "title", "channel", "uploader_id", "entries"} <= set(listing)
    assert 30 <= len(listing["entries"]) <= 50


def test_it_loads_a_fresh_copy_each_time():
    load_listing("mubi")["entries"].clear()

    assert load_listing("mubi")["entries"]


@pytest.mark.parametrize("name", ["rotten_tomatoes", "mubi"])
def test_it_records_unique_plausible_video_ids(name):
    ids = [e["id"] for e in entries_of(name)]

    assert all(VIDEO_ID.match(video_id) for video_id in ids)
    assert len(set(ids)) == len(ids)


@pytest.mark.parametrize("name", ["rotten_tomatoes", "mubi"])
def test_it_records_both_flat_entry_shapes(name):
    shapes = Counter("channel" in e for e in entries_of(name))

    assert shapes[True]
    assert shapes[False]


@pytest.mark.parametrize("name", ["rotten_tomatoes", "mubi"])
def test_it_records_trailers_teasers_other_videos_and_unavailable_ones(name):
    reasons = Counter(parse_title(e["title"]).reason or "film" for e in entries_of(name))
    kinds = Counter(parse_title(e["title"]).kind for e in entries_of(name))

    assert kinds[Kind.TRAILER] >= 15
    assert kinds[Kind.TEASER] >= 1
    assert reasons["unavailable"] == 2
    assert {"clip", "featurette", "behind_the_scenes"} & set(reasons)


def test_it_records_a_short():
    assert any("/shorts/" in e["url"] for e in entries_of("rotten_tomatoes"))


def test_it_records_films_posted_on_both_channels_in_different_case():
    def films(name):
        return {parse_title(e["title"]).title for e in entries_of(name)} - {""}

    both = {fold(t) for t in films("rotten_tomatoes")} & {fold(t) for t in films("mubi")}

    assert {"the substance", "queer", "bird"} <= both
    assert "THE SUBSTANCE" in films("mubi")
    assert "The Substance" in films("rotten_tomatoes")


def test_it_keys_recorded_listings_by_channel_url():
    assert set(recorded_listings()) == {
        "https://www.youtube.com/@RottenTomatoesIndie/videos",
        "https://www.youtube.com/@mubi/videos",
    }


def test_it_serves_a_listing_by_url():
    fake = FakeYoutubeDL.serving({URL: load_listing("mubi")})

    got = fake({}).extract_info(URL, download=False)

    assert got["entries"] == entries_of("mubi")


def test_it_honours_playlist_items():
    fake = FakeYoutubeDL.serving({URL: load_listing("mubi")})

    got = fake({"playlist_items": "1:5"}).extract_info(URL, download=False)

    assert got["entries"] == entries_of("mubi")[:5]


def test_it_honours_playlistend():
    fake = FakeYoutubeDL.serving({URL: load_listing("mubi")})

    got = fake({"playlistend": 3}).extract_info(URL, download=False)

    assert got["entries"] == entries_of("mubi")[:3]


def test_it_honours_single_playlist_items():
    fake = FakeYoutubeDL.serving({URL: load_listing("mubi")})

    got = fake({"playlist_items": "2,4,999"}).extract_info(URL, download=False)

    assert got["entries"] == [entries_of("mubi")[1], entries_of("mubi")[3]]


def test_it_passes_malformed_entries_through():
    fake = FakeYoutubeDL.serving({URL: {"_type": "playlist", "entries": "nonsense"}})

    assert fake({}).extract_info(URL, download=False)["entries"] == "nonsense"


def test_it_keeps_the_served_listing_unchanged():
    fake = FakeYoutubeDL.serving({URL: load_listing("mubi")})
    fake({}).extract_info(URL, download=False)["entries"][0]["title"] = "changed"

    assert fake({}).extract_info(URL, download=False)["entries"][0]["title"] != "changed"


def test_it_raises_the_given_error():
    error = download_error(URL)
    fake = FakeYoutubeDL.serving({}, {URL: error})

    with pytest.raises(DownloadError) as raised:
        fake({}).extract_info(URL, download=False)

    assert raised.value is error


def test_it_raises_a_download_error_for_an_unknown_channel():
    with pytest.raises(DownloadError, match="@nobody: This channel does not exist"):
        FakeYoutubeDL.serving({})({}).extract_info("https://www.youtube.com/@nobody/videos")


def test_it_records_each_instance_with_its_options_and_urls():
    fake = FakeYoutubeDL.serving({URL: load_listing("mubi")})

    fake({"quiet": True}).extract_info(URL, download=False)

    (ydl,) = fake.instances
    assert (ydl.params, ydl.urls) == ({"quiet": True}, [URL])


def test_it_keeps_instances_apart_between_fakes():
    first, second = FakeYoutubeDL.serving({}), FakeYoutubeDL.serving({})
    first({})

    assert (len(first.instances), second.instances) == (1, [])


def test_it_works_as_a_context_manager():
    with FakeYoutubeDL.serving({})({}) as ydl:
        pass

    assert ydl.closed


def test_it_words_a_download_error_like_yt_dlp():
    assert str(download_error(URL)) == (
        "ERROR: [youtube:tab] @mubi: Unable to download API page: HTTP Error 429: Too Many Requests"
    )


def test_it_patches_yt_dlp_only_inside_the_block():
    real = yt_dlp.YoutubeDL

    with patched_youtube({URL: load_listing("mubi")}) as fake:
        assert yt_dlp.YoutubeDL is fake

    assert yt_dlp.YoutubeDL is real


# --- the ways real listings go wrong -------------------------------------------------------


class Messages:
    """yt-dlp's `logger` option, keeping the warnings."""

    def __init__(self):
        self.warnings = []

    def debug(self, message):
        pass

    info = error = debug

    def warning(self, message):
        self.warnings.append(message)


def test_it_gives_its_warnings_to_the_logger_option_like_yt_dlp():
    messages = Messages()
    fake = FakeYoutubeDL.serving({URL: load_listing("mubi")}, warnings={URL: [INCOMPLETE_DATA]})

    fake({"logger": messages}).extract_info(URL, download=False)

    assert messages.warnings == [INCOMPLETE_DATA]


def test_it_words_the_truncation_warnings_as_yt_dlp_does(monkeypatch):
    """Driven through yt-dlp's own retry loop for a next page that stays incomplete."""
    monkeypatch.setattr("yt_dlp.utils._utils.time.sleep", lambda seconds: None)
    messages = Messages()
    with yt_dlp.YoutubeDL({"logger": messages, "quiet": True}) as ydl:
        extractor = ydl.get_info_extractor("YoutubeTab")
        for retry in extractor.RetryManager(fatal=False):
            retry.error = ExtractorError("Incomplete data received", expected=True)

    assert (messages.warnings[0], messages.warnings[-1]) == (INCOMPLETE_DATA_RETRY, INCOMPLETE_DATA)


def test_it_words_the_unsupported_lockup_warning_as_yt_dlp_does():
    messages = Messages()
    item = {"contentId": "dQw4w9WgXcQ", "contentType": "LOCKUP_CONTENT_TYPE_SHORTS"}
    with yt_dlp.YoutubeDL({"logger": messages, "quiet": True}) as ydl:
        ydl.get_info_extractor("YoutubeTab")._extract_lockup_view_model(item)

    assert messages.warnings == [UNSUPPORTED_LOCKUP]


def test_it_cuts_a_listing_short():
    listing = cut_short(load_listing("mubi"), keep=7)

    assert listing["entries"] == entries_of("mubi")[:7]


def test_it_serves_an_empty_listing_without_an_error():
    fake = FakeYoutubeDL.serving({URL: empty_listing(URL)})

    got = fake({}).extract_info(URL, download=False)

    assert (got["_type"], got["entries"]) == ("playlist", [])


def test_it_raises_a_crash_as_it_is():
    fake = FakeYoutubeDL.serving({}, {URL: layout_crash()})

    with pytest.raises(TypeError, match="not subscriptable"):
        fake({}).extract_info(URL, download=False)


def test_it_makes_a_premiere_upcoming_without_a_duration():
    entry = premiere("dQw4w9WgXcQ", "Dune Official Trailer")

    assert (entry["live_status"], entry["duration"], entry["availability"]) == (
        "is_upcoming",
        None,
        None,
    )


def test_it_makes_a_members_only_video_for_subscribers():
    assert members_only("dQw4w9WgXcQ", "Dune")["availability"] == "subscriber_only"


def test_it_answers_a_channel_address_without_a_tab_with_one_playlist_per_tab():
    fake = FakeYoutubeDL.serving({URL: load_listing("mubi")})

    got = fake({"playlist_items": "1:5"}).extract_info("https://www.youtube.com/@mubi")

    assert [tab["_type"] for tab in got["entries"]] == ["playlist", "playlist"]
    assert [tab["title"] for tab in got["entries"]] == ["MUBI - Videos", "MUBI - Shorts"]
    assert got["entries"][0]["entries"] == entries_of("mubi")[:5]


def test_it_gives_timestamps_only_when_asked_for_approximate_dates():
    listing = channel_listing(URL, [video("dQw4w9WgXcQ", "Dune", timestamp=1772323200)])
    fake = FakeYoutubeDL.serving({URL: listing})
    asked = {"extractor_args": {"youtubetab": {"approximate_date": [""]}}}

    plain = fake({}).extract_info(URL, download=False)
    dated = fake(asked).extract_info(URL, download=False)

    assert (plain["entries"][0]["timestamp"], dated["entries"][0]["timestamp"]) == (
        None,
        1772323200,
    )


def test_it_serves_a_recording_saved_for_another_process(tmp_path):
    crashing = "https://www.youtube.com/@crash/videos"
    limited = "https://www.youtube.com/@limited/videos"
    path = write_recording(
        tmp_path / "youtube.json",
        {URL: load_listing("mubi")},
        errors={limited: RATE_LIMITED},
        crashes=[crashing],
        warnings={URL: [INCOMPLETE_DATA]},
    )
    messages = Messages()
    ydl = serving_recording(path)({"logger": messages})

    assert ydl.extract_info(URL)["entries"] == entries_of("mubi")
    assert messages.warnings == [INCOMPLETE_DATA]
    with pytest.raises(TypeError):
        ydl.extract_info(crashing)
    with pytest.raises(DownloadError, match="HTTP Error 429"):
        ydl.extract_info(limited)

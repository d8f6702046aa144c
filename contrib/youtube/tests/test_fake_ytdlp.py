import re
from collections import Counter

import pytest
import yt_dlp
from yt_dlp.utils import DownloadError

from contrib.text import fold
from contrib.youtube.testing import (
    FakeYoutubeDL,
    download_error,
    load_listing,
    make_listing,
    patched_youtube,
    recorded_listings,
    synthetic_film_title,
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


def test_it_makes_a_listing_of_n_distinct_trailers():
    entries = make_listing(5000)["entries"]
    parsed = [parse_title(e["title"]) for e in entries]

    assert len(entries) == 5000
    assert all(p.kind is Kind.TRAILER for p in parsed)
    assert len({fold(p.title) for p in parsed}) == 5000


def test_it_makes_unique_plausible_ids():
    ids = [e["id"] for e in make_listing(5000)["entries"]]

    assert len(set(ids)) == 5000
    assert all(VIDEO_ID.match(video_id) for video_id in ids)


def test_it_makes_both_entry_shapes():
    assert Counter("channel" in e for e in make_listing(10)["entries"]) == {True: 5, False: 5}


def test_it_makes_the_same_listing_for_the_same_seed():
    assert make_listing(100, seed=4) == make_listing(100, seed=4)


def test_it_makes_other_films_for_another_seed():
    def films(seed):
        return {
            fold(parse_title(e["title"]).title) for e in make_listing(500, seed=seed)["entries"]
        }

    assert not films(0) & films(1)


def test_it_makes_a_listing_for_the_given_channel():
    listing = make_listing(1, handle="@Bench")

    assert (listing["uploader_id"], listing["webpage_url"]) == (
        "@Bench",
        "https://www.youtube.com/@Bench/videos",
    )


def test_it_names_an_endless_series_of_distinct_films():
    titles = [synthetic_film_title(k) for k in range(30_000)]

    assert len(set(titles)) == 30_000

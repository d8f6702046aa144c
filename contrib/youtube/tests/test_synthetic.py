import re
from collections import Counter

from contrib.text import fold
from contrib.youtube.testing.synthetic import make_listing, synthetic_film_title
from contrib.youtube.titles import Kind, parse_title

VIDEO_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")


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

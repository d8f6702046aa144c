import pytest

from contrib.tmdb import validate


@pytest.mark.parametrize("value", ["tt0133093", "tt10872600"])
def test_it_keeps_an_imdb_id(value):
    notes = validate.Notes()
    assert validate.imdb_id(value, notes) == value
    assert notes == []


@pytest.mark.parametrize("value", ["tt" + "9" * 30, "nm0000206", "tt12", 133093, "tt0133093 "])
def test_it_drops_what_is_not_an_imdb_id_and_says_so(value):
    notes = validate.Notes()
    assert validate.imdb_id(value, notes) is None
    assert notes[0].startswith("imdb_id ")


def test_it_keeps_a_tmdb_image_path():
    notes = validate.Notes()
    assert validate.image_path("/kqjL17yufvn9OVLyXYpvtyrFfak.jpg", notes) == (
        "/kqjL17yufvn9OVLyXYpvtyrFfak.jpg"
    )
    assert notes == []


@pytest.mark.parametrize(
    "value",
    [
        "/" + "a" * 300 + ".jpg",  # longer than the column
        "/x.jpg 1w, https://evil.example/a.jpg",  # an extra srcset entry
        "https://evil.example/poster.jpg",
        "javascript:alert(1)",
        "/../../etc/passwd.jpg",
        "/poster.jpg?x=1",
        "/poster.exe",
    ],
)
def test_it_drops_an_image_path_that_is_not_one(value):
    notes = validate.Notes()
    assert validate.image_path(value, notes, "poster_path") is None
    assert notes[0].startswith("poster_path ")


@pytest.mark.parametrize(
    "value",
    [
        "javascript:alert(1)//",
        "http://image.tmdb.org/t/p/",
        "https://",
        'https://x/" onload=',
        "data:text/html,hi",
        "https://images.example.com/t/p/",
        "https://tmdb.org.evil.example/t/p/",
        None,
        42,
    ],
)
def test_it_refuses_an_image_base_url_that_is_not_tmdbs_over_https(value):
    assert validate.image_base_url(value) is None


def test_it_takes_tmdbs_secure_image_base_url():
    assert validate.image_base_url("https://image.tmdb.org/t/p/") == "https://image.tmdb.org/t/p/"


def test_it_keeps_only_size_names_tmdb_uses():
    assert validate.image_sizes(["w92", "original", "h632", "../x", 5, "w99999"]) == (
        "w92",
        "original",
        "h632",
    )


@pytest.mark.parametrize(
    ("value", "kept"),
    [("dQw4w9WgXcQ", True), ("dQw4w9WgXc", False), ("dQw4w9WgXcQ<", False), (None, False)],
)
def test_it_keeps_only_youtube_video_ids(value, kept):
    assert (validate.youtube_key(value) is not None) is kept


def test_it_cuts_a_title_longer_than_the_column_and_says_so():
    notes = validate.Notes()
    assert len(validate.title("x" * 300, notes)) == validate.MAX_TITLE
    assert notes == [f"title cut to {validate.MAX_TITLE} characters"]


@pytest.mark.parametrize(
    ("value", "kept"),
    [
        ("https://www.themoviedb.org/movie/603/watch?locale=GB", True),
        ("http://www.themoviedb.org/movie/603/watch", False),
        ("javascript:alert(1)", False),
        ('https://x.example/" onmouseover="', False),
    ],
)
def test_it_keeps_only_https_links(value, kept):
    notes = validate.Notes()
    assert (validate.https_url(value, notes, "link") == value) is kept

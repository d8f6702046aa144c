import pytest

from contrib.tmdb.references import TMDBReference, parse_reference


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("603", TMDBReference(tmdb_id=603)),
        (" https://www.themoviedb.org/movie/603-the-matrix ", TMDBReference(tmdb_id=603)),
        ("themoviedb.org/movie/957452?language=en", TMDBReference(tmdb_id=957452)),
        ("tt0133093", TMDBReference(imdb_id="tt0133093")),
        ("https://www.imdb.com/title/tt1160419/?ref_=nv", TMDBReference(imdb_id="tt1160419")),
    ],
)
def test_it_reads_what_curators_paste(text, expected):
    assert parse_reference(text) == expected


@pytest.mark.parametrize("text", ["", "dune", "-5", "0", "99999999999999", "tt12", "<script>"])
def test_it_rejects_what_is_not_a_reference(text):
    assert parse_reference(text) is None

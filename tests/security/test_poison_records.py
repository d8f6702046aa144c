"""One odd record from TMDB costs that record's odd fields, never the run: what does not fit
is dropped at the boundary and noted on the film; a database error fails that one film."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import DataError

from contrib.tmdb.testing.server import FakeTMDB
from movies import enrichment
from movies.models import ImageConfiguration, Movie
from movies.tests.factories import make_movie

pytestmark = pytest.mark.django_db


def film(tmdb_id: int, title: str, **fields) -> dict:
    return {
        "id": tmdb_id,
        "title": title,
        "original_title": title,
        "release_date": "2024-05-01",
        "popularity": 10.0,
        "vote_count": 100,
        "vote_average": 7.0,
        "imdb_id": f"tt{tmdb_id:07d}",
        "poster_path": f"/poster{tmdb_id}.jpg",
        **fields,
    }


POISON = film(
    1001,
    "Poisoned Record",
    imdb_id="tt" + "1" * 40,
    poster_path="/x.jpg 1w, https://evil.example/a.jpg",
    backdrop_path="/" + "b" * 300 + ".jpg",
)
HEALTHY = [film(1002, "Healthy One"), film(1003, "Healthy Two")]


@pytest.fixture
def fake_tmdb():
    """The double serving only these films (tmdb_settings points the app at it)."""
    with FakeTMDB([POISON, *HEALTHY]) as fake:
        yield fake


@pytest.fixture
def tmdb(fake_tmdb, tmdb_settings):
    return fake_tmdb


def enrich() -> str:
    out = StringIO()
    call_command("enrich_movies", stdout=out)
    return out.getvalue()


def test_a_record_with_fields_that_do_not_fit_is_stored_without_them(tmdb):
    movie = make_movie("Poisoned Record", year=2024)
    for other in HEALTHY:
        make_movie(other["title"], year=2024)
    assert "3 matched" in enrich()
    movie.refresh_from_db()
    assert (movie.status, movie.tmdb_id) == (Movie.Status.MATCHED, 1001)
    assert (movie.imdb_id, movie.poster_path, movie.backdrop_path) == (None, None, None)
    assert "imdb_id" in movie.last_error
    assert "poster_path" in movie.last_error


def test_a_database_error_fails_that_film_and_the_run_goes_on(tmdb, monkeypatch):
    poisoned = make_movie("Poisoned Record", year=2024)
    healthy = [make_movie(other["title"], year=2024) for other in HEALTHY]
    real = enrichment.apply_details

    def refuse_one(movie_id, details, **options):
        if movie_id == poisoned.pk:
            raise DataError("value too long for type character varying(20)")
        return real(movie_id, details, **options)

    monkeypatch.setattr(enrichment, "apply_details", refuse_one)
    output = enrich()
    assert "2 matched" in output
    assert "1 failed" in output
    poisoned.refresh_from_db()
    assert poisoned.status == Movie.Status.FAILED
    assert "DataError" in poisoned.last_error
    assert poisoned.next_attempt_at is not None  # not again tonight
    assert all(Movie.objects.get(pk=m.pk).status == Movie.Status.MATCHED for m in healthy)


def test_choosing_a_poisoned_record_as_a_curator_stores_what_fits(tmdb, admin_client, run_jobs):
    movie = make_movie("Poisoned Record", status="needs_review", candidates=[{"id": 1001}])
    with run_jobs():
        response = admin_client.post("/admin/movies/movie/", {"_choose": f"{movie.pk}:1001"})
    assert response.status_code == 302
    movie.refresh_from_db()
    assert (movie.tmdb_id, movie.imdb_id, movie.locked) == (1001, None, True)


@pytest.mark.parametrize(
    "base", ["javascript:alert(1)//", "http://image.tmdb.org/t/p/", 'https://x.example/"><b>']
)
def test_an_image_base_that_is_not_https_never_reaches_pages_or_the_api(tmdb, client, base):
    tmdb.canned["/3/configuration"] = {"images": {"secure_base_url": base, "base_url": base}}
    movie = make_movie("Healthy One", year=2024)
    enrich()
    ImageConfiguration.clear_cache()
    assert ImageConfiguration.current().base_url == "https://image.tmdb.org/t/p/"
    body = client.get(f"/api/movies/{movie.pk}/").json()
    assert body["poster"]["w342"].startswith("https://image.tmdb.org/t/p/w342/")

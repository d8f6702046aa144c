"""The catalogue's cache: a write shows at once (the pipeline's bulk writes send no model
signals and bump themselves). What a visitor can vary adds nothing to it:
tests/security/test_cache_flooding.py."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse

from movies import cache as catalogue
from movies.enrichment import enrich_movie
from movies.fetching import save_listing
from movies.models import Channel, Movie
from movies.tests.factories import listing, make_movie

pytestmark = pytest.mark.django_db


def test_a_fetch_shows_its_new_films_on_a_cached_list_at_once(
    client, django_capture_on_commit_callbacks
):
    make_movie("Already Here", year=2023)
    before = client.get("/movies/")
    assert b"Kneecap" not in before.content
    with django_capture_on_commit_callbacks(execute=True):  # the commit a real run makes
        save_listing(
            Channel.objects.get(slug="rotten_tomatoes"), listing("Kneecap Trailer #1 (2024)")
        )
    after = client.get("/movies/", headers={"if-none-match": before["ETag"]})
    assert after.status_code == 200
    assert b"Kneecap" in after.content


def test_an_enrichment_shows_on_a_cached_film_page_at_once(
    client, tmdb_client, django_capture_on_commit_callbacks
):
    movie = make_movie("DUNE", year=2021)
    before = client.get(f"/movies/{movie.pk}/")
    assert b"Paul Atreides" not in before.content
    with django_capture_on_commit_callbacks(execute=True):
        enrich_movie(movie.pk, client=tmdb_client)
    after = client.get(f"/movies/{movie.pk}/", headers={"if-none-match": before["ETag"]})
    assert after.status_code == 200
    assert b"tt1160419" in after.content  # the IMDb link TMDB's details gave


def test_a_bump_alone_makes_every_cached_page_render_again(client):
    make_movie("Old Title")
    assert b"Old Title" in client.get("/movies/").content
    Movie.objects.update(title="New Title")  # no signal, no bump: the cached page stands
    assert b"Old Title" in client.get("/movies/").content
    catalogue.bump()
    assert b"New Title" in client.get("/movies/").content


def test_a_page_built_while_a_write_lands_is_kept_under_the_generation_it_read(rf):
    request = rf.get("/movies/")
    request.user = AnonymousUser()
    read = catalogue.generation()

    def build_during_a_write():
        catalogue.bump()  # a fetch commits while the page is being built
        return HttpResponse(b"before the write")

    catalogue.catalogue_response(request, "list?", build_during_a_write, version=read)
    after = catalogue.catalogue_response(request, "list?", lambda: HttpResponse(b"after"))

    assert after.content == b"after"


@pytest.mark.parametrize(
    "path",
    ["/movies/", "/movies/{pk}/", "/api/movies/", "/api/movies/{pk}/", "/api/radarr.json"],
)
def test_a_request_reads_the_catalogue_generation_once(client, monkeypatch, path):
    film = make_movie("Dune", tmdb_id=438631, status=Movie.Status.MATCHED)
    reads = []
    generation = catalogue.generation

    def counted():
        reads.append(1)
        return generation()

    monkeypatch.setattr(catalogue, "generation", counted)
    assert client.get(path.format(pk=film.pk)).status_code == 200

    assert len(reads) == 1


def test_a_value_kept_for_a_generation_is_read_again_without_the_shared_cache(monkeypatch):
    catalogue.keep({"list:facts": "kept"}, version=7)
    monkeypatch.setattr(catalogue.cache, "get", lambda *args, **kwargs: 1 / 0)

    assert catalogue.recall("list:facts", 7) == "kept"


def test_the_process_copies_hold_the_most_recently_used_entries_only(monkeypatch):
    monkeypatch.setattr(catalogue, "READ_ENTRIES", 3)
    for n in range(4):
        catalogue.keep({f"count:{n}": n}, version=7)
    monkeypatch.setattr(catalogue.cache, "get", lambda *args, **kwargs: None)

    assert catalogue.recall("count:0", 7) is None
    assert [catalogue.recall(f"count:{n}", 7) for n in (1, 2, 3)] == [1, 2, 3]

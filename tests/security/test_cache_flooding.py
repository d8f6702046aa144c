"""Nothing a visitor can vary fills the cache (shared with the job broker in Redis): pages
past the end and unknown channels are named as the page they show, searches and deep pages
are never stored, and every stored entry expires (Redis may evict it, never a job)."""

import uuid
from pathlib import Path

import pytest
import redis
from django.conf import settings

from movies.models import Movie
from movies.tests.factories import make_movie

pytestmark = pytest.mark.django_db


def stored_entries() -> int:
    """Entries in the test session's file cache (the suite runs without Redis)."""
    return len(list(Path(settings.CACHES["default"]["LOCATION"]).glob("*.djcache")))


def test_a_page_past_the_end_is_answered_as_the_last_page_under_its_name(client):
    make_movie("Only Film")
    last = client.get("/movies/")
    before = stored_entries()
    for page in (2, 50, 99_999):
        response = client.get(f"/movies/?page={page}")
        assert response["ETag"] == last["ETag"]
    assert stored_entries() == before


def test_an_unknown_channel_adds_nothing_to_the_cache(client):
    make_movie("Only Film")
    every_film = client.get("/movies/")
    before = stored_entries()
    for slug in ("no-such-channel", "another", "x" * 50):
        assert client.get(f"/movies/?channel={slug}")["ETag"] == every_film["ETag"]
    assert stored_entries() == before


def test_searches_and_deep_pages_are_rendered_but_not_stored(client):
    for number in range(24 * 12):
        make_movie(f"Film {number}")
    client.get("/movies/?page=11")  # the count and the page index, kept per generation
    before = stored_entries()
    for url in ("/movies/?q=film", "/movies/?q=film+1", "/movies/?page=11", "/movies/?page=12"):
        assert client.get(url).status_code == 200
    assert stored_entries() == before


def test_a_visitors_page_size_adds_no_page_index_of_its_own(client):
    Movie.objects.bulk_create(
        Movie(title=f"Film {n}", title_key=f"film {n}") for n in range(24 * 13)
    )
    client.get("/api/movies/?page=11")  # the count and the page index, for everyone
    before = stored_entries()
    for size in (1, 2, 3, 5):
        assert client.get(f"/api/movies/?page=12&page_size={size}").status_code == 200
    assert stored_entries() == before


def test_the_radarr_list_is_stored_once_whatever_the_page_size(client):
    make_movie("Only Film", tmdb_id=1)
    client.get("/api/radarr.json")
    before = stored_entries()
    for size in (1, 2, 3):
        assert client.get(f"/api/radarr.json?page_size={size}&page=2").status_code == 200
    assert stored_entries() == before


@pytest.mark.redis
def test_every_cache_entry_in_redis_expires_but_the_generation(client, settings, redis_url):
    prefix = f"flood-test-{uuid.uuid4().hex[:8]}"
    settings.CACHES = {
        "default": {
            "BACKEND": "whichmovie.cache.ResilientRedisCache",
            "LOCATION": redis_url,
            "KEY_PREFIX": prefix,
        }
    }
    make_movie("Only Film")
    for url in ("/movies/", "/movies/?page=2", "/api/movies/", "/feed/"):
        assert client.get(url).status_code == 200
    server = redis.Redis.from_url(redis_url)
    try:
        keys = list(server.scan_iter(f"{prefix}:*"))
        lasting = [key for key in keys if server.ttl(key) < 0]
        assert len(keys) > 3
        assert [key.decode().split(":", 2)[2] for key in lasting] == ["catalogue:generation-ms"]
    finally:
        for key in server.scan_iter(f"{prefix}:*"):
            server.delete(key)


def test_a_visitors_own_services_add_nothing_to_the_cache(client):
    make_movie("Only Film")
    client.get("/movies/?available=services")
    before = stored_entries()
    for services in ("8", "8.11", "337.8.11", "1.2.3.4.5"):
        client.cookies["wm_services"] = services
        assert client.get("/movies/?available=services").status_code == 200
    assert stored_entries() == before


def test_a_region_that_is_no_country_is_no_page_of_its_own(client):
    make_movie("Only Film")
    every_film = client.get("/movies/")
    before = stored_entries()
    for region in ("XX", "zz", "<b>", "x" * 40):
        assert client.get(f"/movies/?region={region}")["ETag"] == every_film["ETag"]
    assert stored_entries() == before

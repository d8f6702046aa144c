"""Titles come from YouTube and overviews from TMDB: markup in them is shown, never run."""

import json

import pytest

from movies.models import Channel
from movies.tests.factories import make_movie, make_trailer

pytestmark = pytest.mark.django_db
PAYLOAD = '<script>alert("x")</script><img src=x onerror=alert(1)>'


@pytest.fixture
def hostile_film():
    channel = Channel.objects.create(
        slug="evil", name=f"Evil {PAYLOAD}", url="https://www.youtube.com/@evil/videos"
    )
    movie = make_movie(
        f"Film {PAYLOAD}",
        year=2024,
        original_title=f"{PAYLOAD} | Official Trailer",
        overview=f"Overview {PAYLOAD}",
        genres=[f"Genre {PAYLOAD}"],
        tmdb_id=4242,
        poster_path='/x.jpg" onerror="alert(1)',
        candidates=[{"id": 1, "title": PAYLOAD, "year": 2024, "overview": PAYLOAD}],
        status="needs_review",
    )
    make_trailer(movie, video_id="evil0000001", title=f"Trailer {PAYLOAD}", channel=channel)
    return movie


def assert_escaped(body: str) -> None:
    assert "<script>alert" not in body
    assert "<img src=x onerror" not in body
    assert 'onerror="alert(1)' not in body


def test_public_pages_escape_every_field(client, hostile_film):
    for path in ("/movies/", f"/movies/{hostile_film.pk}/", "/movies/?q=%3Cscript%3E"):
        response = client.get(path)
        assert response.status_code == 200, path
        body = response.content.decode()
        assert_escaped(body)
    assert "&lt;script&gt;" in client.get(f"/movies/{hostile_film.pk}/").content.decode()


def test_the_feed_escapes_every_field(client, hostile_film):
    body = client.get("/feed/").content.decode()
    assert_escaped(body)


def test_the_api_returns_markup_as_inert_json_strings(client, hostile_film):
    response = client.get(f"/api/movies/{hostile_film.pk}/")
    assert response["Content-Type"].startswith("application/json")
    assert json.loads(response.content)["title"] == f"Film {PAYLOAD}"


def test_admin_pages_escape_every_field(admin_client, hostile_film):
    for path in (
        "/admin/movies/movie/",
        "/admin/movies/movie/?status__exact=needs_review",
        f"/admin/movies/movie/{hostile_film.pk}/change/",
        "/admin/movies/channel/",
    ):
        response = admin_client.get(path)
        assert response.status_code == 200, path
        assert_escaped(response.content.decode())

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from movies.models import Channel, ImageConfiguration, Movie
from movies.tests.factories import make_movie, make_trailer

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("empty_page_cache")]

PUBLIC_FIELDS = {
    "id",
    "url",
    "page_url",
    "title",
    "year",
    "release_date",
    "runtime",
    "genres",
    "rating",
    "overview",
    "tmdb_id",
    "imdb_id",
    "poster",
    "backdrop",
    "links",
    "last_trailer_at",
    "added_at",
    "region_status",
}
# What a film's own page adds (the regional facts are in force for `region`).
DETAIL_FIELDS = {
    "trailers",
    "region",
    "certification",
    "release_dates",
    "directors",
    "cast",
    "companies",
    "watch",
}


def newest_first(*titles, **fields) -> list[Movie]:
    now = timezone.now()
    return [
        make_movie(title, last_trailer_at=now - timedelta(hours=age), **fields)
        for age, title in enumerate(titles)
    ]


def result_titles(response) -> list[str]:
    return [film["title"] for film in response.json()["results"]]


def test_it_lists_films_with_paging_fields(client):
    newest_first("New", "Old")
    body = client.get("/api/movies/").json()
    assert body["count"] == 2
    assert (body["page"], body["pages"], body["page_size"]) == (1, 1, 24)
    assert (body["next"], body["previous"]) == (None, None)
    assert [film["title"] for film in body["results"]] == ["New", "Old"]


def test_it_shows_only_public_fields(client):
    make_movie(
        "Film",
        candidates=[{"id": 1, "title": "internal candidate"}],
        last_error="HTTP 401 for https://api.themoviedb.org/3/search?api_key=SECRET",
        locked=True,
    )
    response = client.get("/api/movies/")
    (film,) = response.json()["results"]
    assert set(film) == PUBLIC_FIELDS
    assert b"internal candidate" not in response.content
    assert b"SECRET" not in response.content


def test_it_gives_image_urls_and_links(client):
    make_movie("Film", tmdb_id=42, imdb_id="tt0000042", poster_path="/p.jpg")
    (film,) = client.get("/api/movies/").json()["results"]
    assert film["poster"]["w342"] == "https://image.tmdb.org/t/p/w342/p.jpg"
    assert film["links"] == {
        "tmdb": "https://www.themoviedb.org/movie/42",
        "imdb": "https://www.imdb.com/title/tt0000042/",
        "letterboxd": "https://letterboxd.com/tmdb/42/",
    }


def test_it_applies_the_list_filters(client):
    make_movie("Neon Harvest", source="mubi", year=2026)
    make_movie("Neon Genesis", source="mubi", year=2025)
    make_movie("Neon Lights", source="rotten_tomatoes", year=2026)
    assert result_titles(client.get("/api/movies/?q=neon&channel=mubi&year=2026")) == [
        "Neon Harvest"
    ]


def test_it_pages_with_next_links_that_keep_the_filters(client):
    newest_first(*(f"Film {n}" for n in range(5)))
    body = client.get("/api/movies/?q=film&page_size=2&page=2").json()
    assert [film["title"] for film in body["results"]] == ["Film 2", "Film 3"]
    assert body["next"] == "http://testserver/api/movies/?q=film&page_size=2&page=3"
    assert body["previous"] == "http://testserver/api/movies/?q=film&page_size=2"


def test_it_caps_the_page_size_at_24(client):
    newest_first(*(f"Film {n}" for n in range(30)))
    body = client.get("/api/movies/?page_size=1000").json()
    assert body["page_size"] == 24
    assert len(body["results"]) == 24


def test_it_answers_an_empty_first_page_for_an_empty_catalogue(client):
    body = client.get("/api/movies/").json()
    assert (body["count"], body["results"]) == (0, [])


@pytest.mark.parametrize(
    "query",
    [
        "page=abc",
        "page=0",
        "page=-1",
        "page=" + "9" * 5000,
        "page=%00",
        "year=abc",
        "sort=%3Cscript%3E",
        "status=needs_review",
        "status=rejected",
        "q=" + "x" * 5000,
        "channel=%3Cscript%3E",
        "page_size=0",
        "page_size=abc",
    ],
)
def test_it_answers_400_with_a_json_error_for_bad_parameters(client, query):
    response = client.get(f"/api/movies/?{query}")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    (message,) = response.json().values()
    assert "error" in response.json()
    assert "<script>" not in message


def test_it_answers_400_for_a_page_past_the_end(client):
    make_movie("Only film")
    response = client.get("/api/movies/?page=2")
    assert response.status_code == 400
    assert response.json() == {"error": "page 2 is past the last page (1)"}


def test_it_answers_400_for_a_page_past_the_end_of_a_search_of_no_words(client):
    response = client.get("/api/movies/?q=!!!&page=3")
    assert response.status_code == 400
    assert response.json() == {"error": "page 3 is past the last page (1)"}


def test_it_searches_safely_with_nul_bytes_and_markup(client):
    make_movie("Neon Harvest")
    assert result_titles(client.get("/api/movies/?q=ne%00on")) == []
    assert client.get("/api/movies/?q=%3Cscript%3E%00").status_code == 200


def test_it_lets_staff_filter_films_needing_review(admin_client):
    make_movie("To review", status=Movie.Status.NEEDS_REVIEW)
    make_movie("Matched", status=Movie.Status.MATCHED)
    assert result_titles(admin_client.get("/api/movies/?status=needs_review")) == ["To review"]


def test_it_shows_a_film_with_its_trailers(client):
    film = make_movie("Film")
    make_trailer(film, "abcdefghijk", channel=Channel.objects.get(slug="mubi"))
    body = client.get(f"/api/movies/{film.pk}/").json()
    assert set(body) == (PUBLIC_FIELDS - {"region_status"}) | DETAIL_FIELDS
    (trailer,) = body["trailers"]
    assert trailer["video_id"] == "abcdefghijk"
    assert trailer["channel"] == {"slug": "mubi", "name": "MUBI"}
    assert trailer["embed_url"] == "https://www.youtube-nocookie.com/embed/abcdefghijk?autoplay=1"
    assert trailer["youtube_url"] == "https://www.youtube.com/watch?v=abcdefghijk"


@pytest.mark.parametrize("path", ["/api/movies/987654/", "/api/movies/99999999999999999999999/"])
def test_it_answers_404_json_for_an_unknown_film(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert response.json() == {"error": "no such film"}


@pytest.mark.parametrize(
    ("path", "target"),
    [("/api/movies", "/api/movies/?q=dune"), ("/api/movies/12", "/api/movies/12/?q=dune")],
)
def test_an_address_without_its_trailing_slash_is_redirected_to_it(client, path, target):
    response = client.get(path, {"q": "dune"})
    assert response.status_code == 308
    assert response["Location"] == target


def test_an_unknown_address_without_a_slash_still_answers_404_json(client):
    response = client.get("/api/films")
    assert response.status_code == 404
    assert "no such address" in response.json()["error"]


def test_it_answers_404_json_for_a_rejected_film(client):
    film = make_movie("Not a film", status=Movie.Status.REJECTED)
    assert client.get(f"/api/movies/{film.pk}/").status_code == 404


def test_it_answers_304_to_a_matching_etag(client):
    make_movie("Film")
    etag = client.get("/api/movies/")["ETag"]
    assert client.get("/api/movies/", headers={"if-none-match": etag}).status_code == 304


@pytest.mark.parametrize("films", [0, 100])
def test_it_costs_a_constant_number_of_queries(client, django_assert_max_num_queries, films):
    for number in range(films):
        make_movie(f"Film {number}", poster_path="/p.jpg")
    ImageConfiguration.clear_cache()
    with django_assert_max_num_queries(4):
        assert client.get("/api/movies/?q=film&page=1").status_code == 200


def test_it_lists_matched_films_for_radarr_newest_first(client):
    newest_first("Newest", "Older", tmdb_id=None)
    Movie.objects.filter(title="Newest").update(tmdb_id=222)
    Movie.objects.filter(title="Older").update(tmdb_id=111)
    make_movie("Unmatched")
    make_movie("Rejected", tmdb_id=333, status=Movie.Status.REJECTED)
    response = client.get("/api/radarr.json")
    assert response.status_code == 200
    assert json.loads(response.content) == [{"id": 222}, {"id": 111}]


def test_it_narrows_the_radarr_list_with_the_filters(client):
    make_movie("From MUBI", source="mubi", tmdb_id=1)
    make_movie("From Rotten Tomatoes", source="rotten_tomatoes", tmdb_id=2)
    assert client.get("/api/radarr.json?channel=mubi").json() == [{"id": 1}]


def test_it_answers_400_for_a_bad_radarr_filter(client):
    response = client.get("/api/radarr.json?year=never")
    assert response.status_code == 400
    assert "error" in response.json()

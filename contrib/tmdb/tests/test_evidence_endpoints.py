"""Where the matcher's evidence comes from: `/search/tv`, and a film's record with its videos,
production companies and alternative titles. The double's answers, and the client's reading
of them."""

from datetime import date

import pytest
import requests

from contrib.tmdb.api import parse_movie_details, parse_tv_result
from contrib.tmdb.testing.search import TV_SEARCH_FIELDS
from contrib.tmdb.testing.server import FakeTMDB
from contrib.tmdb.types import TVResult


@pytest.fixture(scope="module")
def catalogue_tmdb():
    """The double serving the hard film catalogue and the series catalogue."""
    with FakeTMDB() as fake:
        yield fake


@pytest.fixture
def client(catalogue_tmdb, make_client):
    return make_client(catalogue_tmdb)


def get(fake: FakeTMDB, path: str, params=None) -> dict:
    headers = {"Authorization": f"Bearer {fake.token}"}
    response = requests.get(fake.url + path, params=params, headers=headers, timeout=5)
    assert response.status_code == 200
    return response.json()


def test_the_double_answers_a_series_search_in_tmdbs_shape(catalogue_tmdb):
    body = get(catalogue_tmdb, "/search/tv", {"query": "severance"})
    (series,) = body["results"]
    assert set(series) == set(TV_SEARCH_FIELDS)
    assert (series["id"], series["first_air_date"], series["origin_country"]) == (
        95396,
        "2022-02-17",
        ["US"],
    )


def test_the_double_finds_a_series_by_its_original_name(catalogue_tmdb):
    body = get(catalogue_tmdb, "/search/tv", {"query": "빈센조"})
    assert [s["name"] for s in body["results"]] == ["Vincenzo"]


def test_the_double_filters_series_by_first_air_year(catalogue_tmdb):
    body = get(catalogue_tmdb, "/search/tv", {"query": "shogun", "first_air_date_year": 1980})
    assert [s["id"] for s in body["results"]] == [12703]


def test_the_double_filters_series_on_the_air_in_a_year(catalogue_tmdb):
    body = get(catalogue_tmdb, "/search/tv", {"query": "the order", "year": 2020})
    assert [s["id"] for s in body["results"]] == [87917]
    assert get(catalogue_tmdb, "/search/tv", {"query": "the order", "year": 2022})["results"] == []


def test_the_double_finds_a_film_released_that_year_in_any_country_with_year(catalogue_tmdb):
    body = get(catalogue_tmdb, "/search/movie", {"query": "mother", "year": 2010})
    assert [f["id"] for f in body["results"]] == [30018]  # Korea 2009, the US 2010


def test_the_double_finds_only_the_primary_release_with_primary_release_year(catalogue_tmdb):
    body = get(catalogue_tmdb, "/search/movie", {"query": "mother", "primary_release_year": 2010})
    assert body["results"] == []


def test_the_double_finds_a_film_by_an_alternative_title_and_shows_its_main_title(
    catalogue_tmdb,
):
    body = get(catalogue_tmdb, "/search/movie", {"query": "Godzilla Resurgence"})
    assert [f["title"] for f in body["results"]] == ["Shin Godzilla"]


def test_the_double_appends_videos_and_alternative_titles_only_when_asked(catalogue_tmdb):
    asked = get(catalogue_tmdb, "/movie/315011", {"append_to_response": "alternative_titles"})
    plain = get(catalogue_tmdb, "/movie/315011")
    assert {"iso_3166_1": "GB", "title": "Godzilla Resurgence", "type": ""} in asked[
        "alternative_titles"
    ]["titles"]
    assert "alternative_titles" not in plain
    assert "videos" not in plain


def test_the_double_gives_a_films_production_companies(catalogue_tmdb):
    body = get(catalogue_tmdb, "/movie/1136867")
    assert "A24" in [c["name"] for c in body["production_companies"]]


def test_the_client_reads_series_search_results(client, catalogue_tmdb):
    (series,) = client.search_tv("Severance")
    assert series == TVResult(
        id=95396,
        name="Severance",
        original_name="Severance",
        original_language="en",
        first_air_date=date(2022, 2, 17),
        origin_country=("US",),
        overview=series.overview,
        poster_path=series.poster_path,
        popularity=80.0,
        vote_count=3200,
    )
    assert catalogue_tmdb.request_log[-1].path == "/3/search/tv"


def test_the_client_asks_no_series_for_a_blank_title(client, catalogue_tmdb):
    before = len(catalogue_tmdb.request_log)
    assert client.search_tv("  ") == []
    assert len(catalogue_tmdb.request_log) == before


def test_the_client_reads_a_films_youtube_keys_companies_and_alternative_titles(client):
    record = client.movie_details(30018, append=("external_ids", "videos", "alternative_titles"))
    assert record.youtube_keys == ("HLhAdlsS2G5",)  # MUBI's trailer in cases.json
    assert record.production_companies == ("CJ Entertainment", "Barunson E&A")
    assert client.movie_details(137113, append=("alternative_titles",)).alternative_titles == (
        "Live Die Repeat: Edge of Tomorrow",
        "Live Die Repeat",
        "All You Need Is Kill",
    )


def test_the_client_keeps_only_youtube_videos_with_a_key():
    record = parse_movie_details(
        {
            "id": 1,
            "videos": {
                "results": [
                    {"key": "abcdefghijk", "site": "YouTube"},
                    {"key": "123456", "site": "Vimeo"},
                    {"site": "YouTube"},
                    "not a video",
                ]
            },
        }
    )
    assert record.youtube_keys == ("abcdefghijk",)


def test_the_client_skips_a_series_without_an_id_or_a_name():
    assert parse_tv_result({"name": "Loki"}) is None
    assert parse_tv_result({"id": 84958, "name": " ", "original_name": ""}) is None
    assert parse_tv_result(["not", "a", "series"]) is None

"""The API's regional fields, named as the issue names them, and its `available` filter."""

import pytest

from contrib.tmdb.testing.facts import APPLE_TV, NETFLIX, offers, release, video
from movies.tests.regional_films import days, film_with_facts

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("empty_page_cache")]


@pytest.fixture
def orchard():
    return film_with_facts(
        "Glass Orchard",
        releases=[
            release("GB", 1, "2024-09-05"),
            release("GB", 2, "2025-03-07", "15"),
            release("GB", 3, "2025-03-14", "15"),
            release("GB", 4, "2025-05-02"),
            release("US", 3, "2025-04-01", "R"),
        ],
        watch={"GB": offers(stream=[NETFLIX], buy=[APPLE_TV], link="https://tmdb.example/w")},
        directors=["Ines Vale"],
        cast=["A", "B", "C", "D", "E", "F"],
        videos=[video("orchard0001", language="en")],
    )


def test_a_film_gives_its_facts_in_the_region_asked_for(client, orchard):
    body = client.get(f"/api/movies/{orchard.pk}/?region=gb").json()
    assert body["region"] == "GB"
    assert body["certification"] == "15"
    assert body["release_dates"] == {
        "premiere": "2024-09-05",
        "theatrical": "2025-03-07",  # the first limited or wide release
        "digital": "2025-05-02",
        "physical": None,
    }
    assert body["directors"] == ["Ines Vale"]
    assert body["cast"] == ["A", "B", "C", "D", "E"]
    assert body["watch"] == {
        "link": "https://tmdb.example/w",
        "stream": [{"name": "Netflix", "logo": f"https://image.tmdb.org/t/p/w92{NETFLIX[2]}"}],
        "rent": [],
        "buy": [{"name": "Apple TV", "logo": f"https://image.tmdb.org/t/p/w92{APPLE_TV[2]}"}],
    }
    (trailer,) = body["trailers"]
    assert (trailer["source"], trailer["language"]) == ("tmdb", "en")


def test_a_region_without_facts_gives_nulls_never_another_countrys(client, orchard):
    body = client.get(f"/api/movies/{orchard.pk}/?region=DE").json()
    assert body["certification"] is None
    assert set(body["release_dates"].values()) == {None}
    assert body["watch"] == {"link": None, "stream": [], "rent": [], "buy": []}


def test_a_region_that_is_no_country_answers_400(client, orchard):
    response = client.get(f"/api/movies/{orchard.pk}/?region=ZZ")
    assert response.status_code == 400
    assert "ISO 3166-1" in response.json()["error"]


def test_the_list_filters_by_availability_and_gives_each_films_status(client, orchard):
    film_with_facts("Soon", releases=[release("GB", 3, days(20))])
    body = client.get("/api/movies/?available=streaming&region=GB").json()
    assert body["region"] == "GB"
    (film,) = body["results"]
    assert film["title"] == "Glass Orchard"
    assert film["region_status"] == {"status": "streaming", "label": "Netflix", "date": None}
    (soon,) = client.get("/api/movies/?available=soon&region=GB").json()["results"]
    assert soon["region_status"]["status"] == "soon"


def test_the_list_refuses_on_my_services_which_needs_a_visitors_cookie(client):
    response = client.get("/api/movies/?available=services")
    assert response.status_code == 400
    assert response.json()["error"] == "available must be one of: cinemas, streaming, soon"


def test_any_other_address_under_the_api_answers_json(client):
    response = client.get("/api/movies/-1/")
    assert response.status_code == 404
    assert "openapi.json" in response.json()["error"]


def test_a_post_is_answered_405_not_as_a_forged_form(client):
    response = client.post("/api/movies/")
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"

"""In cinemas, streaming, coming soon, on my services: one set of rules for the list's
filters (SQL), the cards, the film page and the API; and the regional release sort."""

import re
from datetime import date, timedelta

import pytest

from contrib.tmdb.testing.facts import APPLE_TV, MUBI, NETFLIX, offers, release
from movies import availability, regions
from movies import cache as catalogue
from movies.models import Movie, MovieRegion
from movies.tests.regional_films import days, film_with_facts

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("empty_page_cache")]
TODAY = date(2025, 6, 1)


def card_titles(response) -> list[str]:
    return re.findall(r'<h2 class="card__title">([^<]*)</h2>', response.content.decode())


@pytest.mark.parametrize(
    ("cinemas", "digital", "streaming", "expected"),
    [
        (TODAY - timedelta(weeks=8), None, False, True),  # the 8th week still counts
        (TODAY - timedelta(weeks=8, days=1), TODAY - timedelta(days=1), False, False),
        (TODAY - timedelta(days=100), None, False, True),  # no digital release yet
        (TODAY - timedelta(days=100), TODAY + timedelta(days=5), False, True),  # not yet
        (TODAY - timedelta(days=100), None, True, False),  # streaming: gone home
        (TODAY - timedelta(days=184), None, False, False),  # too long ago to believe
        (TODAY + timedelta(days=1), None, False, False),  # not yet out
        (None, None, False, False),
    ],
)
def test_in_cinemas_by_the_rule_and_by_the_filter_alike(cinemas, digital, streaming, expected):
    film = Movie.objects.create(title="Film", title_key="film", source="mubi")
    MovieRegion.objects.create(
        movie=film, region="US", cinemas=cinemas, digital=digital, streaming=streaming
    )
    assert availability.in_cinemas(cinemas, digital, streaming, TODAY) is expected
    found = Movie.objects.filter(availability.condition("cinemas", "US", TODAY)).exists()
    assert found is expected


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        ({"streaming": True, "first_stream": "Netflix"}, ("streaming", "Netflix")),
        ({"cinemas": TODAY - timedelta(days=3)}, ("cinemas", "In cinemas")),
        ({"released": date(2025, 3, 14) + timedelta(days=365)}, ("soon", "Mar 14, 2026")),
        ({"released": date(2025, 7, 4)}, ("soon", "Jul 4")),
        ({"digital": TODAY - timedelta(days=400)}, ("digital", "On digital")),
    ],
)
def test_the_status_in_a_word(row, expected):
    status = availability.status(row, TODAY)
    assert (status.kind, status.label) == expected


def test_no_status_where_tmdb_says_nothing():
    assert availability.status({}, TODAY) is None


def test_the_in_cinemas_filter_keeps_films_in_cinemas_in_the_region(client):
    film_with_facts("Now Showing", releases=[release("US", 3, days(-10))])
    film_with_facts("Showing Elsewhere", releases=[release("GB", 3, days(-10))])
    film_with_facts(
        "Long Gone", releases=[release("US", 3, days(-400)), release("US", 4, days(-300))]
    )
    assert card_titles(client.get("/movies/?available=cinemas")) == ["Now Showing"]
    assert card_titles(client.get("/movies/?available=cinemas&region=GB")) == ["Showing Elsewhere"]


def test_the_streaming_filter_keeps_films_on_a_service_in_the_region(client):
    film_with_facts("On Netflix", watch={"US": offers(stream=[NETFLIX])})
    film_with_facts("To Rent", watch={"US": offers(rent=[APPLE_TV])})
    film_with_facts("In Britain", watch={"GB": offers(stream=[MUBI])})
    assert card_titles(client.get("/movies/?available=streaming")) == ["On Netflix"]


def test_the_coming_soon_filter_keeps_films_whose_first_release_is_to_come(client):
    film_with_facts("Next Month", releases=[release("US", 3, days(30))])
    film_with_facts(
        "Premiered Only", releases=[release("US", 1, days(-30)), release("US", 3, days(20))]
    )
    film_with_facts(
        "Out Already", releases=[release("US", 3, days(-30)), release("US", 4, days(30))]
    )
    assert card_titles(client.get("/movies/?available=soon")) == ["Premiered Only", "Next Month"]


def test_on_my_services_keeps_what_streams_on_the_visitors_services(client):
    film_with_facts("On Netflix", watch={"US": offers(stream=[NETFLIX])})
    film_with_facts("On MUBI", watch={"US": offers(stream=[MUBI])})
    client.cookies[regions.SERVICES_COOKIE] = "11"
    assert card_titles(client.get("/movies/?available=services")) == ["On MUBI"]
    client.cookies[regions.SERVICES_COOKIE] = "8.11"
    assert sorted(card_titles(client.get("/movies/?available=services"))) == [
        "On MUBI",
        "On Netflix",
    ]


def test_on_my_services_without_services_asks_for_them(client):
    film_with_facts("On Netflix", watch={"US": offers(stream=[NETFLIX])})
    page = client.get("/movies/?available=services").content.decode()
    assert "No services picked yet." in page
    assert card_titles(client.get("/movies/?available=services")) == []


def test_the_services_page_keeps_the_ticked_services_in_a_cookie(client):
    film_with_facts("On Netflix", watch={"US": offers(stream=[NETFLIX])})
    film_with_facts("On MUBI", watch={"US": offers(stream=[MUBI])})
    page = client.get("/movies/services/").content.decode()
    assert 'value="8"' in page
    assert 'value="11"' in page
    response = client.post("/movies/services/", {"service": ["11", "junk"]})
    assert response["Location"] == "/movies/?available=services"
    assert response.cookies[regions.SERVICES_COOKIE].value == "11"


def test_the_genre_filter_keeps_films_of_that_genre(client):
    film_with_facts("A Drama")
    Movie.objects.filter(title="A Drama").update(genres=["Drama", "Romance"])
    film_with_facts("A Comedy")
    Movie.objects.filter(title="A Comedy").update(genres=["Comedy"])
    catalogue.bump()
    assert card_titles(client.get("/movies/?genre=drama")) == ["A Drama"]
    assert card_titles(client.get("/movies/?genre=Romance")) == ["A Drama"]


def test_the_regional_sort_lists_films_with_a_date_there_newest_first(client):
    film_with_facts(
        "Earlier", releases=[release("GB", 3, "2025-01-10"), release("US", 3, "2025-05-01")]
    )
    film_with_facts(
        "Later", releases=[release("GB", 3, "2025-02-10"), release("US", 3, "2025-01-01")]
    )
    film_with_facts("Not In Britain", releases=[release("US", 3, "2025-03-01")])
    assert card_titles(client.get("/movies/?sort=regional&region=GB")) == ["Later", "Earlier"]
    assert card_titles(client.get("/movies/?sort=regional")) == [
        "Earlier",
        "Not In Britain",
        "Later",
    ]


def test_cards_show_the_regional_status_in_a_word(client):
    film_with_facts("On Netflix", watch={"US": offers(stream=[NETFLIX])})
    film_with_facts("Now Showing", releases=[release("US", 3, days(-3))])
    page = client.get("/movies/").content.decode()
    assert '<span class="tag tag--where tag--streaming">Netflix</span>' in page
    assert '<span class="tag tag--where tag--cinemas">In cinemas</span>' in page


def test_the_list_costs_no_query_per_film(client, django_assert_max_num_queries):
    for number in range(30):
        film_with_facts(f"Film {number}", watch={"US": offers(stream=[NETFLIX])})
    with django_assert_max_num_queries(5):
        assert client.get("/movies/?sort=regional&available=streaming").status_code == 200

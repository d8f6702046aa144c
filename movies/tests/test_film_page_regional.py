"""A film's page for the region in force: certificate, dates in words, services linking to
TMDB's watch page, JustWatch's credit, and fallbacks only ever under their country's name."""

import pytest

from contrib.tmdb.testing.facts import MUBI, NETFLIX, offers, release
from movies.tests.regional_films import days, film_with_facts

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("empty_page_cache")]
WATCH_LINK = "https://www.themoviedb.org/movie/1/watch?locale=US"


def page(client, film, region="US") -> str:
    return client.get(f"{film.get_absolute_url()}?region={region}").content.decode()


def test_it_shows_the_regions_certificate_dates_and_services(client):
    film = film_with_facts(
        "Glass Orchard",
        releases=[release("US", 3, days(-10), "PG-13"), release("US", 4, days(40))],
        watch={"US": offers(stream=[NETFLIX], rent=[MUBI], link=WATCH_LINK)},
        directors=["Ines Vale"],
        cast=["Ada Moss", "Bo Lind"],
    )
    html = page(client, film)
    assert '<span class="certificate__badge">PG-13</span>' in html
    assert "In cinemas since" in html
    assert "Streaming on Netflix" in html
    assert f'<a class="provider" href="{WATCH_LINK}" title="Stream: Netflix">' in html
    assert "https://image.tmdb.org/t/p/w92/" in html  # the services' logos
    assert "Ines Vale" in html
    assert "Ada Moss, Bo Lind" in html


def test_a_digital_release_to_come_is_announced_with_its_date(client):
    film = film_with_facts(
        "Glass Orchard", releases=[release("US", 3, days(-90)), release("US", 4, "2031-02-03")]
    )
    html = page(client, film)
    assert "Out on digital 3 February 2031" in html
    assert "In cinemas since" in html  # no digital release yet


def test_it_credits_justwatch_for_where_to_watch(client):
    film = film_with_facts("Glass Orchard", watch={"US": offers(stream=[NETFLIX])})
    assert 'offers from <a href="https://www.justwatch.com/">JustWatch</a>' in page(client, film)


def test_a_region_without_dates_says_so_and_labels_the_nearest_country(client):
    film = film_with_facts("Glass Orchard", releases=[release("US", 3, days(-10), "R")])
    html = page(client, film, "DE")
    assert "TMDB has no release dates for Germany." in html
    assert "Nearest we know: in United States, not Germany" in html
    assert "(in United States)" in html
    assert '<span class="certificate__badge">R</span> in United States' in html


def test_a_region_without_services_says_so_and_shows_another_countrys_only_by_name(client):
    film = film_with_facts("Glass Orchard", watch={"US": offers(stream=[NETFLIX])})
    html = page(client, film, "DE")
    assert "No streaming, rental or purchase offers in Germany that JustWatch knows of." in html
    assert "Nearest we know: in United States, not Germany" in html


def test_the_nearest_dates_are_the_first_countrys_when_none_of_the_nearest_has_any(client):
    film = film_with_facts(
        "Glass Orchard", releases=[release("KR", 3, "2024-02-01"), release("JP", 3, "2024-05-01")]
    )
    assert "Nearest we know: in South Korea, not Germany" in page(client, film, "DE")


def test_a_film_without_any_facts_says_so_for_the_region(client):
    film = film_with_facts("Glass Orchard")
    html = page(client, film, "GB")
    assert "TMDB has no release dates for United Kingdom." in html
    assert "No streaming, rental or purchase offers in United Kingdom" in html
    assert "Nearest we know" not in html


def test_the_film_page_costs_at_most_five_queries(client, django_assert_max_num_queries):
    film = film_with_facts("Glass Orchard", releases=[release("KR", 3, "2024-02-01")])
    with django_assert_max_num_queries(5):
        assert client.get(f"{film.get_absolute_url()}?region=DE").status_code == 200

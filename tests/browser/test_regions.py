"""The region in Chromium: switching it changes a film's dates and services, the
"Streaming" filter, and film pages with services and without any."""

import pytest

from contrib.tmdb.testing.facts import CURZON, MUBI, NETFLIX, offers, release
from movies.tests.regional_films import days, film_with_facts

pytestmark = pytest.mark.browser


def card_titles(visit) -> list[str]:
    return visit.page.locator(".card__title").all_inner_texts()


def test_switching_region_changes_the_dates_and_the_services(browse):
    film = film_with_facts(
        "Glass Orchard",
        releases=[release("US", 3, "2025-03-14", "PG"), release("GB", 3, "2025-04-04", "12A")],
        watch={"US": offers(stream=[NETFLIX]), "GB": offers(stream=[MUBI])},
    )
    visit = browse()
    visit.open(film.get_absolute_url())
    where = visit.page.locator(".where")
    assert "In United States" in where.inner_text()
    assert "14 March 2025" in where.inner_text()
    assert visit.page.get_by_title("Stream: Netflix").count() == 1

    visit.page.get_by_label("Region", exact=True).select_option("GB")
    visit.page.get_by_role("button", name="Set").click()
    visit.page.wait_for_url(f"**{film.get_absolute_url()}")
    where = visit.page.locator(".where")
    assert "In United Kingdom" in where.inner_text()
    assert "4 April 2025" in where.inner_text()
    assert "12A" in where.inner_text()
    assert visit.page.get_by_title("Stream: MUBI").count() == 1
    assert visit.page.get_by_title("Stream: Netflix").count() == 0

    visit.open("/movies/")  # the choice is kept for the next page
    assert visit.page.get_by_label("Region", exact=True).input_value() == "GB"


def test_the_streaming_filter_shows_what_streams_in_the_region(browse):
    film_with_facts("On Netflix", watch={"US": offers(stream=[NETFLIX])})
    film_with_facts("In Cinemas", releases=[release("US", 3, days(-5))])
    visit = browse()
    visit.open("/movies/")
    assert sorted(card_titles(visit)) == ["In Cinemas", "On Netflix"]
    assert sorted(visit.page.locator(".tag--where").all_inner_texts()) == ["In cinemas", "Netflix"]

    visit.page.get_by_label("Where").select_option("streaming")
    visit.page.get_by_role("button", name="Apply").click()
    visit.page.wait_for_url("**/movies/?*available=streaming*")
    assert card_titles(visit) == ["On Netflix"]
    assert visit.page.locator(".card .tag--where").inner_text() == "Netflix"


def test_a_film_page_with_services_links_their_logos_to_tmdb(browse):
    link = "https://www.themoviedb.org/movie/7/watch?locale=GB"
    film = film_with_facts(
        "Night Ferry", watch={"GB": offers(stream=[CURZON], rent=[MUBI], link=link)}
    )
    visit = browse()
    visit.open(f"{film.get_absolute_url()}?region=GB")
    logo = visit.page.get_by_role("link", name="Curzon Home Cinema")
    assert logo.get_attribute("href") == link
    logo.locator("img").wait_for()
    assert visit.page.get_by_role("link", name="JustWatch").count() >= 1
    assert not visit.csp_violations()


def test_a_film_page_without_services_says_so(browse):
    film = film_with_facts("Small Green Planet", releases=[release("US", 3, days(-5))])
    visit = browse()
    visit.open(film.get_absolute_url())
    text = visit.page.locator(".watch").inner_text()
    assert "No streaming, rental or purchase offers in United States" in text
    assert visit.page.locator(".provider").count() == 0

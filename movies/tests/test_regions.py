"""The region in force: `?region=` over the visitor's cookie over WHICHMOVIE_REGION, always
shown, and cached pages kept apart by region."""

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from contrib.tmdb.testing.facts import MUBI, NETFLIX, offers, release
from movies import regions
from movies.tests.regional_films import film_with_facts

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("empty_page_cache")]


def resolve(query="", cookie=None):
    request = RequestFactory().get(f"/movies/{query}")
    if cookie is not None:
        request.COOKIES[regions.REGION_COOKIE] = cookie
    return regions.resolve(request)


def test_without_a_choice_the_sites_region_is_in_force(settings):
    settings.WHICHMOVIE_REGION = "DE"
    assert resolve() == (regions.Region("DE", "default"), None)


def test_the_cookie_overrides_the_sites_region():
    assert resolve(cookie="gb")[0] == regions.Region("GB", "cookie")


def test_the_query_overrides_the_cookie():
    assert resolve("?region=fr", cookie="GB")[0] == regions.Region("FR", "query")


def test_a_region_that_is_no_country_is_a_problem_and_the_cookie_stays_in_force():
    region, problem = resolve("?region=XX", cookie="GB")
    assert region.code == "GB"
    assert problem == "region must be an ISO 3166-1 country code, such as US or GB"


def test_a_cookie_that_is_no_country_is_ignored():
    assert resolve(cookie="<script>")[0].source == "default"


def test_the_region_picker_keeps_the_choice_and_goes_back_without_the_query(client):
    response = client.get(
        "/movies/region/", {"region": "gb", "next": "/movies/?region=FR&year=2025"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/movies/?year=2025"
    cookie = response.cookies[regions.REGION_COOKIE]
    assert (cookie.value, cookie["samesite"], cookie["httponly"]) == ("GB", "Lax", True)


def test_the_region_picker_never_sends_a_visitor_to_another_site(client):
    response = client.get("/movies/region/", {"region": "GB", "next": "https://evil.example/"})
    assert response["Location"] == "/movies/"


def test_the_region_in_force_is_shown_on_every_page(client):
    client.cookies[regions.REGION_COOKIE] = "GB"
    for path in ("/movies/", "/movies/999999/"):
        page = client.get(path).content.decode()
        assert '<option value="GB" selected>United Kingdom</option>' in page


def test_pages_are_cached_apart_by_region_and_say_they_vary_by_cookie(client):
    film = film_with_facts(
        "Glass Orchard",
        releases=[release("US", 3, "2025-03-14"), release("GB", 3, "2025-04-04")],
        watch={"US": offers(stream=[NETFLIX]), "GB": offers(stream=[MUBI])},
    )
    us = client.get(film.get_absolute_url())
    client.cookies[regions.REGION_COOKIE] = "GB"
    gb = client.get(film.get_absolute_url())
    assert us["ETag"] != gb["ETag"]
    assert "Netflix" in us.content.decode()
    assert "Netflix" not in gb.content.decode()
    assert "4 April 2025" in gb.content.decode()
    assert "Cookie" in gb["Vary"]
    asked = client.get(film.get_absolute_url() + "?region=US").content.decode()
    assert "Netflix" in asked
    assert 'href="/movies/?region=US">← All films' in asked


def test_a_link_from_a_page_asked_for_a_region_keeps_it(client):
    film_with_facts("Glass Orchard", releases=[release("GB", 3, "2025-04-04")])
    page = client.get("/movies/?region=GB&sort=regional").content.decode()
    assert 'name="region" value="GB"' in page  # the filter form carries it on


def test_a_page_asked_for_a_region_is_never_a_copy_of_the_cookies_page(client):
    for number in range(30):  # two pages
        film_with_facts(f"Film {number}", releases=[release("GB", 3, "2025-04-04")])
    client.cookies[regions.REGION_COOKIE] = "GB"
    client.get("/movies/")  # cached for the cookie: its links say no region

    del client.cookies[regions.REGION_COOKIE]
    page = client.get("/movies/?region=GB").content.decode()

    assert 'href="/movies/?region=GB&amp;page=2"' in page


def test_films_on_a_page_asked_for_a_region_link_to_their_page_in_it(client):
    film = film_with_facts("Glass Orchard", releases=[release("GB", 3, "2025-04-04")])

    asked = client.get("/movies/?region=GB").content.decode()
    client.cookies[regions.REGION_COOKIE] = "GB"
    chosen = client.get("/movies/").content.decode()

    assert f'href="/movies/{film.pk}/?region=GB"' in asked
    assert f'href="/movies/{film.pk}/"' in chosen


def test_the_region_picker_never_redirects_to_an_empty_address(client):
    response = client.get("/movies/region/", {"region": "GB", "next": "?region=FR"})
    assert response["Location"] == "/movies/"


def test_saving_services_on_a_page_asked_for_a_region_keeps_the_services_of_others(client):
    film_with_facts("US only", watch={"US": offers(stream=[NETFLIX])})
    film_with_facts("In GB", watch={"GB": offers(stream=[MUBI])})
    client.cookies[regions.SERVICES_COOKIE] = "8"  # Netflix, which streams nothing in GB

    page = client.get("/movies/services/?region=GB").content.decode()
    assert 'action="/movies/services/?region=GB"' in page
    response = client.post("/movies/services/?region=GB", {"service": ["11"]})

    assert response["Location"] == "/movies/?available=services&region=GB"
    assert response.cookies[regions.SERVICES_COOKIE].value == "8.11"


def test_clearing_the_filters_keeps_the_region_the_address_chose(client):
    film_with_facts("Glass Orchard", releases=[release("GB", 3, "2025-04-04")])

    page = client.get("/movies/?region=GB&genre=Drama").content.decode()

    assert 'href="/movies/?region=GB">Clear</a>' in page


def test_a_list_on_my_services_counts_its_films_once(client):
    film_with_facts("Night Ferry", watch={"GB": offers(stream=[NETFLIX])})
    client.cookies[regions.SERVICES_COOKIE] = "8"

    with CaptureQueriesContext(connection) as captured:
        assert client.get("/movies/?available=services&region=GB").status_code == 200

    counts = [q["sql"] for q in captured.captured_queries if '"__count"' in q["sql"]]
    assert len(counts) == 1

import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.utils import timezone

from movies.models import ImageConfiguration, Movie
from movies.tests.factories import make_movie

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("empty_page_cache")]

ATOM = "{http://www.w3.org/2005/Atom}"


def entries(response) -> list[ET.Element]:
    return ET.fromstring(response.content).findall(f"{ATOM}entry")


def entry_titles(response) -> list[str]:
    return [entry.findtext(f"{ATOM}title") for entry in entries(response)]


def test_it_serves_an_atom_feed(client):
    response = client.get("/feed/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    assert feed.tag == f"{ATOM}feed"
    assert feed.findtext(f"{ATOM}title") == "WhichMovie: new films"


def test_it_lists_the_newest_50_films_newest_first(client):
    for number in range(55):
        make_movie(f"Film {number:02d}")
    titles = entry_titles(client.get("/feed/"))
    assert len(titles) == 50
    assert titles[:2] == ["Film 54", "Film 53"]


def test_it_orders_by_when_the_film_was_added(client):
    older = make_movie("Added first")
    make_movie("Added second")
    Movie.objects.filter(pk=older.pk).update(last_trailer_at=timezone.now() + timedelta(days=1))
    assert entry_titles(client.get("/feed/")) == ["Added second", "Added first"]


def test_it_leaves_out_rejected_films(client):
    make_movie("Not a film", status=Movie.Status.REJECTED)
    make_movie("A film")
    assert entry_titles(client.get("/feed/")) == ["A film"]


def test_it_links_each_entry_to_the_film_page(client):
    film = make_movie("Linked", year=2026, overview="What happens.")
    (entry,) = entries(client.get("/feed/"))
    assert entry.findtext(f"{ATOM}title") == "Linked (2026)"
    assert entry.find(f"{ATOM}link").get("href") == f"http://testserver/movies/{film.pk}/"
    assert entry.findtext(f"{ATOM}summary") == "What happens."


def test_it_keeps_markup_in_titles_as_text(client):
    make_movie("<b>Bold</b> & Brave")
    assert entry_titles(client.get("/feed/")) == ["<b>Bold</b> & Brave"]


def test_a_control_character_in_a_stored_synopsis_does_not_break_the_feed(client):
    # (PostgreSQL refuses NUL itself; TMDB's text loses it on the way in: contrib/tmdb.)
    make_movie("Drifter\x0b", overview="A drifter\x0bcomes to town.\x1f")

    response = client.get("/feed/")

    assert response.status_code == 200
    (entry,) = entries(response)
    assert entry.findtext(f"{ATOM}title") == "Drifter "
    assert entry.findtext(f"{ATOM}summary") == "A drifter comes to town. "


def test_it_answers_304_to_a_matching_etag(client):
    make_movie("Film")
    etag = client.get("/feed/")["ETag"]
    assert client.get("/feed/", headers={"if-none-match": etag}).status_code == 304


def test_it_costs_few_queries(client, django_assert_max_num_queries):
    for number in range(60):
        make_movie(f"Film {number}")
    ImageConfiguration.clear_cache()
    with django_assert_max_num_queries(2):
        assert client.get("/feed/").status_code == 200

import pytest
from django.core.management import call_command

from movies.models import DEMO_SOURCE, Movie, MovieRegion, Provider

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("empty_page_cache")]


def load(*args):
    call_command("load_demo", *args, stdout=open("/dev/null", "w"))  # noqa: SIM115


def titles(client, query: str) -> set[str]:
    return {film["title"] for film in client.get(f"/api/movies/?{query}").json()["results"]}


def test_the_sample_films_are_in_cinemas_streaming_and_coming_soon_whenever_loaded(client):
    load()

    assert titles(client, "available=cinemas") == {
        "The Lighthouse Keeper's Daughter",
        "Salt & Iron",
        "Juror #7",  # out on digital 3 days ago, in cinemas for 45 days: both
    }
    assert titles(client, "available=streaming") == {
        "Neon Harvest",
        "Paper Boats",
        "The Quiet Cartographer",
        "Amélie's Garden",
        "What the River Knows",
    }
    assert titles(client, "available=soon") == {"Static Bloom", "Blue Hour 2049"}
    assert titles(client, "available=streaming&region=GB") == {
        "Neon Harvest",
        "Paper Boats",
        "What the River Knows",
    }


def test_a_sample_film_has_its_certificate_credits_and_release_dates(client):
    load()
    juror = Movie.objects.get(title="Juror #7")

    body = client.get(f"/api/movies/{juror.pk}/").json()

    assert body["certification"] == "R"
    assert body["directors"] == ["Ines Vale"]
    assert body["release_dates"]["theatrical"] < body["release_dates"]["digital"]
    assert [p["name"] for p in body["watch"]["rent"]] == ["Apple TV", "Amazon Video"]


def test_loading_again_replaces_the_samples_and_clear_removes_them():
    load()
    load()
    assert Movie.objects.filter(source=DEMO_SOURCE).count() == 12

    load("--clear")

    assert not Movie.objects.filter(source=DEMO_SOURCE).exists()
    assert not MovieRegion.objects.exists()


def test_it_keeps_the_logo_real_films_gave_a_service():
    Provider.objects.create(id=8, name="Netflix", logo_path="/netflix-logo.jpg")

    load()

    assert Provider.objects.get(id=8).logo_path == "/netflix-logo.jpg"


def test_a_service_without_a_watch_page_is_named_not_linked(client):
    load()
    boats = Movie.objects.get(title="Paper Boats")

    page = client.get(f"/movies/{boats.pk}/").content.decode()

    assert '<span class="provider" title="Stream: MUBI"><span>MUBI</span></span>' in page
    assert 'href=""' not in page

"""The API answers as its OpenAPI document says, for every endpoint and parameter.

schemathesis reads `/api/openapi.json` from the app itself and asks each endpoint with
generated parameters (valid ones, and ones the document rules out): no answer is a 5xx, and
every answer matches the document (status, content type, and the body's shape to the
field). A film with every kind of fact checks the detail's shape on a real answer too.
"""

from datetime import timedelta

import pytest
import schemathesis
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.utils import timezone
from hypothesis import HealthCheck, settings
from schemathesis.checks import negative_data_rejection, positive_data_acceptance

from contrib.tmdb.api import parse_movie_details
from contrib.tmdb.testing.facts import NETFLIX, details_response, facts, offers, release, video
from movies import cache as catalogue
from movies.facts import store
from movies.models import Channel
from movies.tests.factories import make_movie, make_trailer

pytestmark = pytest.mark.django_db
# What is checked: no 5xx, a documented status and content type, and a body of the documented
# shape. Not checked: that valid input is accepted (a channel may not exist, a page may be
# past the end: both answer 400, as documented) and that input the document rules out is
# refused (the API forgives: an empty parameter is no filter, spaces around a value are
# dropped, a page size over 24 is capped).
EXCLUDED = [positive_data_acceptance, negative_data_rejection]
EXAMPLES = settings(
    max_examples=40,
    deadline=None,
    database=None,  # the suite writes no file outside temporary folders
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def rich_film():
    """A matched film with regional facts, a channel's trailer and one of TMDB's."""
    today = timezone.now().date()
    film = make_movie(
        "Rich Film", status="matched", tmdb_id=4242, poster_path="/p.jpg", genres=["Drama"]
    )
    make_trailer(film, "channel0001", channel=Channel.objects.get(slug="mubi"))
    details = parse_movie_details(
        details_response(
            {
                "id": 4242,
                "title": "Rich Film",
                **facts(
                    releases=[
                        release("US", 3, (today - timedelta(days=10)).isoformat(), "R"),
                        release("GB", 4, (today + timedelta(days=30)).isoformat(), "15"),
                    ],
                    watch={"US": offers(stream=[NETFLIX])},
                    directors=["A Director"],
                    cast=["One", "Two"],
                    videos=[video("tmdbtrailer")],
                ),
            }
        )
    )
    store(film, details, now=timezone.now())
    catalogue.bump()
    return film


# Read from the app itself, as a client would (the document needs no database).
schema = schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())


@pytest.fixture(autouse=True)
def connection_kept_open():
    """The app is called as a WSGI server would, which closes the database connection after
    each request: the test's transaction must outlive them, as Django's test client does."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def catalogue_with_facts(db):
    cache.clear()
    film = rich_film()
    make_movie("Plain Film", year=2024)
    yield film
    cache.clear()


@schema.parametrize()
@EXAMPLES
def test_every_answer_matches_the_document(case, catalogue_with_facts):
    case.call_and_validate(excluded_checks=EXCLUDED)


@pytest.mark.parametrize("region", ["US", "GB", "FR", "gb"])
def test_a_film_with_every_fact_matches_the_document(catalogue_with_facts, region):
    film = schema["/api/movies/{id}/"]["GET"]
    case = film.Case(path_parameters={"id": catalogue_with_facts.pk}, query={"region": region})
    response = case.call_and_validate(excluded_checks=EXCLUDED)
    assert response.status_code == 200
    body = response.json()
    assert body["region"] == region.upper()
    assert body["trailers"][-1]["source"] == "tmdb"


def test_the_document_names_every_parameter_the_filters_read(monkeypatch):
    """A parameter the API reads but the document leaves out would never be tested."""
    from django.http import QueryDict

    from movies.filters import parse_filters
    from movies.openapi import document

    read = set()
    original = QueryDict.get
    monkeypatch.setattr(
        QueryDict, "get", lambda self, key, *a: read.add(key) or original(self, key, *a)
    )
    parse_filters(QueryDict(""), api=True)
    listed = {p["name"] for p in document()["paths"]["/api/movies/"]["get"]["parameters"]}
    assert read - {"region"} <= listed  # region is read by movies.regions, and listed
    assert "region" in listed

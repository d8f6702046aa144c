from unittest import mock

import pytest
from django.db.utils import OperationalError

pytestmark = pytest.mark.django_db


def test_it_reports_a_healthy_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["ok"] is True
    assert body["database"]["ok"] is True
    assert body["broker"]["ok"] is None  # REDIS_URL unset in tests


def test_it_answers_503_when_the_database_is_down(client):
    with mock.patch("movies.health.connection.cursor", side_effect=OperationalError("down")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == {"ok": False, "error": "OperationalError"}


@pytest.mark.redis
def test_it_reports_the_broker_when_redis_is_configured(client, settings, redis_url):
    settings.REDIS_URL = redis_url
    from movies.health import _redis_client

    _redis_client.cache_clear()
    response = client.get("/healthz")
    _redis_client.cache_clear()
    assert response.json()["broker"]["ok"] is True


def test_it_reports_the_broker_down_and_stays_200(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:9/0"
    from movies.health import _redis_client

    _redis_client.cache_clear()
    response = client.get("/healthz")
    _redis_client.cache_clear()
    assert response.status_code == 200
    assert response.json()["broker"] == {"ok": False, "error": "ConnectionError"}


def test_it_redirects_the_root_to_the_movie_list(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/movies/"

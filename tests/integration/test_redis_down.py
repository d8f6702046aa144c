"""Redis stopped under a running site: gunicorn keeps serving pages, and /healthz says
the broker is down while the database answers."""

import json
import urllib.error
import urllib.request

import pytest

from movies.tests.factories import make_movie
from tests.integration.processes import process_env, start_gunicorn

pytestmark = pytest.mark.django_db(transaction=True)
DEAD_REDIS = "redis://127.0.0.1:9/0"  # nothing listens on the discard port


@pytest.fixture
def site(tmp_path):
    server, base = start_gunicorn(process_env(tmp_path, REDIS_URL=DEAD_REDIS))
    yield base
    server.terminate()
    server.wait(timeout=10)


def get(url: str) -> tuple[int, bytes]:
    # Redis's one-second socket timeouts bound each answer; the timeout here only stops a
    # hung server from hanging the suite.
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def test_pages_keep_serving_and_healthz_reports_the_broker_down(site):
    movie = make_movie("Anora", year=2024)
    for path in ("/movies/", f"/movies/{movie.pk}/", "/movies/?q=anora", "/admin/login/"):
        status, body = get(site + path)
        assert status == 200, (path, body[-500:])
    status, body = get(f"{site}/healthz")
    health = json.loads(body)
    assert status == 200
    assert health["database"]["ok"] is True
    assert health["broker"]["ok"] is False

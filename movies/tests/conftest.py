from functools import partial

import pytest
from django.core.cache import cache

from contrib.tmdb.testing.clients import quick_clients
from contrib.tmdb.testing.server import DEFAULT_TOKEN, FakeTMDB
from movies.tmdb import get_client


@pytest.fixture
def empty_page_cache():
    """The page cache is process-wide: a page one test cached must not answer another."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def fake_tmdb():
    """The TMDB double serving the hard catalogue (contrib/tmdb/testing/catalogue.json)."""
    with FakeTMDB() as fake:
        yield fake


@pytest.fixture
def make_tmdb_client():
    """Clients of a double that retry quickly, so fault tests stay fast."""
    with quick_clients() as make:
        yield lambda fake: make(fake, max_retries=2)


@pytest.fixture
def tmdb_client(fake_tmdb, make_tmdb_client):
    """A client of the double serving the hard catalogue."""
    return make_tmdb_client(fake_tmdb)


@pytest.fixture
def tmdb_settings(settings, fake_tmdb):
    """Point the project's own client wiring (settings + get_client) at the double."""
    settings.TMDB_API_URL = fake_tmdb.url
    settings.TMDB_READ_ACCESS_TOKEN = DEFAULT_TOKEN
    settings.ENRICH_CONCURRENCY = 1
    get_client.cache_clear()
    yield settings
    get_client.cache_clear()


@pytest.fixture
def run_jobs(monkeypatch, django_capture_on_commit_callbacks):
    """`with run_jobs(): ...`: the admin's jobs (movies.dispatch) run in the test's own thread
    when the request's transaction commits, instead of in a background thread."""
    from movies import dispatch

    monkeypatch.setattr(dispatch, "start_thread", dispatch.run_here)
    return partial(django_capture_on_commit_callbacks, execute=True)

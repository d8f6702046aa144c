import uuid

import pytest

from contrib.tmdb.testing.clients import quick_clients
from contrib.tmdb.testing.server import SAMPLE_FILMS, FakeTMDB


class FakeClock:
    """Time that only moves when someone sleeps; the sleeps are recorded."""

    def __init__(self, now: float = 1_000.0) -> None:
        self.now = now
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock():
    """A fake clock for limiters and the double: pass `clock` and `clock.sleep`."""
    return FakeClock()


@pytest.fixture
def fake_tmdb():
    # Pinned films, so these tests do not depend on the shared catalogue.
    with FakeTMDB([dict(f) for f in SAMPLE_FILMS]) as fake:
        yield fake


@pytest.fixture
def make_client():
    with quick_clients() as make:
        yield make


@pytest.fixture
def client(fake_tmdb, make_client):
    return make_client(fake_tmdb)


@pytest.fixture
def redis_key(redis_url):
    """A fresh key prefix in the suite's Redis test database (`redis_url` and the `redis`
    marker, which skips on a laptop without Redis and fails on CI, are the root conftest's)."""
    import redis

    key = f"test:tmdb:{uuid.uuid4().hex}"
    yield key
    r = redis.Redis.from_url(redis_url)
    for name in r.scan_iter(f"{key}:*"):
        r.delete(name)
    r.close()

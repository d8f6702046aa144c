"""Clients of the TMDB double for tests: no rate limit, quick retries, closed afterwards."""

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from contrib.tmdb.api import TMDBClient
from contrib.tmdb.ratelimit import NullLimiter
from contrib.tmdb.testing.server import FakeTMDB


@contextmanager
def quick_clients() -> Iterator[Callable[..., TMDBClient]]:
    """Yield `make(fake=None, **options)`: a client of `fake` that retries after 10 ms, so
    fault tests stay fast; `options` override any argument. All are closed on exit."""
    made: list[TMDBClient] = []

    def make(fake: FakeTMDB | None = None, **options) -> TMDBClient:
        defaults = {
            "api_url": fake.url if fake and "api_url" not in options else None,
            "read_access_token": fake.token if fake else None,
            "limiter": NullLimiter(),
            "backoff": 0.01,
            "timeout": (1, 2),
        }
        client = TMDBClient(**{**defaults, **options})
        made.append(client)
        return client

    try:
        yield make
    finally:
        for client in made:
            client.close()

"""Enrichment against TMDB's rate limit: 240 films, the double at 80 ms latency enforcing
40 requests/s. Two calls per film (search, details) make the ceiling 20 films/s.

Target: at least 0.85 of the ceiling (17 films/s) with fewer than 5% of calls answered 429.
"""

import time

from bench.common import Result, setup_django
from bench.fixtures import listing_and_films

FILMS = 240
LATENCY = 0.08
RATE = 40
CEILING = RATE / 2  # films per second at two calls per film
TARGET = 0.85


def main() -> Result:
    setup_django(TMDB_MAX_RPS=str(RATE))
    from contrib.tmdb.api import TMDBClient
    from contrib.tmdb.ratelimit import LocalLimiter
    from contrib.tmdb.testing import process
    from contrib.tmdb.testing.server import DEFAULT_TOKEN
    from contrib.youtube.api import parse_listing
    from movies.enrichment import enrich_due
    from movies.fetching import save_listing
    from movies.models import Channel, Movie

    listing, films = listing_and_films(FILMS, seed=7)
    channel = Channel.objects.get(slug="rotten_tomatoes")
    save_listing(channel, parse_listing(channel.url, listing, limit=FILMS))
    assert Movie.objects.pending().count() == FILMS

    with process.fake_tmdb_process(films, latency=LATENCY, rate_limit=RATE) as url:
        client = TMDBClient(
            api_url=url,
            read_access_token=DEFAULT_TOKEN,
            limiter=LocalLimiter(rate_per_second=RATE, max_concurrent=10),
        )
        process.reset_stats(url)
        started = time.perf_counter()
        summary = enrich_due(client=client, concurrency=8)
        elapsed = time.perf_counter() - started
        served = process.stats(url)

    films_per_second = summary.processed / elapsed
    calls = served["requests"]
    answered_429 = served["rate_limited"]
    share_429 = answered_429 / calls if calls else 0.0
    ratio = films_per_second / CEILING
    return Result(
        name=f"Enrichment: {FILMS} films, double at {LATENCY * 1000:.0f} ms and {RATE} req/s",
        target=f">= {TARGET:.2f} of {CEILING:.0f} films/s, < 5% of calls answered 429",
        met=ratio >= TARGET and share_429 < 0.05,
        figures={
            "seconds": f"{elapsed:.1f}",
            "films/s": f"{films_per_second:.1f}",
            "share of ceiling": f"{ratio:.2f}",
            "calls (incl. /configuration)": calls,
            "calls per film": f"{(calls - 1) / summary.processed:.2f}",
            "429 answers": f"{answered_429} ({share_429:.1%})",
            "matched": summary.results["matched"],
            "needs review": summary.results["needs_review"],
            "not found": summary.results["not_found"],
        },
        notes="Client: LocalLimiter(40/s, 10 connections), 8 films in flight.",
    )


if __name__ == "__main__":
    main().print()

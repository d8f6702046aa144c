"""Save stage throughput: 5,000 listing entries of which 2,000 are already stored.

Target: at most 1 second on SQLite. Prints the time and the number of SQL queries.
"""

import time
from dataclasses import replace

from bench.common import Result, setup_django

TOTAL = 5_000
ALREADY_STORED = 2_000
TARGET_SECONDS = 1.0


def main() -> Result:
    setup_django()
    from django.db import connection

    from contrib.youtube.api import parse_listing
    from contrib.youtube.testing.synthetic import make_listing
    from movies.fetching import save_listing
    from movies.models import Channel, Movie, Trailer

    channel = Channel.objects.get(slug="rotten_tomatoes")
    listing = parse_listing(channel.url, make_listing(TOTAL, seed=11), limit=TOTAL)
    older = replace(listing, entries=listing.entries[-ALREADY_STORED:])
    save_listing(channel, older)

    queries = 0

    def count(execute, sql, params, many, context):
        # Counting only: capturing the SQL text too would slow the very thing measured.
        nonlocal queries
        queries += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        started = time.perf_counter()
        summary = save_listing(channel, listing)
        elapsed = time.perf_counter() - started

    assert summary.new_trailers == TOTAL - ALREADY_STORED, summary
    assert Trailer.objects.count() == TOTAL
    return Result(
        name="Save stage: 5,000 entries, 2,000 already stored (SQLite)",
        target=f"<= {TARGET_SECONDS:.1f} s",
        met=elapsed <= TARGET_SECONDS,
        figures={
            "seconds": f"{elapsed:.3f}",
            "entries/s": f"{TOTAL / elapsed:,.0f}",
            "SQL queries": queries,
            "new films": summary.new_films,
            "new trailers": summary.new_trailers,
            "films in database": Movie.objects.count(),
        },
        notes="Queries: fixed lookups plus inserts batched by SQLite's 999-parameter limit.",
    )


if __name__ == "__main__":
    main().print()

"""Save stage throughput: 5,000 listing entries of which 2,000 are already stored.

Target: at most 1 second on SQLite. Prints the time and the number of SQL queries.
"""

import time

from bench.common import Result, setup_django

TOTAL = 5_000
ALREADY_STORED = 2_000
TARGET_SECONDS = 1.0


def main() -> Result:
    setup_django()
    from django.db import connection

    from contrib.youtube.api import ChannelListing, VideoEntry
    from contrib.youtube.testing import make_listing
    from movies.fetching import save_listing
    from movies.models import Channel, Movie, Trailer

    raw = make_listing(TOTAL, seed=11)["entries"]
    entries = tuple(
        VideoEntry(video_id=e["id"], title=e["title"], url=e["url"], duration=None, position=i)
        for i, e in enumerate(raw)
    )
    channel = Channel.objects.get(slug="rotten_tomatoes")
    url = channel.url
    save_listing(channel, ChannelListing(url, "bench", entries[-ALREADY_STORED:], skipped={}))

    queries = 0

    def count(execute, sql, params, many, context):
        # Counting only: capturing the SQL text too would slow the very thing measured.
        nonlocal queries
        queries += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        started = time.perf_counter()
        summary = save_listing(channel, ChannelListing(url, "bench", entries, skipped={}))
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

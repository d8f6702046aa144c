"""Enrichment memory with a backlog of 100,000 pending films: films are read a batch of ids at
a time, so the memory a run needs does not grow with the backlog or with the films done.

Target: the peak while enriching 4,000 films is under 1.5 x the peak for 1,000 films, and
under 50 MB. TMDB is replaced by an in-process stub that finds nothing (no HTTP), so the
run measures the pipeline's own memory.
"""

import time
import tracemalloc

from bench.common import Result, setup_django

BACKLOG = 100_000
SMALL, LARGE = 1_000, 4_000
TARGET_GROWTH = 1.5
TARGET_MB = 50


class NothingFound:
    """Stands in for TMDBClient: every search, of films or of series, comes back empty."""

    has_credentials = True

    def __init__(self):
        from contrib.tmdb.api import ClientStats

        self.stats = ClientStats()

    def configuration(self):
        from contrib.tmdb.types import ImageConfig

        return ImageConfig()

    def search_movie(self, query, **options):
        return []

    def search_tv(self, query, **options):
        return []


def main() -> Result:
    setup_django()
    from movies.enrichment import enrich_due
    from movies.models import Movie

    started = time.perf_counter()
    Movie.objects.bulk_create(
        (Movie(title=f"Film {n}", title_key=f"film {n}", source="bench") for n in range(BACKLOG)),
        batch_size=2_000,
    )
    created = time.perf_counter() - started

    def peak_mb(limit: int) -> tuple[float, float]:
        tracemalloc.start()
        began = time.perf_counter()
        summary = enrich_due(limit=limit, concurrency=1, client=NothingFound())
        seconds = time.perf_counter() - began
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        assert summary.processed == limit, summary.line()
        return peak / 1024 / 1024, seconds

    small, small_seconds = peak_mb(SMALL)
    large, large_seconds = peak_mb(LARGE)
    growth = large / small
    rate = (SMALL + LARGE) / (small_seconds + large_seconds)
    return Result(
        name=f"Enrichment memory with {BACKLOG:,} pending films (SQLite, TMDB stubbed)",
        target=f"peak for {LARGE:,} films < {TARGET_GROWTH} x peak for {SMALL:,}, < {TARGET_MB} MB",
        met=growth < TARGET_GROWTH and large < TARGET_MB,
        figures={
            f"peak MB, {SMALL:,} films": f"{small:.1f}",
            f"peak MB, {LARGE:,} films": f"{large:.1f}",
            "growth": f"{growth:.2f}x",
            "films/s under tracemalloc": f"{rate:,.0f}",
            "backlog created in": f"{created:.1f} s",
        },
        notes="Due films are paged by id, 500 at a time; nothing holds the whole backlog.",
    )


if __name__ == "__main__":
    main().print()

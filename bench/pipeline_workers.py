"""The pipeline in production shape: a fetch actor fans 400 new films out to two real
`rundramatiq` worker processes (4 threads each) on Redis and PostgreSQL, which enrich them
against the TMDB double (80 ms latency, 40 requests in any second) under the shared Redis
rate limiter.

Target: enrichment's TMDB calls reach >= 0.8 of the limit with fewer than 5% answered 429.
Films/s follows from the calls each film needs (about two: a search and its record; an
undated trailer that TMDB's record does not list also gets a series search), which is the
matcher's business and is counted by `bench.accuracy`; here the fan-out is measured.
"""

import os

import psycopg2

from bench.common import Result, accepted_per_second, setup_django
from bench.fixtures import listing_and_films

FILMS = 400
RATE = 40
TARGET = 0.8
HANDLE = "@BenchTrailers"
SERVER = os.environ.get("BENCH_POSTGRES", "postgres://root@127.0.0.1:5432")
DATABASE = "whichmovie_bench"
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")


def fresh_database() -> str:
    conn = psycopg2.connect(f"{SERVER}/postgres")
    conn.autocommit = True  # CREATE/DROP DATABASE cannot run in a transaction
    with conn.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
        cursor.execute(f"CREATE DATABASE {DATABASE}")
    conn.close()
    return f"{SERVER}/{DATABASE}"


def main() -> Result:
    database_url = setup_django(fresh_database())
    from django.db.models import Max, Min

    from contrib.tmdb.testing import process
    from movies import tasks
    from movies.models import Channel, Movie, PipelineRun
    from tests.integration.workers import running_workers, wait_until

    listing, films = listing_and_films(FILMS, seed=9, handle=HANDLE)
    url = f"https://www.youtube.com/{HANDLE}/videos"
    Channel.objects.create(slug="bench", name="Bench trailers", url=url, window=FILMS)

    def done() -> bool:
        fetched = PipelineRun.objects.filter(job="fetch", outcome="ok").exists()
        return fetched and not Movie.objects.filter(status=Movie.Status.PENDING).exists()

    with (
        process.fake_tmdb_process(films, latency=0.08, rate_limit=RATE) as tmdb_url,
        running_workers(
            database_url=database_url,
            redis_url=REDIS_URL,
            listings={url: listing},
            tmdb_url=tmdb_url,
            TMDB_MAX_RPS=str(RATE),
            LOG_LEVEL="WARNING",
        ) as workers,
    ):
        workers.start(processes=2, threads=4)
        workers.send(tasks.fetch_channel_videos, "bench", "bench")
        wait_until(done, timeout=300, message="the pipeline did not finish in 5 minutes")
        served = process.stats(tmdb_url)

    matched = Movie.objects.filter(status=Movie.Status.MATCHED).count()
    window = Movie.objects.aggregate(first=Min("last_attempt_at"), last=Max("last_attempt_at"))
    seconds = (window["last"] - window["first"]).total_seconds()
    films_per_second = (FILMS - 1) / seconds
    share_429 = served["rate_limited"] / served["requests"]
    calls_per_film = served["requests"] / FILMS
    ratio = accepted_per_second(served) / RATE  # measured at the double, as bench.enrich_rate
    return Result(
        name=f"Pipeline: {FILMS} films fanned out to 2 worker processes (Redis, PostgreSQL)",
        target=f">= {TARGET:.1f} of {RATE} calls/s, < 5% of calls answered 429, every film matched",
        met=ratio >= TARGET and share_429 < 0.05 and matched == FILMS,
        figures={
            "enrichment seconds": f"{seconds:.1f}",
            "films/s": f"{films_per_second:.1f}",
            "TMDB calls": served["requests"],
            "calls per film": f"{calls_per_film:.2f}",
            "share of limit (accepted calls/s)": f"{ratio:.2f}",
            "429 answers": f"{served['rate_limited']} ({share_429:.1%})",
            "matched": matched,
            "films": Movie.objects.count(),
        },
        notes=(
            "Workers: rundramatiq --processes 2 --threads 4; one RedisLimiter under "
            "TMDB_MAX_RPS=40; the double allows 40 requests in any second (sliding window)."
        ),
    )


if __name__ == "__main__":
    main().print()

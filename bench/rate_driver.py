"""One client process of `bench.enrich_rate`: looks films up in the TMDB double as an
enrichment run does (a search with the year, then the details of the first result), a few
films at a time, through one TMDBClient and its limiter, and prints what it saw as JSON.

    python -m bench.rate_driver --url http://127.0.0.1:PORT/3 --queries queries.json \\
        --part 0/2 --threads 4 --max-rps 40 [--redis-url redis://... --redis-key KEY]
"""

import argparse
import json
import logging
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import redis

from contrib.tmdb.api import TMDBClient
from contrib.tmdb.exceptions import TMDBError
from contrib.tmdb.ratelimit import LocalLimiter, RedisLimiter
from contrib.tmdb.testing.server import DEFAULT_TOKEN


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True, help="the double's TMDB_API_URL")
    parser.add_argument("--queries", required=True, help="JSON list of [title, year]")
    parser.add_argument("--part", default="0/1", help="i/n: every n-th query from the i-th")
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--max-rps", type=float, default=40)
    parser.add_argument("--max-connections", type=int, default=10)
    parser.add_argument("--redis-url", help="share a RedisLimiter instead of a LocalLimiter")
    parser.add_argument("--redis-key", default="bench:enrich_rate")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.ERROR)  # each retry's warning is counted, not printed

    index, parts = (int(n) for n in args.part.split("/"))
    queries = json.loads(Path(args.queries).read_text())[index::parts]
    if args.redis_url:
        limiter = RedisLimiter(
            redis.Redis.from_url(args.redis_url),
            key=args.redis_key,
            max_rate=args.max_rps,
            max_concurrent=args.max_connections,
        )
    else:
        limiter = LocalLimiter(max_rate=args.max_rps, max_concurrent=args.max_connections)
    client = TMDBClient(
        api_url=args.url,
        read_access_token=DEFAULT_TOKEN,
        limiter=limiter,
        pool_size=args.max_connections,
    )

    def look_up(query: list) -> bool:
        title, year = query
        try:
            results = client.search_movie(title, year=year)
            if results:
                client.movie_details(results[0].id)
        except TMDBError:
            return False
        return True

    with ThreadPoolExecutor(args.threads) as pool:
        done = list(pool.map(look_up, queries))
    print(
        json.dumps(
            {
                "films": len(queries),
                "failed": done.count(False),
                **client.stats.snapshot(),
                "learned_rate": round(limiter.state.rate, 2),
            }
        )
    )


if __name__ == "__main__":
    main()

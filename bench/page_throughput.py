"""Page throughput: the film list against `/healthz`, on gunicorn with 2 workers, 10,000 films.

Target: `/movies/` (the first page and page 50) serves at least half the requests per
second that `/healthz` serves (a one-query JSON view: the floor of what Django answers).
Load comes from `wrk` when installed (apt-get install wrk), else from a small threaded
Python client, which is slower and so flatters the ratio less precisely.

    python -m bench.page_throughput [--seconds 10] [--redis] [--json]

`--redis` adds a second run with the page cache in Redis (redis://127.0.0.1:6379/14).
"""

import argparse
import http.client
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from datetime import date, timedelta

from bench.common import ROOT, Result, setup_django

FILMS = 10_000
TARGET_RATIO = 0.5
PAGES = ["/movies/", "/movies/?page=50"]
BASELINE = "/healthz"
WORKERS = 2
THREADS = 4  # as `make run`
CONNECTIONS = 16
# Interleaved rounds, median taken: a burst of noise on this shared machine hits one
# round of one URL, not the whole figure.
ROUNDS = 3
REDIS_URL = "redis://127.0.0.1:6379/14"


def main() -> Result:
    options = _options()
    database_url = setup_django()
    _fill_catalogue(FILMS)

    variants = {"": ""}
    if options.redis:
        variants["redis "] = REDIS_URL
    generator = "wrk" if shutil.which("wrk") else "python threads"
    figures: dict[str, object] = {"films": f"{FILMS:,}", "load generator": generator}
    ratios = []
    for label, redis_url in variants.items():
        if redis_url:
            _flush_redis(redis_url)
        with _gunicorn(database_url, redis_url) as base_url:
            for url in PAGES:
                figures[f"{label}{url} first render ms"] = f"{_time_once(base_url + url):.0f}"
            rates = _median_rates(base_url, options.seconds)
        for url, rate in rates.items():
            figures[f"{label}{url} req/s"] = f"{rate:,.0f}"
        for url in PAGES:
            ratio = rates[url] / rates[BASELINE]
            ratios.append(ratio)
            figures[f"{label}ratio {url} / {BASELINE}"] = f"{ratio:.2f}"

    return Result(
        name=f"Page throughput: gunicorn {WORKERS} workers x {THREADS} threads, "
        f"{FILMS:,} films (SQLite)",
        target=f"/movies/ and /movies/?page=50 >= {TARGET_RATIO} x the req/s of {BASELINE}",
        met=min(ratios) >= TARGET_RATIO,
        figures=figures,
        notes=f"{generator}, {CONNECTIONS} connections, {options.seconds:.0f} s per URL "
        f"(median of {ROUNDS} interleaved rounds); "
        "anonymous pages come from the page cache keyed by the catalogue version.",
    )


def _median_rates(base_url: str, seconds: float) -> dict[str, float]:
    samples: dict[str, list[float]] = {url: [] for url in [BASELINE, *PAGES]}
    for _ in range(ROUNDS):
        for url, rates in samples.items():
            rates.append(_rate(base_url + url, seconds / ROUNDS))
    return {url: statistics.median(rates) for url, rates in samples.items()}


def _options() -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.page_throughput")
    parser.add_argument("--seconds", type=float, default=10.0, help="load time per URL")
    parser.add_argument("--redis", action="store_true", help=f"also run with {REDIS_URL}")
    parser.add_argument("--json", action="store_true", help="also print a BENCH-RESULT line")
    return parser.parse_known_args()[0]  # `python -m bench` may pass its own flags


def _fill_catalogue(count: int) -> None:
    """10,000 films as the pipeline leaves them: most matched, with posters and a trailer."""
    from django.utils import timezone

    from contrib.text import fold
    from movies import cache
    from movies.models import Channel, Movie, Trailer

    channels = list(Channel.objects.filter(slug__in=["rotten_tomatoes", "mubi"]))
    now = timezone.now()
    films = []
    for number in range(count):
        title = f"Bench Film {number:05d}"
        matched = number % 10 < 7
        films.append(
            Movie(
                title=title,
                title_key=fold(title),
                original_title=f"{title.upper()} | Official Trailer",
                source=channels[number % 2].slug,
                year=2000 + number % 27,
                release_date=date(2000 + number % 27, 1 + number % 12, 1 + number % 28),
                status=Movie.Status.MATCHED if matched else Movie.Status.PENDING,
                tmdb_id=100_000 + number if matched else None,
                poster_path=f"/poster{number}.jpg" if number % 5 else None,
                genres=["Drama", "Thriller"][: 1 + number % 2],
                vote_average=5 + (number % 50) / 10,
                overview="A film made for the benchmark. " * 4,
                last_trailer_at=now - timedelta(minutes=number),
            )
        )
    films = Movie.objects.bulk_create(films, batch_size=500)
    Trailer.objects.bulk_create(
        [
            Trailer(
                movie=film,
                video_id=f"bench{film.pk:06d}",
                title=film.original_title,
                channel=channels[index % 2],
            )
            for index, film in enumerate(films)
        ],
        batch_size=500,
    )
    cache.bump()


def _flush_redis(url: str) -> None:
    import redis

    redis.Redis.from_url(url).flushdb()


class _gunicorn:
    """A gunicorn serving the bench database on a free port, stopped on exit."""

    def __init__(self, database_url: str, redis_url: str):
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "whichmovie.settings",
            "DJANGO_SECRET_KEY": os.environ.get("DJANGO_SECRET_KEY", "bench-only-secret-key"),
            "DJANGO_DEBUG": "0",
            "DJANGO_SECURE": "0",
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            # The bench requests no static file: skip collectstatic and its manifest.
            "DJANGO_STATICFILES_STORAGE": "django.contrib.staticfiles.storage.StaticFilesStorage",
            "DATABASE_URL": database_url,
            "REDIS_URL": redis_url,
            "LOG_LEVEL": "WARNING",
            "PYTHONWARNINGS": "ignore:No directory at:UserWarning",  # no collectstatic here
        }

    def __enter__(self) -> str:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "whichmovie.wsgi",
                f"--bind=127.0.0.1:{port}",
                f"--workers={WORKERS}",
                f"--threads={THREADS}",
                "--log-level=warning",
            ],
            cwd=ROOT,
            env=self.env,
        )
        base_url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if _get(base_url + BASELINE)[0] == 200:
                    return base_url
            except OSError:
                time.sleep(0.1)
        self.__exit__()
        raise RuntimeError("gunicorn did not answer /healthz within 30 s")

    def __exit__(self, *exc) -> None:
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


def _split(url: str) -> tuple[str, int, str]:
    match = re.fullmatch(r"http://([^:/]+):(\d+)(/.*)", url)
    return match[1], int(match[2]), match[3]


def _get(url: str, connection: http.client.HTTPConnection | None = None) -> tuple[int, bytes]:
    host, port, path = _split(url)
    connection = connection or http.client.HTTPConnection(host, port, timeout=10)
    connection.request("GET", path)
    response = connection.getresponse()
    return response.status, response.read()


def _time_once(url: str) -> float:
    """Milliseconds for the first request: rendered, not yet cached."""
    started = time.perf_counter()
    status, _ = _get(url)
    assert status == 200, (url, status)
    return (time.perf_counter() - started) * 1000


def _rate(url: str, seconds: float) -> float:
    for _ in range(4 * WORKERS):  # each worker caches its own copy without Redis
        _get(url)
    if shutil.which("wrk"):
        return _wrk(url, seconds)
    return _python_load(url, seconds)


def _wrk(url: str, seconds: float) -> float:
    output = subprocess.run(
        ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{seconds:.0f}s", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    failures = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if failures:
        raise RuntimeError(f"{url}: {failures[1]} failed responses\n{output}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", output)[1])


def _python_load(url: str, seconds: float) -> float:
    host, port, _ = _split(url)
    deadline = time.monotonic() + seconds
    counts, errors = [], []

    def client():
        done = 0
        connection = http.client.HTTPConnection(host, port, timeout=10)
        while time.monotonic() < deadline:
            status, _ = _get(url, connection)
            if status != 200:
                errors.append(status)
            done += 1
        counts.append(done)

    threads = [threading.Thread(target=client) for _ in range(CONNECTIONS)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise RuntimeError(f"{url}: {len(errors)} failed responses, e.g. {errors[0]}")
    return sum(counts) / (time.monotonic() - started)


if __name__ == "__main__":
    main().print()

"""Page throughput without the cache's help: search, deep pages and the API at 100,000 films.

Against `/healthz` (a one-query JSON view: the floor of what Django answers), measured in the
same run on gunicorn with 2 workers:

- `/movies/`, served from the page cache (target >= 0.8 of /healthz);
- uncached searches: `/movies/?q=` with a different title on every request;
- uncached deep pages: `/movies/?page=N&sort=S`, a random page from 1,000 to 4,000 and a
  random sort on every request (deep pages are never stored in the page cache);
- uncached API searches: `/api/movies/?q=`, a different title on every request;
- uncached regional deep pages: `/movies/?page=N&sort=regional`, by release date in the US
  (most films have US dates; a third stream there);
each >= 0.3 of /healthz. The database is PostgreSQL when DATABASE_URL points there (a
scratch database `<name>_bench` on that server, dropped afterwards), else SQLite; the table
says which. Load comes from `wrk` (apt-get install wrk), with a Lua script that makes every
request's address; without wrk, from Python threads.

Besides the rates, it prints where each request's time goes: the CPU one request of each
kind costs the web workers and PostgreSQL (from /proc), an uncached search through Django
in this process and its wait on the database, and, on PostgreSQL, why only a search's last
word is a prefix (the words index's time either way).

    python -m bench.page_throughput [--seconds 10] [--films 100000] [--json]
"""

import argparse
import http.client
import os
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from bench.common import ROOT, Result, setup_django

FILMS = 100_000
CACHED_TARGET = 0.8
UNCACHED_TARGET = 0.3
MAX_QUERIES = 5
BASELINE = "/healthz"
WORKERS = 2
THREADS = 4  # as `make run`
CONNECTIONS = 16
# Interleaved rounds, median taken: a burst of noise on this shared machine hits one
# round of one URL, not the whole figure.
ROUNDS = 3
SORTS = ("newest", "release", "title")
DEEP_PAGES = (1000, 4000)


def main() -> Result:
    options = _options()
    database_url, vendor = _scratch_database()
    setup_django(
        database_url,
        DJANGO_STATICFILES_STORAGE="django.contrib.staticfiles.storage.StaticFilesStorage",
        WHICHMOVIE_CACHE_DIR=tempfile.mkdtemp(prefix="whichmovie-bench-cache-"),
    )
    try:
        return _measure(options, database_url, vendor)
    finally:
        _drop_scratch_database(database_url)


def _measure(options, database_url: str, vendor: str) -> Result:
    started = time.monotonic()
    _fill_catalogue(options.films)
    fill_seconds = time.monotonic() - started
    titles = _two_word_titles()
    queries = _query_counts()
    search_split = _search_cost(titles)
    generator = "wrk" if shutil.which("wrk") else "python threads"
    loads = {
        BASELINE: Load(BASELINE),
        "cached /movies/": Load("/movies/"),
        "uncached search": Load("/movies/?q={title}", titles),
        "uncached deep page": Load("/movies/?page={page}&sort={sort}"),
        "uncached API search": Load("/api/movies/?q={title}", titles),
        "uncached regional deep page": Load("/movies/?page={page}&sort=regional"),
    }
    figures: dict[str, object] = {
        "database": vendor,
        "films": f"{options.films:,}",
        "load generator": generator,
        "catalogue built in": f"{fill_seconds:.0f} s",
    }
    web = _gunicorn(database_url)
    with web as base_url:
        for sort in (*SORTS, "regional"):  # the first deep page of a sort builds its index
            figures[f"first deep page ({sort}) ms"] = (
                f"{_time_once(f'{base_url}/movies/?page=2000&sort={sort}'):.0f}"
            )
        figures["search first render ms"] = f"{_time_once(base_url + '/movies/?q=silent'):.0f}"
        rates, cpu = _median_rates(base_url, loads, options.seconds, web.process.pid)
    baseline = rates[BASELINE]
    met = True
    for label, rate in rates.items():
        figures[f"{label} req/s"] = f"{rate:,.0f}"
    for label, rate in rates.items():
        if label == BASELINE:
            continue
        target = CACHED_TARGET if label.startswith("cached") else UNCACHED_TARGET
        ratio = rate / baseline
        met &= ratio >= target
        figures[f"ratio {label} / {BASELINE}"] = f"{ratio:.2f} (>= {target})"
    for label, spent in cpu.items():
        figures[f"CPU ms per request, web / database: {label}"] = spent
    figures["uncached search in process, ms (of it in the database)"] = search_split
    if vendor == "PostgreSQL":
        figures["words index in PostgreSQL, ms: last word a prefix / every word a prefix"] = (
            _prefix_cost(titles)
        )
    for label, count in queries.items():
        figures[f"queries, {label}"] = count
        met &= count <= MAX_QUERIES or "(filtered)" in label
    return Result(
        name=f"Page throughput: gunicorn {WORKERS} workers x {THREADS} threads, "
        f"{options.films:,} films ({vendor})",
        target=f"cached /movies/ >= {CACHED_TARGET}, uncached search, deep pages and API "
        f"search >= {UNCACHED_TARGET} x the req/s of {BASELINE}; <= {MAX_QUERIES} queries for "
        "the list, a deep page and a film page",
        met=met,
        figures=figures,
        notes=f"{generator}, {CONNECTIONS} connections, {options.seconds:.0f} s per URL "
        f"(median of {ROUNDS} interleaved rounds); every search and deep page request has "
        "its own address (searches and deep pages are never stored in the page cache); the "
        "page index of each sort is built by the first deep page after a write (shown above).",
    )


class Load:
    """A URL pattern: `{title}` becomes a film's title, `{page}` and `{sort}` a random deep
    page, different on every request."""

    def __init__(self, pattern: str, titles: list[str] | None = None):
        self.pattern = pattern
        self.titles = titles or ["x"]

    def sample(self, rng: random.Random) -> str:
        return self.pattern.format(
            title=rng.choice(self.titles), page=rng.randint(*DEEP_PAGES), sort=rng.choice(SORTS)
        )

    def lua(self) -> str:
        """A wrk script making the same kind of address on every request."""
        path = (
            self.pattern.replace("{title}", '" .. t[math.random(#t)] .. "')
            .replace("{page}", f'" .. math.random({DEEP_PAGES[0]}, {DEEP_PAGES[1]}) .. "')
            .replace("{sort}", '" .. s[math.random(#s)] .. "')
        )
        quoted = ", ".join(f'"{title}"' for title in self.titles)
        return "\n".join(
            [
                f"t = {{{quoted}}}",
                f"s = {{{', '.join(f'{chr(34)}{sort}{chr(34)}' for sort in SORTS)}}}",
                "local counter = 0",
                "function setup(thread) counter = counter + 1; thread:set('seed', counter) end",
                "function init(args) math.randomseed(os.time() * 100 + seed) end",
                f'request = function() return wrk.format("GET", "{path}") end',
            ]
        )


def _two_word_titles() -> list[str]:
    """Film titles of the catalogue, as a visitor would type them ("silent+river")."""
    from contrib.youtube.testing.synthetic import synthetic_film_title

    titles = (synthetic_film_title(k) for k in range(5000))
    return sorted({t.lower().replace(" ", "+") for t in titles if len(t.split()) == 2})


def _query_counts() -> dict[str, int]:
    """Queries of a request right after a catalogue write (nothing of the catalogue cached
    yet, TMDB's image settings not memoised) for the list, a deep page and a film page."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from movies import cache
    from movies.models import ImageConfiguration, Movie

    client = Client()
    counts = {}
    film = Movie.objects.order_by("-id").first()
    for label, url in (
        ("list", "/movies/"),
        ("deep page", "/movies/?page=3000"),
        # Not in the target: any filtered deep page (?channel=, ?year=...) also counts its
        # films after a write, one query more than the unfiltered one.
        (
            "streaming, regional deep page (filtered)",
            "/movies/?available=streaming&sort=regional&page=500",
        ),
        ("film page", film.get_absolute_url()),
    ):
        cache.bump()
        ImageConfiguration.clear_cache()
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url, HTTP_HOST="127.0.0.1").status_code == 200
        counts[label] = len(captured)
    return counts


def _search_cost(titles: list[str], requests: int = 200) -> str:
    """Where an uncached search's time goes: the median request through Django in this
    process, and the part of it spent waiting on the database."""
    from django.db import connection
    from django.test import Client

    client = Client()
    rng = random.Random(3)
    totals, waits = [], []
    for _ in range(requests):
        waited = 0.0

        def timed(execute, sql, params, many, context):
            nonlocal waited
            began = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                waited += time.perf_counter() - began

        began = time.perf_counter()
        with connection.execute_wrapper(timed):
            client.get(f"/movies/?q={rng.choice(titles)}", HTTP_HOST="127.0.0.1")
        totals.append(time.perf_counter() - began)
        waits.append(waited)
    return f"{statistics.median(totals) * 1000:.1f} ({statistics.median(waits) * 1000:.1f})"


def _prefix_cost(titles: list[str], searches: int = 200) -> str:
    """Why only a search's last word is a prefix: the words index's own time (PostgreSQL's
    execution time) for the searches as asked (`silent & riv:*`) and with every word a
    prefix (`silent:* & riv:*`), medians."""
    from django.db import connection

    from movies.search_index import POSTGRES_WORDS

    sql = (
        f"EXPLAIN (ANALYZE, FORMAT JSON) SELECT count(*) FROM movies_movie "
        f"WHERE {POSTGRES_WORDS} @@ to_tsquery('simple', %s)"
    )
    words = [title.split("+") for title in random.Random(5).sample(titles, searches)]
    medians = []
    for terms in (
        [" & ".join([*first, f"{last}:*"]) for *first, last in words],
        [" & ".join(f"{word}:*" for word in title) for title in words],
    ):
        times = []
        with connection.cursor() as cursor:
            for query in terms:
                cursor.execute(sql, [query])
                times.append(cursor.fetchone()[0][0]["Execution Time"])
        medians.append(statistics.median(times))
    return "{:.2f} / {:.2f}".format(*medians)


def _median_rates(
    base_url: str, loads: dict[str, Load], seconds: float, web: int
) -> tuple[dict[str, float], dict[str, str]]:
    """Requests/s of each load, and the CPU each request cost the web workers and PostgreSQL
    (children of the gunicorn process `web`; every `postgres` process), medians of ROUNDS."""
    samples: dict[str, list[float]] = {label: [] for label in loads}
    costs: dict[str, list[tuple[float, float]]] = {label: [] for label in loads}
    for _ in range(ROUNDS):
        for label, load in loads.items():
            before = _cpu_by_process(web)
            rate, elapsed = _rate(base_url, load, seconds / ROUNDS)
            after = _cpu_by_process(web)
            served = rate * elapsed
            spent = {kind: sum(after[kind].values()) - sum(before[kind].values()) for kind in after}
            samples[label].append(rate)
            costs[label].append((spent["web"] / served * 1000, spent["database"] / served * 1000))
    cpu = {
        label: "{:.2f} / {:.2f}".format(
            *(statistics.median(part) for part in zip(*pairs, strict=True))
        )
        for label, pairs in costs.items()
    }
    return {label: statistics.median(rates) for label, rates in samples.items()}, cpu


def _cpu_by_process(web: int) -> dict[str, dict[int, float]]:
    """CPU seconds so far of each web worker and each PostgreSQL process, from /proc (empty
    where there is no /proc: the figure then reads 0). A process gone since is not counted;
    a backend started since counts from zero."""
    found: dict[str, dict[int, float]] = {"web": {}, "database": {}}
    tick = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        name = text[text.index("(") + 1 : text.rindex(")")]
        fields = text[text.rindex(")") + 2 :].split()
        parent, used = int(fields[1]), (int(fields[11]) + int(fields[12])) / tick
        if parent == web:
            found["web"][int(stat.parent.name)] = used
        elif name == "postgres":
            found["database"][int(stat.parent.name)] = used
    return found


def _options() -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.page_throughput")
    parser.add_argument("--seconds", type=float, default=10.0, help="load time per URL")
    parser.add_argument("--films", type=int, default=FILMS, help="catalogue size")
    parser.add_argument("--json", action="store_true", help="also print a BENCH-RESULT line")
    return parser.parse_known_args()[0]  # `python -m bench` may pass its own flags


def _scratch_database() -> tuple[str, str]:
    """A fresh database: `<name>_bench` beside DATABASE_URL's PostgreSQL, else SQLite."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        folder = tempfile.mkdtemp(prefix="whichmovie-bench-")
        return f"sqlite:///{folder}/bench.sqlite3", "SQLite"
    import psycopg2

    parts = urlsplit(url)
    name = parts.path.lstrip("/") + "_bench"
    admin = psycopg2.connect(url)
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    admin.close()
    return urlunsplit(parts._replace(path="/" + name)), "PostgreSQL"


def _drop_scratch_database(database_url: str) -> None:
    from django.db import connections

    connections.close_all()
    if database_url.startswith("sqlite"):
        shutil.rmtree(Path(urlsplit(database_url).path).parent, ignore_errors=True)
        return
    import psycopg2

    parts = urlsplit(database_url)
    admin = psycopg2.connect(urlunsplit(parts._replace(path="/postgres")))
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{parts.path.lstrip("/")}" WITH (FORCE)')
    admin.close()


def _fill_catalogue(count: int) -> None:
    """Films as the pipeline leaves them: most matched, with posters, dates and a trailer."""
    from django.db import connection
    from django.utils import timezone

    from contrib.text import fold
    from contrib.youtube.testing.synthetic import synthetic_film_title
    from movies import cache, search_index
    from movies.models import Channel, Movie, MovieRegion, Trailer

    channels = list(Channel.objects.filter(slug__in=["rotten_tomatoes", "mubi"]))
    now = timezone.now()
    search_index.drop_index(connection)  # built once at the end: far faster than row by row
    batch = 5000
    for first in range(0, count, batch):
        films = []
        for number in range(first, min(first + batch, count)):
            title = synthetic_film_title(number)
            matched = number % 10 < 7
            films.append(
                Movie(
                    title=title,
                    title_key=f"{fold(title)} {number}",
                    original_title=f"{title.upper()} | Official Trailer",
                    source=channels[number % 2].slug,
                    year=1990 + number % 37,
                    release_date=None
                    if number % 9 == 0
                    else date(1990 + number % 37, 1 + number % 12, 1 + number % 28),
                    status=Movie.Status.MATCHED if matched else Movie.Status.PENDING,
                    tmdb_id=100_000 + number if matched else None,
                    poster_path=f"/poster{number}.jpg" if number % 5 else None,
                    genres=["Drama", "Thriller"][: 1 + number % 2],
                    vote_average=5 + (number % 50) / 10,
                    overview="A film made for the benchmark. " * 4,
                    last_trailer_at=now - timedelta(minutes=number),
                )
            )
        films = Movie.objects.bulk_create(films)
        MovieRegion.objects.bulk_create(_regional_rows(films))
        Trailer.objects.bulk_create(
            Trailer(
                movie=film,
                video_id=f"bench{film.pk:06d}",
                title=film.original_title,
                channel=channels[film.pk % 2],
            )
            for film in films
        )
    search_index.ensure_index(connection)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE movies_movie")
            cursor.execute("VACUUM ANALYZE movies_movieregion")
    cache.bump()


def _regional_rows(films):
    """US facts for 80% of the films (a third of them streaming), UK facts for 30%: the
    shape TMDB gives a catalogue of recent films."""
    from movies.models import MovieRegion

    watch = {
        "link": "",
        "stream": [{"id": 8, "name": "Netflix", "logo": None}],
        "rent": [],
        "buy": [],
    }
    for film in films:
        released = film.release_date
        if released is None:
            continue
        regions = ["US"] if film.pk % 10 < 8 else []
        regions += ["GB"] if film.pk % 10 < 3 else []
        for region in regions:
            streaming = film.pk % 3 == 0
            yield MovieRegion(
                movie=film,
                region=region,
                theatrical=released,
                cinemas=released,
                released=released,
                digital=released + timedelta(days=90),
                certification="PG-13",
                watch=watch if streaming else {},
                streaming=streaming,
                first_stream="Netflix" if streaming else "",
            )


class _gunicorn:
    """A gunicorn serving the bench database on a free port, stopped on exit."""

    def __init__(self, database_url: str):
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
            "REDIS_URL": "",
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


def _rate(base_url: str, load: Load, seconds: float) -> tuple[float, float]:
    """(requests/s, seconds measured)."""
    rng = random.Random(0)
    for _ in range(4 * WORKERS):  # warm each worker (and, for the cached page, the cache)
        _get(base_url + load.sample(rng))
    if shutil.which("wrk"):
        return _wrk(base_url, load, seconds), round(seconds)
    return _python_load(base_url, load, seconds), seconds


def _wrk(base_url: str, load: Load, seconds: float) -> float:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(load.lua())
    try:
        output = subprocess.run(
            ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{seconds:.0f}s", "-s", script.name, base_url],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    finally:
        os.unlink(script.name)
    failures = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if failures:
        raise RuntimeError(f"{load.pattern}: {failures[1]} failed responses\n{output}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", output)[1])


def _python_load(base_url: str, load: Load, seconds: float) -> float:
    host, port, _ = _split(base_url + "/")
    deadline = time.monotonic() + seconds
    counts, errors = [], []

    def client(seed: int):
        rng = random.Random(seed)
        done = 0
        connection = http.client.HTTPConnection(host, port, timeout=10)
        while time.monotonic() < deadline:
            status, _ = _get(base_url + load.sample(rng), connection)
            if status != 200:
                errors.append(status)
            done += 1
        counts.append(done)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(CONNECTIONS)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise RuntimeError(f"{load.pattern}: {len(errors)} failed responses, e.g. {errors[0]}")
    return sum(counts) / (time.monotonic() - started)


if __name__ == "__main__":
    main().print()

"""FakeTMDB: a real HTTP server on 127.0.0.1 that answers like TMDB API v3.

Tests and benchmarks point `TMDB_API_URL` at it, so the real client code runs unchanged:
`requests`, connection pooling, timeouts, retries and rate limiting.

    with FakeTMDB(films=[...], latency=0.08, rate_limit=40) as fake:
        client = TMDBClient(api_url=fake.url, read_access_token=fake.token)
        ...
        fake.stats()["rate_limited"]

Standalone, for benchmarks and multi-process tests:

    python -m contrib.tmdb.testing.server --port 8765 --latency 0.08 --rate-limit 40 \
        --rate-algorithm fixed_window --retry-after none

Endpoints: /3/search/movie, /3/search/tv, /3/movie/{id} (append_to_response: external_ids,
videos, release_dates, alternative_titles, credits, watch/providers), /3/movie/{id}/external_ids,
/3/find/{imdb_id}?external_source=imdb_id, /3/configuration. Films come from the film
catalogue, series from the TV catalogue (see `search.py`). Errors use TMDB's body
{"success": false, "status_code", "status_message"}.

Knobs (constructor arguments, and attributes a test may change while it runs): latency;
rate_limit (requests per second, None: no limit) shaped by rate_algorithm ("sliding_window":
at most rate_limit in any second; "token_bucket": rate_burst tokens, default rate_limit,
refilled at rate_limit a second; "fixed_window": at most rate_limit per clock second), each
answered above it with TMDB's 429 (status_code 25); retry_after (seconds sent in
`Retry-After` with a 429, None: no header, as TMDB does not promise one); fault_rate + faults,
queue_faults() (deterministic faults for the next requests, optionally to one path), and
FAULT_KINDS: TMDB's documented errors with its JSON body ("401", "403-8", "501-2", ...) and
a proxy's HTML pages ("403-proxy", "502-proxy"); hang_seconds, fail_auth, canned (fixed JSON
per path), seed. TMDB documents no cap on connections, so there is none here.
`clock` and `sleep` (constructor only) let tests drive the rate limit and latency.

Control endpoints (no credential, not counted): GET /__fake__/stats,
POST /__fake__/reset, POST /__fake__/config (JSON object of knobs).
"""

import argparse
import contextlib
import hmac
import json
import logging
import math
import random
import re
import signal
import socket
import struct
import sys
import threading
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote, urlsplit

from contrib.tmdb.exceptions import REDACTED, scrub
from contrib.tmdb.testing.search import (
    appended,
    load_catalogue,
    load_tv_catalogue,
    search_movies,
    search_shape,
    search_tv,
)
from contrib.tmdb.types import GENRE_NAMES

logger = logging.getLogger(__name__)

DEFAULT_TOKEN = "test-read-access-token"
DEFAULT_API_KEY = "test-api-key"
# TMDB's error table (developer.themoviedb.org/docs/errors): fault kind -> status, code, message.
TMDB_ERRORS = {
    "401": (401, 7, "Invalid API key: You must be granted a valid key."),
    "403-8": (403, 8, "Duplicate entry: The data you tried to submit already exists."),
    "403-45": (403, 45, "This user has been suspended."),
    "404-34": (404, 34, "The resource you requested could not be found."),
    "429-25": (429, 25, "Your request count (#) is over the allowed limit of (40)."),
    "500-11": (500, 11, "Internal error: Something went wrong, contact TMDB."),
    "500-44": (500, 44, "The ID is invalid."),
    "501-2": (501, 2, "Invalid service: this service does not exist."),
    "502-43": (502, 43, "Couldn't connect to the backend server."),
    "503-9": (503, 9, "Service offline: This service is temporarily offline, try again later."),
    "503-46": (503, 46, "The API is undergoing maintenance. Try again later."),
    "504-24": (504, 24, "Your request to the backend server timed out. Try again."),
}
# A bare status stands for TMDB's usual code for it.
FAULT_ALIASES = {"500": "500-11", "502": "502-43", "503": "503-9", "429": "429-25"}
# What a proxy or CDN in front of TMDB answers with: its own HTML page, not TMDB's body.
PROXY_PAGES = {
    "403-proxy": (403, b"<html><head><title>403 Forbidden</title></head><body>403</body></html>"),
    "502-proxy": (502, b"<html><head><title>502 Bad Gateway</title></head><body>502</body></html>"),
}
FAULT_KINDS = (*TMDB_ERRORS, *FAULT_ALIASES, *PROXY_PAGES, "invalid_json", "hang", "reset")
DEFAULT_FAULTS = ("500", "502", "503", "invalid_json", "reset")
RATE_ALGORITHMS = ("sliding_window", "token_bucket", "fixed_window")
PAGE_SIZE = 20
RATE_KNOBS = ("rate_limit", "rate_algorithm", "rate_burst")
KNOBS = (
    "latency",
    *RATE_KNOBS,
    "fault_rate",
    "faults",
    "hang_seconds",
    "fail_auth",
    "retry_after",
)

# TMDB's movie genres.

CONFIGURATION = {
    "change_keys": ["adult", "genres", "images", "imdb_id", "overview", "release_dates", "title"],
    "images": {
        "base_url": "http://image.tmdb.org/t/p/",
        "secure_base_url": "https://image.tmdb.org/t/p/",
        "backdrop_sizes": ["w300", "w780", "w1280", "original"],
        "logo_sizes": ["w45", "w92", "w154", "w185", "w300", "w500", "original"],
        "poster_sizes": ["w92", "w154", "w185", "w342", "w500", "w780", "original"],
        "profile_sizes": ["w45", "w185", "h632", "original"],
        "still_sizes": ["w92", "w185", "w300", "original"],
    },
}


def _film(tmdb_id, title, release_date, imdb_id, runtime, genre_ids, **extra) -> dict:
    film = {
        "id": tmdb_id,
        "title": title,
        "original_title": title,
        "original_language": "en",
        "release_date": release_date,
        "overview": f"Overview of {title}.",
        "poster_path": f"/poster{tmdb_id}.jpg",
        "backdrop_path": f"/backdrop{tmdb_id}.jpg",
        "popularity": 10.0,
        "vote_average": 7.0,
        "vote_count": 1000,
        "genre_ids": list(genre_ids),
        "imdb_id": imdb_id,
        "runtime": runtime,
        "genres": [{"id": g, "name": GENRE_NAMES[g]} for g in genre_ids],
    }
    film.update(extra)
    return film


# Served when no `films` are given and contrib.tmdb.testing.search is not there.
SAMPLE_FILMS = [
    _film(933260, "The Substance", "2024-09-07", "tt17526714", 141, [27, 878], popularity=95.2),
    _film(9495, "The Crow", "1994-05-11", "tt0109506", 102, [14, 28, 53], popularity=40.1),
    _film(957452, "The Crow", "2024-08-21", "tt1340094", 111, [28, 14, 27], popularity=30.5),
    _film(1064213, "Anora", "2024-10-14", "tt28607951", 139, [10749, 35, 18], popularity=80.0),
    _film(438631, "Dune", "2021-09-15", "tt1160419", 155, [878, 12], popularity=120.3),
    _film(
        194,
        "Amélie",
        "2001-04-25",
        "tt0211915",
        122,
        [35, 10749],
        original_title="Le Fabuleux Destin d'Amélie Poulain",
        original_language="fr",
    ),
    _film(
        1290001,
        "An Untitled Festival Film",
        "",
        None,
        0,
        [],
        poster_path=None,
        backdrop_path=None,
        popularity=0.6,
        vote_average=0.0,
        vote_count=0,
    ),
]


# What a film record holds only when asked for with append_to_response.
APPENDED_ONLY = ("videos", "release_dates", "alternative_titles", "credits", "watch_providers")


def details_shape(film: dict) -> dict:
    """A film as /movie/{id} returns it (without appended blocks)."""
    genres = film.get("genres")
    if not isinstance(genres, list):
        genres = [
            {"id": g, "name": GENRE_NAMES.get(g, str(g))} for g in film.get("genre_ids") or []
        ]
    details = {
        "adult": False,
        "backdrop_path": None,
        "belongs_to_collection": None,
        "budget": 0,
        "homepage": "",
        "imdb_id": None,
        "origin_country": [],
        "original_language": "",
        "original_title": film.get("title", ""),
        "overview": "",
        "popularity": 0.0,
        "poster_path": None,
        "production_companies": [],
        "production_countries": [],
        "release_date": "",
        "revenue": 0,
        "runtime": 0,
        "spoken_languages": [],
        "status": "Released",
        "tagline": "",
        "video": False,
        "vote_average": 0.0,
        "vote_count": 0,
    }
    details.update({k: v for k, v in film.items() if k not in ("genre_ids", *APPENDED_ONLY)})
    details["genres"] = genres
    return details


def external_ids_shape(film: dict) -> dict:
    return {
        "id": film["id"],
        "imdb_id": film.get("imdb_id"),
        "wikidata_id": None,
        "facebook_id": None,
        "instagram_id": None,
        "twitter_id": None,
    }


@dataclass(frozen=True)
class LoggedRequest:
    """One request as the fake saw it, credentials REDACTED.

    `auth` says which credentials were presented ("bearer", "api_key", both joined by
    "+", or None), never their values."""

    method: str
    path: str
    params: dict
    auth: str | None
    status: int  # 0 when the connection was reset without an answer


@dataclass(frozen=True)
class _Reply:
    status: int
    body: bytes
    content_type: str = "application/json;charset=utf-8"
    headers: dict = field(default_factory=dict)


def _json(status: int, body: object, headers: dict | None = None) -> _Reply:
    return _Reply(status, json.dumps(body).encode(), headers=headers or {})


def _error(status: int, code: int, message: str) -> tuple[int, dict]:
    return status, {"success": False, "status_code": code, "status_message": message}


AUTH_FAILED = _error(*TMDB_ERRORS["401"])
NOT_FOUND = _error(*TMDB_ERRORS["404-34"])
INVALID_PAGE = _error(
    400,
    22,
    "Invalid page: Pages start at 1 and max at 500. They are expected to be an integer.",
)
_MOVIE = re.compile(r"/3/movie/([^/]+)(/external_ids)?/?")
_FIND = re.compile(r"/3/find/([^/]+)/?")


def _number(params: dict, name: str) -> int | None:
    value = params.get(name, "")
    return int(value) if value.isdigit() else None


def route_name(path: str) -> str:
    """A path template for statistics ("/3/movie/{id}" rather than one row per id)."""
    if path in ("/3/search/movie", "/3/search/tv", "/3/configuration"):
        return path
    match = _MOVIE.fullmatch(path)
    if match:
        return "/3/movie/{id}/external_ids" if match.group(2) else "/3/movie/{id}"
    if _FIND.fullmatch(path):
        return "/3/find/{external_id}"
    return "other"


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    allow_reuse_address = True
    # The default backlog of 5 refuses connections when a pool of 20+ threads connects at once.
    request_queue_size = 256

    def __init__(self, address, handler, fake: "FakeTMDB") -> None:
        self.fake = fake
        super().__init__(address, handler)

    def handle_error(self, request, client_address) -> None:
        # Clients that time out and hang up are normal here: no traceback on stderr.
        exc = sys.exc_info()[1]
        if not isinstance(exc, OSError):
            logger.exception("FakeTMDB handler error")


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as the real API and requests' pool use it
    server_version = "FakeTMDB/1.0"
    sys_version = ""
    timeout = 30  # idle keep-alive connections are closed after this
    # Headers and body go out in two writes; with Nagle's algorithm the body then waits
    # for the client's delayed ACK (~40 ms), which would dwarf the `latency` knob.
    disable_nagle_algorithm = True
    server: _Server

    def do_GET(self) -> None:
        self.server.fake._handle(self)

    def do_POST(self) -> None:
        self.server.fake._handle_control_post(self)

    def log_message(self, format: str, *args) -> None:
        # The default writes the request line (with any api_key) to stderr.
        logger.debug("FakeTMDB: %s", scrub(format % args))


class FakeTMDB:
    """A TMDB API v3 test double on 127.0.0.1 (see the module docstring)."""

    def __init__(
        self,
        films: Iterable[dict] | None = None,
        *,
        series: Iterable[dict] | None = None,
        token: str | None = DEFAULT_TOKEN,
        api_key: str | None = DEFAULT_API_KEY,
        latency: float = 0.0,
        rate_limit: float | None = None,
        rate_algorithm: str = "sliding_window",
        rate_burst: float | None = None,
        fault_rate: float = 0.0,
        faults: Iterable[str] = DEFAULT_FAULTS,
        hang_seconds: float = 15.0,
        retry_after: float | None = 1,
        fail_auth: bool = False,
        seed: int | None = 0,
        search: Callable[..., dict] | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.films = list(films) if films is not None else load_catalogue()
        self.series = list(series) if series is not None else load_tv_catalogue()
        self._by_id = {f["id"]: f for f in self.films if isinstance(f.get("id"), int)}
        self._by_imdb = {f["imdb_id"]: f for f in self.films if f.get("imdb_id")}
        self.search = search or search_movies
        self.token = token
        self.api_key = api_key
        self.latency = latency
        self.rate_limit = rate_limit
        self.rate_algorithm = rate_algorithm
        self.rate_burst = rate_burst  # token bucket only; None: a bucket of `rate_limit` tokens
        self.fault_rate = fault_rate
        self.faults = tuple(faults)
        self.hang_seconds = hang_seconds
        self.retry_after = retry_after
        self.fail_auth = fail_auth
        self.canned: dict[str, object] = {}  # path -> JSON (or (status, JSON)) to answer with
        self.host = host
        self._port = port
        self._check_faults(self.faults)
        self._check_algorithm(rate_algorithm)
        self._clock = clock
        self._sleep = sleep

        self._lock = threading.Lock()
        self._rng = random.Random(seed)
        self._queued_faults: deque[tuple[str | None, str]] = deque()
        self._reset_rate_limit()
        self._in_flight = 0
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self.reset_stats()

    # -- lifecycle --------------------------------------------------------------------------

    def start(self) -> "FakeTMDB":
        if self._server is None:
            self._server = _Server((self.host, self._port), _Handler, self)
            self._port = self._server.server_address[1]
            self._thread = threading.Thread(
                target=self._server.serve_forever,
                kwargs={"poll_interval": 0.05},
                name=f"FakeTMDB:{self._port}",
                daemon=True,
            )
            self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            if self._thread is not None:
                self._thread.join(timeout=5)
            self._server = self._thread = None

    def __enter__(self) -> "FakeTMDB":
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        if self._server is None:
            raise RuntimeError("FakeTMDB is not started")
        return self._port

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def url(self) -> str:
        """What TMDB_API_URL should be set to."""
        return f"{self.base_url}/3"

    # -- knobs and statistics ---------------------------------------------------------------

    @staticmethod
    def _check_faults(kinds: Iterable[str]) -> None:
        unknown = set(kinds) - set(FAULT_KINDS)
        if unknown:
            raise ValueError(f"unknown fault kinds {sorted(unknown)}; known: {FAULT_KINDS}")

    @staticmethod
    def _check_algorithm(name: object) -> None:
        if name not in RATE_ALGORITHMS:
            raise ValueError(f"unknown rate_algorithm {name!r}; known: {RATE_ALGORITHMS}")

    def queue_faults(self, *kinds: str, path: str | None = None) -> None:
        """Answer the next authenticated requests (to `path`, e.g. "/3/movie/603", if given)
        with these faults, in order."""
        self._check_faults(kinds)
        with self._lock:
            self._queued_faults.extend((path, kind) for kind in kinds)

    def configure(self, **knobs: object) -> None:
        unknown = set(knobs) - set(KNOBS)
        if unknown:
            raise ValueError(f"unknown knobs {sorted(unknown)}")
        if "faults" in knobs:
            knobs["faults"] = tuple(knobs["faults"])
            self._check_faults(knobs["faults"])
        if "rate_algorithm" in knobs:
            self._check_algorithm(knobs["rate_algorithm"])
        with self._lock:
            for name, value in knobs.items():
                setattr(self, name, value)
            if set(knobs) & set(RATE_KNOBS):
                self._reset_rate_limit()

    def reset_stats(self) -> None:
        with self._lock:
            self._started = self._clock()
            self._total = 0
            self._by_path: Counter[str] = Counter()
            self._by_status: Counter[int] = Counter()
            self._faults: Counter[str] = Counter()
            self._per_second: Counter[int] = Counter()
            self._limited_per_second: Counter[int] = Counter()
            self._first_accepted: float | None = None  # seconds since the reset
            self._last_accepted: float | None = None
            self._rate_limited = 0
            self._max_in_flight = 0
            self._log: deque[LoggedRequest] = deque(maxlen=100_000)

    def stats(self) -> dict:
        """A snapshot: counts since start or the last reset_stats(). Seconds are counted from
        then; `accepted` requests are those the rate limit let through."""
        with self._lock:
            return {
                "requests": self._total,
                "by_path": dict(self._by_path),
                "by_status": dict(self._by_status),
                "rate_limited": self._rate_limited,
                "accepted": self._total - self._rate_limited,
                "first_accepted": self._first_accepted,
                "last_accepted": self._last_accepted,
                "faults": dict(self._faults),
                "max_in_flight": self._max_in_flight,
                "in_flight": self._in_flight,
                "per_second": dict(sorted(self._per_second.items())),
                "limited_per_second": dict(sorted(self._limited_per_second.items())),
                "elapsed": self._clock() - self._started,
            }

    @property
    def request_log(self) -> list[LoggedRequest]:
        with self._lock:
            return list(self._log)

    # -- request handling -------------------------------------------------------------------

    def _reset_rate_limit(self) -> None:
        """Forget who was let through (call with the lock held, or before serving)."""
        self._tokens: float | None = None
        self._bucket_time = self._clock()
        self._window_times: deque[float] = deque()  # sliding window: requests let through
        self._window_index: int | None = None  # fixed window: which second, and its count
        self._window_count = 0

    def _admit(self, now: float) -> bool:
        """The rate limit (call with the lock held); the knobs are re-read on every call."""
        if not self.rate_limit:
            return True
        return getattr(self, f"_admit_{self.rate_algorithm}")(now, self.rate_limit)

    def _admit_sliding_window(self, now: float, limit: float) -> bool:
        while self._window_times and self._window_times[0] <= now - 1.0:
            self._window_times.popleft()
        if len(self._window_times) < limit:
            self._window_times.append(now)
            return True
        return False

    def _admit_token_bucket(self, now: float, limit: float) -> bool:
        capacity = max(1.0, float(self.rate_burst or limit))
        if self._tokens is None:
            self._tokens = capacity
        self._tokens = min(capacity, self._tokens + (now - self._bucket_time) * limit)
        self._bucket_time = now
        if self._tokens >= 1:
            self._tokens -= 1
            return True
        return False

    def _admit_fixed_window(self, now: float, limit: float) -> bool:
        index = math.floor(now)
        if index != self._window_index:
            self._window_index, self._window_count = index, 0
        if self._window_count < limit:
            self._window_count += 1
            return True
        return False

    def _retry_after_header(self) -> dict[str, str]:
        """TMDB sends whole seconds; `retry_after=None` omits the header."""
        value = self.retry_after
        if value is None:
            return {}
        return {"Retry-After": str(int(value)) if float(value).is_integer() else str(value)}

    def _pick_fault(self, path: str) -> str | None:
        with self._lock:
            queued = next(
                (i for i, (only, _) in enumerate(self._queued_faults) if only in (None, path)),
                None,
            )
            if queued is not None:
                kind = self._queued_faults[queued][1]
                del self._queued_faults[queued]
            elif self.fault_rate and self.faults and self._rng.random() < self.fault_rate:
                kind = self._rng.choice(self.faults)
            else:
                return None
            self._faults[kind] += 1
            return FAULT_ALIASES.get(kind, kind)

    def _authenticate(self, handler: _Handler, params: dict) -> tuple[str | None, bool]:
        presented = []
        valid = False
        header = handler.headers.get("Authorization", "")
        if header:
            presented.append("bearer")
            scheme, _, value = header.partition(" ")
            valid |= bool(
                self.token
                and scheme.lower() == "bearer"
                and hmac.compare_digest(value.strip().encode(), self.token.encode())
            )
        if "api_key" in params:
            presented.append("api_key")
            valid |= bool(
                self.api_key
                and hmac.compare_digest(params["api_key"].encode(), self.api_key.encode())
            )
        return ("+".join(presented) or None), valid and not self.fail_auth

    def _handle(self, handler: _Handler) -> None:
        split = urlsplit(handler.path)
        path = split.path
        params = {k: v[-1] for k, v in parse_qs(split.query, keep_blank_values=True).items()}
        if path.startswith("/__fake__/"):
            self._write(handler, _json(*self._control_get(path)))
            return

        with self._lock:
            now = self._clock()
            second = int(now - self._started)
            self._in_flight += 1
            self._max_in_flight = max(self._max_in_flight, self._in_flight)
            self._total += 1
            self._by_path[route_name(path)] += 1
            self._per_second[second] += 1
            allowed = self._admit(now)
            if allowed:
                self._last_accepted = now - self._started
                if self._first_accepted is None:
                    self._first_accepted = self._last_accepted
            else:
                self._rate_limited += 1
                self._limited_per_second[second] += 1
        auth, authenticated = self._authenticate(handler, params)
        reply = None
        try:
            reply = self._respond(handler, path, params, allowed, authenticated)
        finally:
            # Recorded before the answer is written, so that a client that has its answer
            # finds the request in the statistics and the log.
            status = reply.status if reply else 0
            safe_params = {k: (REDACTED if k == "api_key" else v) for k, v in params.items()}
            with self._lock:
                self._in_flight -= 1
                self._by_status[status] += 1
                self._log.append(LoggedRequest("GET", path, safe_params, auth, status))
        if reply is None:
            handler.close_connection = True  # the "reset" fault
        else:
            self._write(handler, reply)

    def _respond(
        self, handler: _Handler, path: str, params: dict, allowed: bool, authenticated: bool
    ) -> "_Reply | None":
        if self.latency:
            self._sleep(self.latency)
        if not allowed:
            limit = f"{self.rate_limit:g}"
            message = f"Your request count (#) is over the allowed limit of ({limit})."
            return _json(*_error(429, 25, message), headers=self._retry_after_header())
        if not authenticated:
            return _json(*AUTH_FAILED)

        fault = self._pick_fault(path)
        if fault == "hang":
            # Slower than the client's read timeout; answers normally if anyone still listens.
            self._sleep(self.hang_seconds)
        elif fault == "reset":
            with_linger = struct.pack("ii", 1, 0)  # close() then sends RST, not FIN
            with contextlib.suppress(OSError):
                handler.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, with_linger)
            handler.close_connection = True
            return None
        elif fault in PROXY_PAGES:
            status, page = PROXY_PAGES[fault]
            return _Reply(status, page, "text/html")
        elif fault in TMDB_ERRORS:
            headers = self._retry_after_header() if fault == "429-25" else None
            return _json(*_error(*TMDB_ERRORS[fault]), headers=headers)
        elif fault == "invalid_json":
            return _Reply(200, b'{"page": 1, "results": [{"id": 1, "title": "Tr')

        if path in self.canned:
            canned = self.canned[path]
            status, body = canned if isinstance(canned, tuple) else (200, canned)
            return _json(status, body)
        try:
            status, body = self._route(path, params)
        except Exception:
            logger.exception("FakeTMDB failed on %s", path)
            status, body = _error(500, 11, "Internal error: Something went wrong, contact TMDb.")
        return _json(status, body)

    def _route(self, path: str, params: dict) -> tuple[int, object]:
        if path == "/3/search/movie":
            return self._search(params)
        if path == "/3/search/tv":
            return self._search_tv(params)
        if path == "/3/configuration":
            return 200, CONFIGURATION
        match = _MOVIE.fullmatch(path)
        if match:
            film = self._by_id.get(int(match.group(1))) if match.group(1).isdigit() else None
            if film is None:
                return NOT_FOUND
            if match.group(2):
                return 200, external_ids_shape(film)
            return 200, self._details(film, params.get("append_to_response", ""))
        match = _FIND.fullmatch(path)
        if match:
            if params.get("external_source") != "imdb_id":
                return _error(400, 47, "The input is not valid.")
            film = self._by_imdb.get(unquote(match.group(1)))
            return 200, {
                "movie_results": [search_shape(film)] if film else [],
                "person_results": [],
                "tv_results": [],
                "tv_episode_results": [],
                "tv_season_results": [],
            }
        return NOT_FOUND

    def _search(self, params: dict) -> tuple[int, object]:
        page = params.get("page", "1")
        if not page.isdigit() or not 1 <= int(page) <= 500:
            return INVALID_PAGE
        return 200, self.search(
            self.films,
            params.get("query", ""),
            year=_number(params, "year"),
            primary_release_year=_number(params, "primary_release_year"),
            page=int(page),
        )

    def _search_tv(self, params: dict) -> tuple[int, object]:
        page = params.get("page", "1")
        if not page.isdigit() or not 1 <= int(page) <= 500:
            return INVALID_PAGE
        return 200, search_tv(
            self.series,
            params.get("query", ""),
            first_air_date_year=_number(params, "first_air_date_year"),
            year=_number(params, "year"),
            page=int(page),
        )

    def _details(self, film: dict, append: str) -> dict:
        details = details_shape(film)
        for name in filter(None, (a.strip() for a in append.split(","))):
            if name == "external_ids":
                details["external_ids"] = external_ids_shape(film)
            elif (block := appended(film, name)) is not None:
                details[name] = block
            # Like TMDB, unknown names are ignored.
        return details

    # -- control endpoints (benchmarks drive a separate server process through these) ---------

    def _control_get(self, path: str) -> tuple[int, object]:
        if path == "/__fake__/stats":
            stats = self.stats()
            # JSON object keys are strings.
            stats["by_status"] = {str(k): v for k, v in stats["by_status"].items()}
            stats["per_second"] = {str(k): v for k, v in stats["per_second"].items()}
            return 200, stats
        return NOT_FOUND

    def _handle_control_post(self, handler: _Handler) -> None:
        path = urlsplit(handler.path).path
        length = int(handler.headers.get("Content-Length") or 0)
        raw = handler.rfile.read(length) if length else b""
        if path == "/__fake__/reset":
            self.reset_stats()
            self._write(handler, _json(200, {"success": True}))
        elif path == "/__fake__/config":
            try:
                knobs = json.loads(raw or b"{}")
                if not isinstance(knobs, dict):
                    raise ValueError("expected a JSON object")
                self.configure(**knobs)
            except ValueError as exc:
                self._write(handler, _json(*_error(400, 5, f"Invalid parameters: {exc}")))
            else:
                self._write(handler, _json(200, {"success": True}))
        else:
            self._write(handler, _json(*NOT_FOUND))

    # -- writing ----------------------------------------------------------------------------

    def _write(self, handler: _Handler, reply: "_Reply") -> None:
        try:
            handler.send_response(reply.status)
            handler.send_header("Content-Type", reply.content_type)
            handler.send_header("Content-Length", str(len(reply.body)))
            for name, value in reply.headers.items():
                handler.send_header(name, value)
            handler.end_headers()
            handler.wfile.write(reply.body)
        except OSError:
            # The client gave up (a timeout, typically): nothing to answer to.
            handler.close_connection = True


def _seconds_or_none(text: str) -> float | None:
    return None if text.strip().lower() in ("none", "") else float(text)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Serve a fake TMDB API v3 on 127.0.0.1.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8765, help="0 picks a free port")
    parser.add_argument("--latency", type=float, default=0.0, help="seconds added per request")
    parser.add_argument("--rate-limit", type=float, default=None, help="requests per second")
    parser.add_argument("--rate-algorithm", choices=RATE_ALGORITHMS, default="sliding_window")
    parser.add_argument("--rate-burst", type=float, default=None, help="token bucket's size")
    parser.add_argument("--fault-rate", type=float, default=0.0)
    parser.add_argument("--faults", default=",".join(DEFAULT_FAULTS))
    parser.add_argument("--hang-seconds", type=float, default=15.0)
    parser.add_argument(
        "--retry-after",
        type=_seconds_or_none,
        default=1,
        help='seconds sent in Retry-After with a 429; "none" sends no header',
    )
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--token", default=DEFAULT_TOKEN, help="accepted bearer token")
    parser.add_argument("--api-key", default=DEFAULT_API_KEY, help="accepted api_key")
    parser.add_argument("--catalogue", help="JSON file with a list of films (default: built in)")
    args = parser.parse_args(argv)

    films = None
    if args.catalogue:
        with open(args.catalogue, encoding="utf-8") as f:
            films = json.load(f)
    fake = FakeTMDB(
        films,
        token=args.token or None,
        api_key=args.api_key or None,
        latency=args.latency,
        rate_limit=args.rate_limit,
        rate_algorithm=args.rate_algorithm,
        rate_burst=args.rate_burst,
        fault_rate=args.fault_rate,
        faults=[f for f in args.faults.split(",") if f],
        hang_seconds=args.hang_seconds,
        retry_after=args.retry_after,
        seed=args.seed,
        host=args.host,
        port=args.port,
    )
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    with fake:
        # Parents wait for this line to know the port (with --port 0) and that it is up.
        print(f"FakeTMDB serving {fake.url} ({len(fake.films)} films)", flush=True)
        stop.wait()


if __name__ == "__main__":
    main()

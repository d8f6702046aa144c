"""TMDB API v3 client.

Every request goes through one choke point, `TMDBClient._get()`: it is the only place that
talks HTTP, so it is the only place that needs to get these right:

- credentials: a read access token (sent as `Authorization: Bearer`, preferred) or an API
  key (`api_key` query parameter), never written to a log line or an exception;
- limits: a limiter slot (rate and concurrent connections) around each HTTP attempt, told
  how the server answered, so that it learns the server's real rate (`ratelimit.py`); a
  failing Redis under the shared limiter is `TMDBUnavailable`, for a later run;
- timeouts: (connect, read) on every attempt;
- retries: connection errors, timeouts, the 5xx TMDB documents as temporary (500 code 11,
  502, 503, 504) and unreadable JSON are retried with exponential back-off and jitter; a 429
  waits for `Retry-After`, or backs off without one;
- errors, by TMDB's documented status codes: 401 (with its credential codes 3, 7, 10, 14) is
  `TMDBAuthError`; 404 is `TMDBNotFound`; 501, 500 code 44 and the other 4xx (403 codes 8 and
  45 among them) are `TMDBPermanentError`; none of these is retried. A 403 without TMDB's
  error body comes from something in front of TMDB (a proxy): `TMDBUnavailable`, for later.
  Messages are one short scrubbed sentence (see `exceptions.py`).

The public methods only build parameters and turn JSON into the frozen dataclasses of
`types.py`, skipping malformed entries rather than crashing on them.
"""

import logging
import random
import re
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, datetime
from urllib.parse import quote

import requests
from requests.adapters import HTTPAdapter

from contrib.text import without_controls
from contrib.tmdb import validate
from contrib.tmdb.exceptions import (
    TMDBAuthError,
    TMDBConfigError,
    TMDBError,
    TMDBNotFound,
    TMDBPermanentError,
    TMDBRateLimited,
    TMDBUnavailable,
    scrub,
)
from contrib.tmdb.ratelimit import Limiter, LimiterTimeout, LimiterUnavailable, LocalLimiter
from contrib.tmdb.types import (
    CAST_KEPT,
    ImageConfig,
    MovieDetails,
    ReleaseDate,
    ReleaseType,
    SearchResult,
    TVResult,
    Video,
    WatchOptions,
    WatchProvider,
    parse_date,
)

logger = logging.getLogger(__name__)

DEFAULT_API_URL = "https://api.themoviedb.org/3"

# 5xx answers TMDB documents as final: 501 "Invalid service", 500 code 44 "The ID is invalid".
_PERMANENT_5XX_STATUS = 501
_PERMANENT_5XX_CODE = 44
_COUNTRY = re.compile(r"^[A-Z]{2}$")
# JustWatch's offer kinds as TMDB names them, and where WatchOptions puts them: free and
# ad-supported services stream too.
_OFFER_KINDS = {
    "flatrate": "stream",
    "free": "stream",
    "ads": "stream",
    "rent": "rent",
    "buy": "buy",
}
# Exceptions raised while sending or reading that are worth another attempt.
_TRANSIENT = (
    requests.ConnectionError,
    requests.Timeout,
    requests.exceptions.ChunkedEncodingError,
    requests.exceptions.ContentDecodingError,
)


class _ScrubFilter(logging.Filter):
    """urllib3 logs request lines at DEBUG ("GET /3/search/movie?api_key=... 200"):
    rewrite its records so that turning DEBUG on never prints the API key."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = scrub(record.getMessage())
        record.args = None
        return True


for _name in ("urllib3.connectionpool", "urllib3.connection", "urllib3.util.retry"):
    _logger = logging.getLogger(_name)
    if not any(isinstance(f, _ScrubFilter) for f in _logger.filters):
        _logger.addFilter(_ScrubFilter())


class ClientStats:
    """Thread-safe counters, read by the benchmarks and the enrichment summary."""

    FIELDS = ("calls", "requests", "retries", "rate_limited", "failures")

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._counts = dict.fromkeys(self.FIELDS, 0)

    def add(self, field: str, n: int = 1) -> None:
        with self._lock:
            self._counts[field] += n

    def snapshot(self) -> dict[str, int]:
        with self._lock:
            return dict(self._counts)

    def _read(self, field: str) -> int:
        with self._lock:
            return self._counts[field]

    @property
    def calls(self) -> int:
        """API calls made through the choke point (one per public method call)."""
        return self._read("calls")

    @property
    def requests(self) -> int:
        """HTTP attempts sent, retries included."""
        return self._read("requests")

    @property
    def retries(self) -> int:
        return self._read("retries")

    @property
    def rate_limited(self) -> int:
        """HTTP 429 answers received."""
        return self._read("rate_limited")

    @property
    def failures(self) -> int:
        """Calls that ended in an exception."""
        return self._read("failures")

    def __repr__(self) -> str:
        return f"ClientStats({self.snapshot()})"


class _Retry:
    """Outcome of one attempt that deserves another one."""

    __slots__ = ("reason", "retry_after", "status")

    def __init__(self, reason: str, status: int | None = None, retry_after: float | None = None):
        self.reason = reason
        self.status = status
        self.retry_after = retry_after


def _str(value: object, default: str = "") -> str:
    return without_controls(value) if isinstance(value, str) else default


def _float(value: object) -> float:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    return 0.0


def _int(value: object) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return 0


def _positive_id(value: object) -> int | None:
    number = _int(value)
    return number if number > 0 else None


def parse_search_result(item: object) -> SearchResult | None:
    """One `/search/movie` or `/find` entry, or None when it lacks an id or a title."""
    if not isinstance(item, Mapping):
        return None
    tmdb_id = _positive_id(item.get("id"))
    title = _str(item.get("title")).strip() or _str(item.get("original_title")).strip()
    if tmdb_id is None or not title:
        return None
    notes = validate.Notes()  # a candidate's odd field is simply left out
    return SearchResult(
        id=tmdb_id,
        title=validate.title(title, notes),
        original_title=validate.title(_str(item.get("original_title")), notes),
        original_language=_str(item.get("original_language")),
        release_date=parse_date(item.get("release_date")),
        overview=_str(item.get("overview")),
        poster_path=validate.image_path(item.get("poster_path"), notes),
        backdrop_path=validate.image_path(item.get("backdrop_path"), notes),
        popularity=_float(item.get("popularity")),
        vote_average=_float(item.get("vote_average")),
        vote_count=max(0, _int(item.get("vote_count"))),
    )


def parse_tv_result(item: object) -> TVResult | None:
    """One `/search/tv` entry, or None when it lacks an id or a name."""
    if not isinstance(item, Mapping):
        return None
    tmdb_id = _positive_id(item.get("id"))
    name = _str(item.get("name")).strip() or _str(item.get("original_name")).strip()
    if tmdb_id is None or not name:
        return None
    countries = item.get("origin_country")
    return TVResult(
        id=tmdb_id,
        name=name,
        original_name=_str(item.get("original_name")),
        original_language=_str(item.get("original_language")),
        first_air_date=parse_date(item.get("first_air_date")),
        origin_country=tuple(
            c for c in (countries if isinstance(countries, list) else []) if isinstance(c, str)
        ),
        overview=_str(item.get("overview")),
        poster_path=validate.image_path(item.get("poster_path"), validate.Notes()),
        popularity=_float(item.get("popularity")),
        vote_count=max(0, _int(item.get("vote_count"))),
    )


def _names(items: object, key: str) -> tuple[str, ...]:
    """The non-empty `key` strings of a list of objects, in order."""
    return tuple(
        without_controls(item[key])
        for item in (items if isinstance(items, list) else [])
        if isinstance(item, Mapping) and isinstance(item.get(key), str) and item[key].strip()
    )


def _appended_list(data: Mapping, block: str, key: str) -> list:
    """`data[block][key]` of an appended block ("videos" -> "results"), or []."""
    value = data.get(block)
    items = value.get(key) if isinstance(value, Mapping) else None
    return items if isinstance(items, list) else []


def _country(value: object) -> str | None:
    return value if isinstance(value, str) and _COUNTRY.match(value) else None


def _datetime(value: object) -> datetime | None:
    """TMDB's "2024-03-19T16:00:00.000Z" as an aware UTC datetime."""
    if not isinstance(value, str) or not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def parse_release_dates(block: object) -> dict[str, tuple[ReleaseDate, ...]]:
    """`release_dates` by country, each country's releases by date. A country listed twice
    has its lists joined; an entry without a known type or a readable date is skipped."""
    results = block.get("results") if isinstance(block, Mapping) else None
    found: dict[str, list[ReleaseDate]] = {}
    for country in results if isinstance(results, list) else []:
        if not isinstance(country, Mapping) or not (code := _country(country.get("iso_3166_1"))):
            continue
        entries = country.get("release_dates")
        for entry in entries if isinstance(entries, list) else []:
            if not isinstance(entry, Mapping):
                continue
            released = parse_date(entry.get("release_date"))
            kind = _int(entry.get("type"))
            if released is None or kind not in ReleaseType._value2member_map_:
                continue
            found.setdefault(code, []).append(
                ReleaseDate(
                    type=ReleaseType(kind),
                    date=released,
                    certification=_str(entry.get("certification")).strip()[:20],
                    note=_str(entry.get("note")).strip()[:200],
                )
            )
    return {
        code: tuple(sorted(days, key=lambda d: (d.date, d.type))) for code, days in found.items()
    }


def _providers(items: object) -> list[WatchProvider]:
    providers = []
    for item in items if isinstance(items, list) else []:
        if not isinstance(item, Mapping):
            continue
        provider_id = _positive_id(item.get("provider_id"))
        name = _str(item.get("provider_name")).strip()
        if provider_id is None or not name:
            continue
        providers.append(
            WatchProvider(
                id=provider_id,
                name=name[:100],
                logo_path=validate.image_path(item.get("logo_path"), validate.Notes()),
                priority=_int(item.get("display_priority")),
            )
        )
    return providers


def parse_watch_providers(block: object) -> dict[str, WatchOptions]:
    """`watch/providers` by country: stream (subscription, free, ads), rent and buy, each in
    display order without repeats, and TMDB's watch page for that country."""
    results = block.get("results") if isinstance(block, Mapping) else None
    found: dict[str, WatchOptions] = {}
    for code, offers in (results if isinstance(results, Mapping) else {}).items():
        if not _country(code) or not isinstance(offers, Mapping):
            continue
        kinds: dict[str, dict[int, WatchProvider]] = {"stream": {}, "rent": {}, "buy": {}}
        for name, kind in _OFFER_KINDS.items():
            for provider in _providers(offers.get(name)):
                kinds[kind].setdefault(provider.id, provider)
        options = WatchOptions(
            # Shown as a link on the film's page: https only, nothing that leaves the attribute.
            link=(validate.https_url(offers.get("link"), validate.Notes(), "link") or "")[:500],
            **{
                kind: tuple(sorted(providers.values(), key=lambda p: (p.priority, p.name)))
                for kind, providers in kinds.items()
            },
        )
        if options:
            found[code] = options
    return found


def parse_credits(block: object) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(directors, the top-billed cast by `order`, at most CAST_KEPT)."""
    if not isinstance(block, Mapping):
        return (), ()
    crew = block.get("crew")
    directors = _names(
        [
            p
            for p in (crew if isinstance(crew, list) else [])
            if isinstance(p, Mapping) and p.get("job") == "Director"
        ],
        "name",
    )
    cast = block.get("cast")
    billed = sorted(
        (p for p in (cast if isinstance(cast, list) else []) if isinstance(p, Mapping)),
        key=lambda p: _int(p.get("order")),
    )
    return tuple(dict.fromkeys(directors)), tuple(dict.fromkeys(_names(billed, "name")))[:CAST_KEPT]


def parse_videos(block: object) -> tuple[Video, ...]:
    """The YouTube `videos` with a well-formed key, in TMDB's order."""
    results = block.get("results") if isinstance(block, Mapping) else None
    videos = []
    for item in results if isinstance(results, list) else []:
        if not isinstance(item, Mapping) or item.get("site") != "YouTube":
            continue
        key = validate.youtube_key(_str(item.get("key")).strip())
        if key is None:
            continue
        videos.append(
            Video(
                key=key,
                name=_str(item.get("name")).strip()[:500],
                type=_str(item.get("type")),
                official=item.get("official") is True,
                language=_str(item.get("iso_639_1"))[:2],
                country=_country(item.get("iso_3166_1")) or "",
                published_at=_datetime(item.get("published_at")),
            )
        )
    return tuple(videos)


def _origin_countries(data: Mapping) -> tuple[str, ...]:
    origin = data.get("origin_country")
    codes = [c for c in (origin if isinstance(origin, list) else []) if _country(c)]
    if not codes:
        countries = data.get("production_countries")
        codes = [
            c["iso_3166_1"]
            for c in (countries if isinstance(countries, list) else [])
            if isinstance(c, Mapping) and _country(c.get("iso_3166_1"))
        ]
    return tuple(dict.fromkeys(codes))


def parse_movie_details(data: Mapping) -> MovieDetails | None:
    """`/movie/{id}` (optionally with `external_ids` appended), or None without an id. Fields
    that are not what TMDB documents are dropped and listed in `problems`."""
    tmdb_id = _positive_id(data.get("id"))
    if tmdb_id is None:
        return None
    notes = validate.Notes()
    imdb_id = data.get("imdb_id")
    external = data.get("external_ids")
    if not imdb_id and isinstance(external, Mapping):
        imdb_id = external.get("imdb_id")
    videos = parse_videos(data.get("videos"))
    runtime = _int(data.get("runtime"))
    title = _str(data.get("title")).strip() or _str(data.get("original_title")).strip()
    directors, cast = parse_credits(data.get("credits"))
    return MovieDetails(
        id=tmdb_id,
        title=validate.title(title, notes),
        original_title=validate.title(_str(data.get("original_title")), notes, "original_title"),
        original_language=_str(data.get("original_language")),
        imdb_id=validate.imdb_id(imdb_id, notes),
        overview=_str(data.get("overview")),
        release_date=parse_date(data.get("release_date")),
        # TMDB says 0 for "unknown".
        runtime=runtime if 0 < runtime < 10_000 else None,
        genres=_names(data.get("genres"), "name"),
        vote_average=_float(data.get("vote_average")),
        vote_count=max(0, _int(data.get("vote_count"))),
        popularity=_float(data.get("popularity")),
        poster_path=validate.image_path(data.get("poster_path"), notes, "poster_path"),
        backdrop_path=validate.image_path(data.get("backdrop_path"), notes, "backdrop_path"),
        production_companies=_names(data.get("production_companies"), "name"),
        youtube_keys=tuple(video.key for video in videos),
        alternative_titles=_names(_appended_list(data, "alternative_titles", "titles"), "title"),
        problems=tuple(notes),
        origin_countries=_origin_countries(data),
        videos=videos,
        release_dates=parse_release_dates(data.get("release_dates")),
        watch=parse_watch_providers(data.get("watch/providers")),
        directors=directors,
        cast=cast,
    )


def _parse_retry_after(value: str | None) -> float | None:
    """Retry-After in seconds (TMDB sends an integer); an HTTP date is not worth parsing."""
    if not value:
        return None
    try:
        seconds = float(value.strip())
    except ValueError:
        return None
    return seconds if seconds >= 0 else None


def _retry_after(response: requests.Response) -> float | None:
    return _parse_retry_after(response.headers.get("Retry-After"))


def _error_body(response: requests.Response) -> tuple[int | None, str]:
    """TMDB's {"status_code": N, "status_message": "..."}, when the body is one."""
    try:
        body = response.json()
    except ValueError:
        return None, ""
    if not isinstance(body, dict):
        return None, ""
    code = body.get("status_code")
    message = body.get("status_message")
    return (
        code if isinstance(code, int) and not isinstance(code, bool) else None,
        message[:200] if isinstance(message, str) else "",
    )


class TMDBClient:
    """Thread-safe TMDB API v3 client. Share one instance across a thread pool."""

    def __init__(
        self,
        *,
        api_url: str | None = None,
        read_access_token: str | None = None,
        api_key: str | None = None,
        timeout: float | tuple[float, float] = (3.05, 10),
        max_retries: int = 3,
        backoff: float = 0.5,
        limiter: Limiter | None = None,
        pool_size: int = 10,
        max_retry_after: float = 30.0,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if max_retries < 0 or backoff < 0 or pool_size < 1:
            raise ValueError("max_retries and backoff must be >= 0, pool_size >= 1")
        self.api_url = (api_url or DEFAULT_API_URL).rstrip("/")
        self._token = (read_access_token or "").strip() or None
        self._api_key = (api_key or "").strip() or None
        self.timeout = timeout
        self.max_retries = max_retries
        self.backoff = backoff
        self.max_retry_after = max_retry_after
        self.limiter = limiter or LocalLimiter(max_rate=40, max_concurrent=pool_size)
        self.stats = ClientStats()
        self._sleep = sleep  # every wait between attempts goes through here

        # Configured once here and never mutated afterwards, so threads can share it.
        self._session = requests.Session()
        self._session.headers["Accept"] = "application/json"
        self._session.headers["User-Agent"] = "WhichMovie (+self-hosted)"
        if self._token:
            self._session.headers["Authorization"] = f"Bearer {self._token}"
        # urllib3 must not retry on its own (its retry log lines carry the URL), and the
        # pool blocks rather than opening connections beyond `pool_size`.
        adapter = HTTPAdapter(
            pool_connections=2, pool_maxsize=pool_size, pool_block=True, max_retries=0
        )
        self._session.mount("https://", adapter)
        self._session.mount("http://", adapter)

    @property
    def has_credentials(self) -> bool:
        return bool(self._token or self._api_key)

    @property
    def auth_mode(self) -> str | None:
        """Which credential is sent ("bearer", "api_key" or None), without revealing it."""
        if self._token:
            return "bearer"
        return "api_key" if self._api_key else None

    def close(self) -> None:
        self._session.close()

    def __enter__(self) -> "TMDBClient":
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"TMDBClient(api_url={self.api_url!r}, auth={self.auth_mode!r})"

    # -- public API ---------------------------------------------------------------------

    def search_movie(
        self,
        query: str,
        *,
        year: int | None = None,
        primary_release_year: int | None = None,
        page: int = 1,
    ) -> list[SearchResult]:
        """`/search/movie`, results in TMDB's order; malformed entries are skipped."""
        query = (query or "").strip()
        if not query:
            return []
        data = self._get(
            "/search/movie",
            {
                "query": query,
                "year": year,
                "primary_release_year": primary_release_year,
                "page": page,
                "include_adult": "false",
            },
        )
        return self._results(data, "results", "/search/movie")

    def search_tv(
        self, query: str, *, first_air_date_year: int | None = None, page: int = 1
    ) -> list[TVResult]:
        """`/search/tv`, results in TMDB's order; malformed entries are skipped."""
        query = (query or "").strip()
        if not query:
            return []
        data = self._get(
            "/search/tv",
            {
                "query": query,
                "first_air_date_year": first_air_date_year,
                "page": page,
                "include_adult": "false",
            },
        )
        return self._results(data, "results", "/search/tv", parse=parse_tv_result)

    def movie_details(
        self, tmdb_id: int, *, append: Iterable[str] = ("external_ids",)
    ) -> MovieDetails:
        """`/movie/{id}`; `imdb_id` comes from the top level or from `external_ids`."""
        if _positive_id(tmdb_id) is None:
            raise ValueError(f"not a TMDB movie id: {tmdb_id!r}")
        path = f"/movie/{int(tmdb_id)}"
        appended = ",".join(append)
        data = self._get(path, {"append_to_response": appended or None})
        details = parse_movie_details(data)
        if details is None:
            self.stats.add("failures")
            raise TMDBUnavailable(f"TMDB {path}: the answer has no movie id.", path=path)
        return details

    def find_by_imdb_id(self, imdb_id: str) -> list[SearchResult]:
        """`/find/{imdb_id}?external_source=imdb_id` movie results (usually 0 or 1)."""
        imdb_id = (imdb_id or "").strip()
        if not validate.IMDB_ID.fullmatch(imdb_id):
            raise ValueError(f"not an IMDb title id: {imdb_id!r}")
        path = f"/find/{quote(imdb_id)}"
        data = self._get(path, {"external_source": "imdb_id"})
        return self._results(data, "movie_results", "/find")

    def configuration(self) -> ImageConfig:
        """`/configuration` images block (cache it: it changes a few times a year)."""
        data = self._get("/configuration", {})
        images = data.get("images")
        if not isinstance(images, Mapping):
            return ImageConfig()
        default = ImageConfig()

        # Only an https base is taken: its addresses go into pages and the API as they are.
        return ImageConfig(
            base_url=validate.image_base_url(images.get("secure_base_url")) or default.base_url,
            poster_sizes=validate.image_sizes(images.get("poster_sizes")) or default.poster_sizes,
            backdrop_sizes=validate.image_sizes(images.get("backdrop_sizes"))
            or default.backdrop_sizes,
        )

    # -- the choke point ----------------------------------------------------------------

    def _results(self, data: dict, key: str, path: str, parse=parse_search_result) -> list:
        results = data.get(key)
        if not isinstance(results, list):
            # Not "no match": a caller would mark the film as unknown to TMDB.
            self.stats.add("failures")
            raise TMDBUnavailable(f"TMDB {path}: the answer has no {key} list.", path=path)
        parsed = (parse(item) for item in results)
        return [result for result in parsed if result is not None]

    def _backoff(self, attempt: int) -> float:
        delay = self.backoff * (2**attempt)
        return delay + random.uniform(0, delay / 4)

    def _get(self, path: str, params: Mapping[str, object]) -> dict:
        """GET `path` (e.g. "/search/movie") and return the JSON object.

        Raises a TMDBError subclass; never one carrying the URL, a header or a credential.
        """
        if not self.has_credentials:
            raise TMDBConfigError(
                "TMDB is not configured: set TMDB_READ_ACCESS_TOKEN or TMDB_API_KEY.", path=path
            )
        query = {k: v for k, v in params.items() if v is not None}
        if not self._token:
            query["api_key"] = self._api_key
        url = self.api_url + path
        attempts = self.max_retries + 1
        self.stats.add("calls")

        for attempt in range(attempts):
            # Outcomes are recorded in variables and raised outside the `except` blocks, so
            # no requests exception (whose text has the URL) is chained to ours.
            transient: str | None = None
            fatal: str | None = None
            limiter_timeout = False
            limiter_failed: str | None = None
            response = None
            try:
                with self.limiter.slot() as slot:
                    self.stats.add("requests")
                    response = self._session.get(url, params=query, timeout=self.timeout)
                    slot.answered(response.status_code, _retry_after(response))
            except LimiterTimeout:
                limiter_timeout = True
            except LimiterUnavailable as exc:  # the shared limiter's Redis
                limiter_failed = exc.reason
            except requests.Timeout as exc:
                transient = f"timed out ({type(exc).__name__})"
            except _TRANSIENT as exc:
                transient = f"connection failed ({type(exc).__name__})"
            except requests.RequestException as exc:
                # Not transient (an invalid URL, too many redirects...): retrying won't help.
                fatal = type(exc).__name__

            if fatal:
                self.stats.add("failures")
                raise TMDBError(f"TMDB {path}: request failed ({fatal}).", path=path)
            if limiter_timeout:
                self.stats.add("failures")
                raise TMDBRateLimited(
                    f"TMDB {path}: no connection slot free in the client's limiter.", path=path
                )
            if limiter_failed and response is not None:
                # TMDB answered; only telling the shared limiter how failed: keep the answer.
                logger.warning(
                    "TMDB %s: the rate limiter's Redis failed (%s)", path, limiter_failed
                )
            elif limiter_failed:
                # Transient, for a later run: without the shared limit no request may go out.
                self.stats.add("failures")
                raise TMDBUnavailable(
                    f"TMDB {path}: not asked: Redis, which keeps the shared TMDB rate limit, "
                    f"failed ({limiter_failed}).",
                    path=path,
                )
            if response is not None:
                outcome = self._handle(response, path)
                if not isinstance(outcome, _Retry):
                    return outcome
            else:
                outcome = _Retry(transient or "failed")

            if outcome.status == 429:
                self.stats.add("rate_limited")
                if outcome.retry_after is not None and outcome.retry_after > self.max_retry_after:
                    self.stats.add("failures")
                    raise TMDBRateLimited(
                        f"TMDB {path}: rate limited (HTTP 429), asked to wait "
                        f"{outcome.retry_after:.0f}s.",
                        path=path,
                        status=429,
                        retry_after=outcome.retry_after,
                    )
            if attempt + 1 >= attempts:
                break
            # After a Retry-After the limiter, which was told too, spaces the callers out again.
            if outcome.retry_after is not None:
                delay = outcome.retry_after
            else:
                delay = self._backoff(attempt)
            logger.warning(
                "TMDB %s: %s; retry %d of %d in %.2fs",
                path,
                outcome.reason,
                attempt + 1,
                self.max_retries,
                delay,
            )
            self.stats.add("retries")
            self._sleep(delay)

        self.stats.add("failures")
        if outcome.status == 429:
            raise TMDBRateLimited(
                f"TMDB {path}: still rate limited (HTTP 429) after {attempts} attempts.",
                path=path,
                status=429,
                retry_after=outcome.retry_after,
            )
        raise TMDBUnavailable(
            f"TMDB {path}: {outcome.reason} after {attempts} attempts.",
            path=path,
            status=outcome.status,
        )

    def _handle(self, response: requests.Response, path: str) -> dict | _Retry:
        """Turn one HTTP response into JSON, a retry, or a final error."""
        status = response.status_code
        if 200 <= status < 300:
            try:
                data = response.json()
            except ValueError:
                return _Retry(f"invalid JSON (HTTP {status})", status)
            if not isinstance(data, dict):
                return _Retry(f"unexpected JSON shape (HTTP {status})", status)
            return data

        if status == 429:
            return _Retry("rate limited (HTTP 429)", 429, _retry_after(response))
        code, message = _error_body(response)
        if status >= 500 and status != _PERMANENT_5XX_STATUS and code != _PERMANENT_5XX_CODE:
            return _Retry(f"HTTP {status}", status)

        detail = f"HTTP {status}" + (f", status_code {code}" if code is not None else "")
        self.stats.add("failures")
        if status == 401:  # TMDB's credential codes (3, 7, 10, 14) all come with a 401
            raise TMDBAuthError(
                f"TMDB rejected the credential on {path} ({detail}).",
                path=path,
                status=status,
                tmdb_status_code=code,
            )
        if status == 404:
            raise TMDBNotFound(
                f"TMDB {path}: not found ({detail}).",
                path=path,
                status=status,
                tmdb_status_code=code,
            )
        if status == 403 and code is None:
            # Not TMDB's answer (it always sends its JSON body): a proxy or a firewall on the
            # way. Not the film's fault and not the credential's: leave it for a later run.
            raise TMDBUnavailable(
                f"TMDB {path}: refused by something in front of TMDB (HTTP 403 without "
                "TMDB's error body).",
                path=path,
                status=status,
            )
        suffix = f": {scrub(message, (self._token, self._api_key)).rstrip('.')}" if message else ""
        raise TMDBPermanentError(
            f"TMDB {path}: {detail}{suffix}.",
            path=path,
            status=status,
            tmdb_status_code=code,
        )

"""Typed results of the TMDB client: what the rest of WhichMovie works with.

Plain Python dataclasses, built from TMDB's JSON by the client.
"""

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import IntEnum
from functools import cached_property

# Top-billed actors kept per film.
CAST_KEPT = 5
# TMDB's movie genres (/genre/movie/list, in English): id -> name.
GENRE_NAMES = {
    28: "Action",
    12: "Adventure",
    16: "Animation",
    35: "Comedy",
    80: "Crime",
    99: "Documentary",
    18: "Drama",
    10751: "Family",
    14: "Fantasy",
    36: "History",
    27: "Horror",
    10402: "Music",
    9648: "Mystery",
    10749: "Romance",
    878: "Science Fiction",
    10770: "TV Movie",
    53: "Thriller",
    10752: "War",
    37: "Western",
}
# Their names, in order: the genre filter's choices.
MOVIE_GENRES = tuple(sorted(GENRE_NAMES.values(), key=str.lower))


def parse_date(value: object) -> date | None:
    """TMDB sends "" or null for unknown dates, and occasionally a malformed string."""
    if not isinstance(value, str) or not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


@dataclass(frozen=True)
class SearchResult:
    """One entry of `/search/movie` (or `/find`) results."""

    id: int
    title: str
    original_title: str = ""
    original_language: str = ""
    release_date: date | None = None
    overview: str = ""
    poster_path: str | None = None
    backdrop_path: str | None = None
    popularity: float = 0.0
    vote_average: float = 0.0
    vote_count: int = 0

    @property
    def year(self) -> int | None:
        return self.release_date.year if self.release_date else None


@dataclass(frozen=True)
class TVResult:
    """One entry of `/search/tv` results: a series, which a trailer may be about instead of
    a film."""

    id: int
    name: str
    original_name: str = ""
    original_language: str = ""
    first_air_date: date | None = None
    origin_country: tuple[str, ...] = ()
    overview: str = ""
    poster_path: str | None = None
    popularity: float = 0.0
    vote_count: int = 0

    @property
    def year(self) -> int | None:
        return self.first_air_date.year if self.first_air_date else None


class ReleaseType(IntEnum):
    """TMDB's release types, as `release_dates` numbers them."""

    PREMIERE = 1
    LIMITED = 2
    THEATRICAL = 3
    DIGITAL = 4
    PHYSICAL = 5
    TV = 6


@dataclass(frozen=True)
class ReleaseDate:
    """One release of a film in one country (`release_dates`)."""

    type: ReleaseType
    date: date
    certification: str = ""
    note: str = ""


@dataclass(frozen=True)
class WatchProvider:
    """A service offering a film in one country (`watch/providers`: JustWatch's data)."""

    id: int
    name: str
    logo_path: str | None = None
    priority: int = 0


@dataclass(frozen=True)
class WatchOptions:
    """Where to watch a film in one country. `stream` holds subscription, free and
    ad-supported services alike; each list is in TMDB's display order."""

    link: str = ""
    stream: tuple[WatchProvider, ...] = ()
    rent: tuple[WatchProvider, ...] = ()
    buy: tuple[WatchProvider, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.stream or self.rent or self.buy)


@dataclass(frozen=True)
class Video:
    """One of a film's `videos` on YouTube."""

    key: str  # the YouTube video id
    name: str = ""
    type: str = ""  # "Trailer", "Teaser", "Clip", "Featurette", ...
    official: bool = False
    language: str = ""  # ISO 639-1
    country: str = ""  # ISO 3166-1
    published_at: datetime | None = None


@dataclass(frozen=True)
class MovieDetails:
    """`/movie/{id}` with `external_ids` appended, and what the matcher weighs when
    `videos` and `alternative_titles` are appended too; the film's facts when
    `release_dates`, `watch/providers` and `credits` are appended as well."""

    id: int
    title: str
    original_title: str = ""
    original_language: str = ""
    imdb_id: str | None = None
    overview: str = ""
    release_date: date | None = None
    runtime: int | None = None
    genres: tuple[str, ...] = ()
    vote_average: float = 0.0
    vote_count: int = 0
    popularity: float = 0.0
    poster_path: str | None = None
    backdrop_path: str | None = None
    production_companies: tuple[str, ...] = ()
    # The YouTube ids among its `videos` (trailers, teasers, clips...).
    youtube_keys: tuple[str, ...] = ()
    # Its `alternative_titles` (other countries' and earlier titles).
    alternative_titles: tuple[str, ...] = ()
    # Where it was made first (`origin_country`, else its production countries).
    origin_countries: tuple[str, ...] = ()
    # Its YouTube `videos`, in TMDB's order.
    videos: tuple[Video, ...] = ()
    # `release_dates` by country (ISO 3166-1), each country's in date order.
    release_dates: dict[str, tuple[ReleaseDate, ...]] = field(default_factory=dict)
    # `watch/providers` by country: JustWatch's data, which must be credited where shown.
    watch: dict[str, WatchOptions] = field(default_factory=dict)
    # `credits`: the directors, and the cast in billing order (at most CAST_KEPT).
    directors: tuple[str, ...] = ()
    cast: tuple[str, ...] = ()
    # Fields dropped because they were not what TMDB documents (contrib.tmdb.validate).
    problems: tuple[str, ...] = ()

    @property
    def year(self) -> int | None:
        return self.release_date.year if self.release_date else None


DEFAULT_IMAGE_BASE_URL = "https://image.tmdb.org/t/p/"


@dataclass(frozen=True)
class ImageConfig:
    """`/configuration` images block: how a file path becomes an image URL."""

    base_url: str = DEFAULT_IMAGE_BASE_URL
    poster_sizes: tuple[str, ...] = ("w92", "w154", "w185", "w342", "w500", "w780", "original")
    backdrop_sizes: tuple[str, ...] = ("w300", "w780", "w1280", "original")

    @cached_property
    def _root(self) -> str:
        return self.base_url.rstrip("/")

    def url(self, path: str | None, size: str) -> str | None:
        # Called for every size of every poster of a page: the base is trimmed once.
        if not path:
            return None
        return f"{self._root}/{size}/{path.lstrip('/')}"

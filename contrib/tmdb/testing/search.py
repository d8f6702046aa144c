"""An offline TMDB: a deliberately hard film catalogue, a series catalogue, and searches that
behave like `/search/movie` and `/search/tv`.

The film catalogue (`catalogue.json`) is full of remakes and namesakes whose older film is the
more popular one, festival premieres a year away from the trailer's year, release dates per
country (late local releases, anniversary re-releases), foreign original and alternative
titles, digits and punctuation, films without posters or release dates, and gaps (films TMDB
does not have); films carry TMDB's `videos` (YouTube keys) and `production_companies`. The
series catalogue (`tv_catalogue.json`) holds series, many named like films. The searches rank
by popularity, like TMDB, so taking the first result is often wrong: that is what the matcher
in `contrib.tmdb.matching` is measured against (`cases.json`).
"""

import copy
import functools
import json
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from contrib.text import fold
from contrib.tmdb.accuracy import LabelledCase
from contrib.tmdb.api import parse_movie_details, parse_search_result, parse_tv_result
from contrib.tmdb.matching import MatchQuery, Outcome, TrailerEvidence
from contrib.tmdb.types import MovieDetails, SearchResult, TVResult, parse_date

CATALOGUE_PATH = Path(__file__).with_name("catalogue.json")
TV_CATALOGUE_PATH = Path(__file__).with_name("tv_catalogue.json")
CASES_PATH = Path(__file__).with_name("cases.json")
PAGE_SIZE = 20
MAX_PAGE = 500
SEARCH_FIELDS = (
    "adult",
    "backdrop_path",
    "genre_ids",
    "id",
    "original_language",
    "original_title",
    "overview",
    "popularity",
    "poster_path",
    "release_date",
    "title",
    "video",
    "vote_average",
    "vote_count",
)
TV_SEARCH_FIELDS = (
    "adult",
    "backdrop_path",
    "first_air_date",
    "genre_ids",
    "id",
    "name",
    "origin_country",
    "original_language",
    "original_name",
    "overview",
    "popularity",
    "poster_path",
    "vote_average",
    "vote_count",
)
# TMDB ranks an exact title above a merely matching one, but popularity dominates: a famous
# namesake ("Captain America: Civil War") still comes before the exact "Civil War".
EXACT_TITLE_BOOST = 1.5


@functools.cache
def _read(path: Path) -> tuple[dict, ...]:
    with path.open(encoding="utf-8") as f:
        return tuple(json.load(f))


def load_catalogue() -> list[dict]:
    """The catalogue's films as TMDB details dicts (search fields plus imdb_id, runtime,
    genres, production_companies, and where a case needs them videos, release_dates and
    alternative_titles in the shapes `append_to_response` gives). A fresh copy each time:
    callers may change theirs."""
    return copy.deepcopy(list(_read(CATALOGUE_PATH)))


def load_tv_catalogue() -> list[dict]:
    """The series catalogue, as `/search/tv` results. A fresh copy each time."""
    return copy.deepcopy(list(_read(TV_CATALOGUE_PATH)))


@functools.lru_cache(maxsize=4096)
def _title_words(text: str) -> tuple[str, ...]:
    return tuple(fold(text).split())


def _matches(query_words: tuple[str, ...], title: str) -> bool:
    """Like TMDB: every query word starts some word of the title."""
    words = _title_words(title)
    return all(any(word.startswith(q) for word in words) for q in query_words)


def _year_of(value: object) -> int | None:
    released = parse_date(value)
    return released.year if released else None


def _release_years(film: dict) -> set[int]:
    """Every year the film was released in some country: its primary date and each of its
    `release_dates` (premieres, theatrical, digital, physical and TV releases alike)."""
    years = {_year_of(film.get("release_date"))}
    for country in film.get("release_dates") or []:
        years.update(_year_of(d.get("release_date")) for d in country.get("release_dates") or [])
    return years - {None}


def _names(item: dict, keys: tuple[str, ...]) -> list[str]:
    """The titles a search matches: the main and original ones, then the alternative ones."""
    names = [item.get(k) or "" for k in keys]
    return names + [t.get("title") or "" for t in item.get("alternative_titles") or []]


def _relevance(item: dict, query_words: tuple[str, ...], keys: tuple[str, ...]) -> float:
    titles = {_title_words(name) for name in _names(item, keys)}
    boost = EXACT_TITLE_BOOST if query_words in titles else 1.0
    return float(item.get("popularity") or 0.0) * boost


def _search(
    items: Sequence[dict],
    query: str,
    keys: tuple[str, ...],
    keep: Callable[[dict], bool],
    shape: Callable[[dict], dict],
    page: int,
) -> dict:
    if not 1 <= page <= MAX_PAGE:
        raise ValueError(f"page must be between 1 and {MAX_PAGE}, not {page}")
    words = _title_words(query or "")
    hits = [
        item
        for item in (items if words else ())
        if any(_matches(words, name) for name in _names(item, keys)) and keep(item)
    ]
    hits.sort(key=lambda i: (_relevance(i, words, keys), i.get("vote_count") or 0), reverse=True)
    start = (page - 1) * PAGE_SIZE
    return {
        "page": page,
        "results": [shape(item) for item in hits[start : start + PAGE_SIZE]],
        "total_results": len(hits),
        # TMDB says 1 page even when there are no results.
        "total_pages": max(1, math.ceil(len(hits) / PAGE_SIZE)),
    }


def search_movies(
    films: Sequence[dict],
    query: str,
    *,
    year: int | None = None,
    primary_release_year: int | None = None,
    page: int = 1,
) -> dict:
    """`/search/movie` over `films`: a TMDB-shaped response of search-result fields.

    Case- and accent-insensitive; every query word must start a word of the title, the
    original title or an alternative title (results show the main title all the same).
    `year` keeps films released that year in any country (any of their release dates);
    `primary_release_year` only those whose primary release date is in that year. Undated
    films never pass a year filter."""

    def keep(film: dict) -> bool:
        if year is not None and year not in _release_years(film):
            return False
        return primary_release_year is None or (
            _year_of(film.get("release_date")) == primary_release_year
        )

    return _search(films, query, ("title", "original_title"), keep, search_shape, page)


def search_tv(
    series: Sequence[dict],
    query: str,
    *,
    first_air_date_year: int | None = None,
    year: int | None = None,
    page: int = 1,
) -> dict:
    """`/search/tv` over `series`, matching `name`, `original_name` and alternative titles
    like `search_movies`. `first_air_date_year` keeps series first aired that year; `year`,
    series on the air that year (first aired then or before, and not ended before it)."""

    def keep(show: dict) -> bool:
        first = _year_of(show.get("first_air_date"))
        if first_air_date_year is not None and first != first_air_date_year:
            return False
        if year is None:
            return True
        last = _year_of(show.get("last_air_date"))
        return first is not None and first <= year and (last is None or year <= last)

    return _search(series, query, ("name", "original_name"), keep, tv_search_shape, page)


def search_shape(film: dict) -> dict:
    """A film as it appears in /search/movie and /find results."""
    result = {"adult": False, "video": False, "genre_ids": []}
    result.update({key: copy.deepcopy(film[key]) for key in SEARCH_FIELDS if key in film})
    if "genre_ids" not in film and isinstance(film.get("genres"), list):
        result["genre_ids"] = [g.get("id") for g in film["genres"] if isinstance(g, dict)]
    return result


def tv_search_shape(show: dict) -> dict:
    """A series as it appears in /search/tv results."""
    result = {"adult": False, "genre_ids": [], "origin_country": []}
    result.update({key: copy.deepcopy(show[key]) for key in TV_SEARCH_FIELDS if key in show})
    return result


def appended(film: dict, name: str) -> dict | None:
    """The block `append_to_response=<name>` adds to /movie/{id} for `videos`,
    `alternative_titles`, `release_dates`, `credits` and `watch/providers`; None for other
    names. A film keeps `watch/providers` results under "watch_providers"."""
    if name == "credits":
        credits = film.get("credits") or {}
        return {
            "cast": copy.deepcopy(credits.get("cast") or []),
            "crew": copy.deepcopy(credits.get("crew") or []),
        }
    if name == "watch/providers":
        return {"results": copy.deepcopy(film.get("watch_providers") or {})}
    if name == "videos":
        return {"results": copy.deepcopy(film.get("videos") or [])}
    if name == "alternative_titles":
        return {"titles": copy.deepcopy(film.get("alternative_titles") or [])}
    if name == "release_dates":
        if isinstance(film.get("release_dates"), list):
            return {"results": copy.deepcopy(film["release_dates"])}
        if not film.get("release_date"):
            return {"results": []}
        day = {
            "certification": "",
            "descriptors": [],
            "iso_639_1": "",
            "note": "",
            "release_date": f"{film['release_date']}T00:00:00.000Z",
            "type": 3,
        }
        return {"results": [{"iso_3166_1": "US", "release_dates": [day]}]}
    return None


@dataclass(frozen=True)
class CatalogueLookups:
    """The calls `contrib.tmdb.matching.find_match` may make, answered by the catalogues in
    this process (no HTTP), as the real client's first pages would answer them."""

    films: Sequence[dict]
    series: Sequence[dict]

    def search(self, text: str, year: int | None) -> list[SearchResult]:
        response = search_movies(self.films, text, year=year)
        return [parse_search_result(item) for item in response["results"]]

    def details(self, movie_id: int) -> MovieDetails:
        film = next(f for f in self.films if f["id"] == movie_id)
        record = {name: appended(film, name) for name in ("videos", "alternative_titles")}
        return parse_movie_details({**film, **record})

    def search_tv(self, text: str) -> list[TVResult]:
        response = search_tv(self.series, text)
        return [parse_tv_result(item) for item in response["results"]]


def catalogue_lookups(
    films: Sequence[dict] | None = None, series: Sequence[dict] | None = None
) -> CatalogueLookups:
    return CatalogueLookups(
        load_catalogue() if films is None else films,
        load_tv_catalogue() if series is None else series,
    )


def catalogue_search(
    films: Sequence[dict] | None = None,
) -> Callable[[str, int | None], list[SearchResult]]:
    """A `search(text, year)` for `contrib.tmdb.matching.find_match`, backed by the
    catalogue: page 1 with TMDB's `year`, like the real client's first page."""
    return catalogue_lookups(films, ()).search


@dataclass(frozen=True)
class CaseChannel:
    """A channel the cases' trailers come from."""

    slug: str
    name: str
    url: str
    # As the channel's admin form would hold them; empty: the channel's name.
    studios: tuple[str, ...] = ()

    @property
    def studio_names(self) -> tuple[str, ...]:
        return self.studios or (self.name,)


@dataclass(frozen=True)
class CaseSet:
    # The fixed "today" the cases were written for (the fallback of recency).
    today: date
    channels: dict[str, CaseChannel]
    cases: tuple[LabelledCase, ...]


def load_cases() -> CaseSet:
    """`cases.json`: each film's trailers (as posted, with their channel, video id and upload
    day), the title, year and re-release mark the parser gives, and the right answer."""
    with CASES_PATH.open(encoding="utf-8") as f:
        data = json.load(f)
    channels = {
        slug: CaseChannel(slug, c["name"], c["url"], tuple(c.get("studios", ())))
        for slug, c in data["channels"].items()
    }
    return CaseSet(
        today=date.fromisoformat(data["today"]),
        channels=channels,
        cases=tuple(_case(case, channels) for case in data["cases"]),
    )


def _case(case: dict, channels: dict[str, CaseChannel]) -> LabelledCase:
    main = {
        "source": case["source"],
        "trailer": case["trailer"],
        "video_id": case["video_id"],
        "published": case.get("published"),
        "year": case.get("trailer_year", case.get("year")),
        "rerelease": case.get("rerelease", False),
    }
    trailers = [main, *case.get("also", ())]
    evidence = tuple(
        TrailerEvidence(
            video_id=t["video_id"],
            title=t["trailer"],
            channel=channels[t["source"]].name,
            studios=channels[t["source"]].studio_names,
            published=date.fromisoformat(t["published"]) if t.get("published") else None,
            year=t.get("year"),
            rerelease=t.get("rerelease", False),
        )
        for t in trailers
    )
    year = case.get("year")
    return LabelledCase(
        query=MatchQuery(
            title=case["title"],
            year=year,
            alt_titles=tuple(case.get("alt_titles", ())),
            trailers=evidence,
            rerelease=year is None and all(t.rerelease for t in evidence),
        ),
        expect_id=case["expect_id"],
        expect_outcome=Outcome(case["expect_outcome"]),
        label=case["trailer"],
        note=case.get("why", ""),
        expect_series=case.get("expect_series"),
        sources=tuple(t["source"] for t in trailers),
    )

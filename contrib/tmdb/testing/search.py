"""An offline TMDB: a deliberately hard film catalogue and a search that behaves like
`/search/movie`.

The catalogue (`catalogue.json`) is full of remakes and namesakes whose older film is the more
popular one, festival premieres a year away from the trailer's year, foreign original titles,
digits and punctuation, films without posters or release dates, and gaps (films TMDB does not
have). The search ranks by popularity, like TMDB, so taking its first result is often wrong:
that is what the matcher in `contrib.tmdb.matching` is measured against (`cases.json`).
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
from contrib.tmdb.api import parse_search_result
from contrib.tmdb.matching import MatchQuery, Outcome
from contrib.tmdb.types import SearchResult, parse_date

CATALOGUE_PATH = Path(__file__).with_name("catalogue.json")
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
# TMDB ranks an exact title above a merely matching one, but popularity dominates: a famous
# namesake ("Captain America: Civil War") still comes before the exact "Civil War".
EXACT_TITLE_BOOST = 1.5


@functools.cache
def _read_catalogue() -> tuple[dict, ...]:
    with CATALOGUE_PATH.open(encoding="utf-8") as f:
        return tuple(json.load(f))


def load_catalogue() -> list[dict]:
    """The catalogue's films as TMDB details dicts (search fields plus imdb_id, runtime,
    genres). A fresh copy each time: callers may change theirs."""
    return copy.deepcopy(list(_read_catalogue()))


@functools.lru_cache(maxsize=4096)
def _title_words(text: str) -> tuple[str, ...]:
    return tuple(fold(text).split())


def _matches(query_words: tuple[str, ...], title: str) -> bool:
    """Like TMDB: every query word starts some word of the title."""
    words = _title_words(title)
    return all(any(word.startswith(q) for word in words) for q in query_words)


def _release_year(film: dict) -> int | None:
    released = parse_date(film.get("release_date"))
    return released.year if released else None


def _relevance(film: dict, query_words: tuple[str, ...]) -> float:
    titles = {_title_words(film.get(k) or "") for k in ("title", "original_title")}
    boost = EXACT_TITLE_BOOST if query_words in titles else 1.0
    return float(film.get("popularity") or 0.0) * boost


def search_movies(
    films: Sequence[dict],
    query: str,
    *,
    year: int | None = None,
    primary_release_year: int | None = None,
    page: int = 1,
) -> dict:
    """`/search/movie` over `films`: a TMDB-shaped response of search-result fields.

    Case- and accent-insensitive; every query word must start a word of the title or of the
    original title. `year` keeps films released in that year (TMDB also looks at regional
    release dates; the catalogue has one date per film, so here it behaves like
    `primary_release_year`). Undated films never pass a year filter."""
    if not 1 <= page <= MAX_PAGE:
        raise ValueError(f"page must be between 1 and {MAX_PAGE}, not {page}")
    words = _title_words(query or "")
    hits = []
    for film in films:
        if not words:
            break
        if not any(_matches(words, film.get(k) or "") for k in ("title", "original_title")):
            continue
        released = _release_year(film)
        if year is not None and released != year:
            continue
        if primary_release_year is not None and released != primary_release_year:
            continue
        hits.append(film)
    hits.sort(key=lambda f: (_relevance(f, words), f.get("vote_count") or 0), reverse=True)
    start = (page - 1) * PAGE_SIZE
    return {
        "page": page,
        "results": [search_shape(film) for film in hits[start : start + PAGE_SIZE]],
        "total_results": len(hits),
        # TMDB says 1 page even when there are no results.
        "total_pages": max(1, math.ceil(len(hits) / PAGE_SIZE)),
    }


def search_shape(film: dict) -> dict:
    """A film as it appears in /search/movie and /find results."""
    result = {"adult": False, "video": False, "genre_ids": []}
    result.update({key: copy.deepcopy(film[key]) for key in SEARCH_FIELDS if key in film})
    if "genre_ids" not in film and isinstance(film.get("genres"), list):
        result["genre_ids"] = [g.get("id") for g in film["genres"] if isinstance(g, dict)]
    return result


def catalogue_search(
    films: Sequence[dict] | None = None,
) -> Callable[[str, int | None], list[SearchResult]]:
    """A `search(text, year)` for `contrib.tmdb.matching.find_match`, backed by the
    catalogue: page 1 with `primary_release_year`, like the real client's first page."""
    films = load_catalogue() if films is None else films

    def search(text: str, year: int | None) -> list[SearchResult]:
        response = search_movies(films, text, primary_release_year=year)
        return [parse_search_result(item) for item in response["results"]]

    return search


@dataclass(frozen=True)
class CaseSet:
    # The fixed "today" the cases were written for (recency depends on it).
    today: date
    cases: tuple[LabelledCase, ...]


def load_cases() -> CaseSet:
    """`cases.json`: trailer-derived queries with the TMDB id they should match."""
    with CASES_PATH.open(encoding="utf-8") as f:
        data = json.load(f)
    cases = tuple(
        LabelledCase(
            query=MatchQuery(
                title=case["title"],
                year=case.get("year"),
                alt_titles=tuple(case.get("alt_titles", ())),
            ),
            expect_id=case["expect_id"],
            expect_outcome=Outcome(case["expect_outcome"]),
            label=case.get("trailer", case["title"]),
            note=case.get("why", ""),
        )
        for case in data["cases"]
    )
    return CaseSet(today=date.fromisoformat(data["today"]), cases=cases)

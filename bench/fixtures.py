"""Synthetic data for benchmarks: a trailer listing and the TMDB films it is about."""

import random

from contrib.tmdb.testing.facts import video
from contrib.youtube.testing.synthetic import make_listing
from contrib.youtube.titles import parse_title


def listing_and_films(n: int, *, seed: int = 0, handle: str = "@SyntheticTrailers"):
    """A listing of `n` trailers of distinct films, and a TMDB catalogue holding each film
    (plus an older namesake for every fifth, so matching has something to decide).

    As on TMDB, most records list the studio's trailer among their videos; every fifth does
    not, so its undated trailer is settled the long way (its record, then a series search)."""
    listing = make_listing(n, seed=seed, handle=handle)
    rng = random.Random(seed)
    films = []
    next_id = 5_000_000 + seed * 100_000
    for number, entry in enumerate(listing["entries"], start=1):
        parsed = parse_title(entry["title"])
        year = parsed.year or rng.randint(2024, 2025)
        next_id += 1
        film = _film(next_id, parsed.display_title, year, popularity=rng.uniform(5, 50))
        if number % 5 != 3:
            film["videos"] = [
                video(entry["id"], entry["title"], published_at=f"{year}-03-01T16:00:00.000Z")
            ]
        films.append(film)
        if len(films) % 5 == 0:
            next_id += 1
            films.append(_film(next_id, parsed.display_title, year - 30, popularity=90.0))
    return listing, films


def _film(tmdb_id: int, title: str, year: int, popularity: float) -> dict:
    return {
        "id": tmdb_id,
        "title": title,
        "original_title": title,
        "original_language": "en",
        "release_date": f"{year}-06-01",
        "overview": f"A synthetic film called {title}.",
        "poster_path": f"/synthetic{tmdb_id}.jpg",
        "backdrop_path": f"/synthetic-bg{tmdb_id}.jpg",
        "popularity": popularity,
        "vote_average": 6.5,
        "vote_count": 120,
        "genre_ids": [18],
        "imdb_id": f"tt{tmdb_id:08d}",
        "runtime": 100,
        "genres": [{"id": 18, "name": "Drama"}],
    }

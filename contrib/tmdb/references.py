"""What curators paste to name a film: a TMDB id or URL, an IMDb id or URL.

Plain Python: no Django.
"""

import re
from dataclasses import dataclass

from contrib.tmdb.validate import IMDB_ID


@dataclass(frozen=True)
class TMDBReference:
    tmdb_id: int | None = None
    imdb_id: str | None = None


_TMDB_URL = re.compile(r"themoviedb\.org/movie/(\d+)")
_IMDB_ID = re.compile(rf"\b({IMDB_ID.pattern})\b")


def parse_reference(text: str) -> TMDBReference | None:
    """ "603", "https://www.themoviedb.org/movie/603-the-matrix", "tt0133093" or an IMDb URL."""
    text = (text or "").strip()
    if text.isdigit() and 0 < int(text) < 2**31:
        return TMDBReference(tmdb_id=int(text))
    if match := _TMDB_URL.search(text):
        return TMDBReference(tmdb_id=int(match.group(1)))
    if match := _IMDB_ID.search(text):
        return TMDBReference(imdb_id=match.group(1))
    return None

"""What TMDB sends is checked here, at the boundary, before anything is stored or shown.

A field that is not what TMDB documents (an IMDb id of 40 characters, a poster "path" that
is an address on another site, an image base URL that is not https) is dropped, and a short
note says so: one odd record costs that field, never a crash, a refused database write or a
link to somewhere else.

Plain Python: no Django.
"""

import re
from urllib.parse import urlsplit

# Lengths of the columns the app stores these in (and far above what TMDB sends).
MAX_TITLE = 255

# IMDb title ids: "tt" and 7 or 8 digits today, room for two more.
IMDB_ID = re.compile(r"tt\d{7,10}")
# "/kqjL17yufvn9OVLyXYpvtyrFfak.jpg": one file name, no directory, no scheme, no query.
_IMAGE_PATH = re.compile(r"/[A-Za-z0-9_-]{1,200}\.(?:jpe?g|png|svg|webp)")
_IMAGE_SIZE = re.compile(r"(?:w|h)\d{1,4}|original")
_YOUTUBE_KEY = re.compile(r"[A-Za-z0-9_-]{11}")
_UNSAFE_IN_URL = re.compile(r"[\s\"'<>\\`]")


class Notes(list):
    """The fields dropped while reading one record, as short sentences."""

    def drop(self, field: str, value: object) -> None:
        self.append(f"{field} {str(value)[:40]!r} dropped: not what TMDB documents")


def imdb_id(value: object, notes: Notes) -> str | None:
    if value in (None, ""):
        return None
    if isinstance(value, str) and IMDB_ID.fullmatch(value):
        return value
    notes.drop("imdb_id", value)
    return None


def image_path(value: object, notes: Notes, field: str = "image path") -> str | None:
    """A TMDB image file path ("/abc.jpg"), which the app appends to TMDB's image base."""
    if value in (None, ""):
        return None
    if isinstance(value, str) and _IMAGE_PATH.fullmatch(value):
        return value
    notes.drop(field, value)
    return None


def image_base_url(value: object) -> str | None:
    """TMDB's `secure_base_url`: https on a TMDB host, no character that could end an
    attribute (API consumers get these addresses as they are, without the pages' CSP)."""
    if not isinstance(value, str) or _UNSAFE_IN_URL.search(value):
        return None
    parts = urlsplit(value)
    host = parts.hostname or ""
    if parts.scheme != "https" or parts.query or parts.fragment:
        return None
    return value if host == "tmdb.org" or host.endswith(".tmdb.org") else None


def image_sizes(values: object) -> tuple[str, ...]:
    if not isinstance(values, list):
        return ()
    return tuple(v for v in values if isinstance(v, str) and _IMAGE_SIZE.fullmatch(v))


def youtube_key(value: object) -> str | None:
    return value if isinstance(value, str) and _YOUTUBE_KEY.fullmatch(value) else None


def https_url(value: object, notes: Notes, field: str) -> str | None:
    """A link TMDB gives (a watch page): https only, nothing that could leave an attribute."""
    if value in (None, ""):
        return None
    if isinstance(value, str) and not _UNSAFE_IN_URL.search(value):
        parts = urlsplit(value)
        if parts.scheme == "https" and parts.hostname:
            return value
    notes.drop(field, value)
    return None


def title(value: str, notes: Notes, field: str = "title") -> str:
    if len(value) <= MAX_TITLE:
        return value
    notes.append(f"{field} cut to {MAX_TITLE} characters")
    return value[:MAX_TITLE]

"""Small builders for test data: keyword overrides over sensible defaults."""

import itertools
import threading

from contrib.text import fold
from contrib.youtube.api import ChannelListing, VideoEntry
from movies.models import Channel, Movie, Trailer

_ids = itertools.count(1)


def make_channel(slug="test_channel", **fields) -> Channel:
    fields.setdefault("name", slug.replace("_", " ").title())
    fields.setdefault("url", f"https://www.youtube.com/@{slug}/videos")
    return Channel.objects.create(slug=slug, **fields)


def make_movie(title="Test Film", **fields) -> Movie:
    fields.setdefault("source", "rotten_tomatoes")
    fields.setdefault("title_key", fold(title))
    return Movie.objects.create(title=title, **fields)


def make_trailer(movie: Movie, video_id: str | None = None, **fields) -> Trailer:
    video_id = video_id or f"vid{next(_ids):08d}"
    fields.setdefault("title", f"{movie.title} Official Trailer")
    return Trailer.objects.create(movie=movie, video_id=video_id, **fields)


def listing(
    *titles: str, url="https://www.youtube.com/@RottenTomatoesIndie/videos"
) -> ChannelListing:
    """A channel listing of these video titles, newest first, with predictable video ids."""
    entries = tuple(
        VideoEntry(
            video_id=f"v{i:010d}",
            title=title,
            url=f"https://www.youtube.com/watch?v=v{i:010d}",
            duration=120,
            position=i,
        )
        for i, title in enumerate(titles)
    )
    return ChannelListing(channel_url=url, channel_title="Test", entries=entries, skipped={})


def record_enrichment_threads(monkeypatch) -> list[str]:
    """Record the name of the thread each film is enriched on: a pool's threads are named
    "enrich_N", a one-at-a-time run uses the caller's thread."""
    from movies import enrichment

    names: list[str] = []
    real = enrichment.enrich_movie

    def recording(movie_id, **kwargs):
        names.append(threading.current_thread().name)
        return real(movie_id, **kwargs)

    monkeypatch.setattr(enrichment, "enrich_movie", recording)
    return names

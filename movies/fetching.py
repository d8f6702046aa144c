"""The fetch and save stages: YouTube channel listings become films and trailers.

Plain functions: the `fetch_videos` command, the actors and the tests all call these.
"""

import logging
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import partial

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from contrib.text import fold
from contrib.youtube.api import ChannelListing, VideoEntry, YouTubeError, list_channel
from contrib.youtube.titles import Kind, ParsedTitle, parse_title
from movies import cache as catalogue
from movies.locks import lock_catalogue
from movies.models import Channel, Movie, PipelineRun, Trailer
from movies.runs import recorded_run

logger = logging.getLogger(__name__)

# A save races a concurrent writer only if that writer ignored the catalogue lock; one
# fresh attempt, which re-reads what the other committed, is then enough.
SAVE_ATTEMPTS = 3


@dataclass
class FetchSummary:
    channel: str
    listed: int = 0
    new_films: int = 0
    new_trailers: int = 0
    skipped: Counter = field(default_factory=Counter)
    error: str = ""
    new_movie_ids: list[int] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.error

    def counts(self) -> dict:
        return {
            "listed": self.listed,
            "new_films": self.new_films,
            "new_trailers": self.new_trailers,
            "skipped": dict(self.skipped),
        }

    def line(self) -> str:
        if self.error:
            return f"{self.channel}: FAILED: {self.error}"
        skipped = ", ".join(f"{count} {reason}" for reason, count in sorted(self.skipped.items()))
        return (
            f"{self.channel}: {self.listed} videos, {self.new_films} new films, "
            f"{self.new_trailers} new trailers, {sum(self.skipped.values())} skipped"
            + (f" ({skipped})" if skipped else "")
        )


@dataclass
class _Candidate:
    entry: VideoEntry
    parsed: ParsedTitle
    key: str


def fetch_channels(
    channels: Sequence[Channel],
    *,
    limit: int | None = None,
    trigger: str = "command",
    progress: Callable[[str], None] | None = None,
    on_new_films: Callable[[list[int]], None] | None = None,
) -> list[FetchSummary]:
    """Fetch each channel in turn; one channel failing never stops the others.

    Each channel's summary line goes to `progress` (a command's output), else to the log.
    """
    summaries = []
    for channel in channels:
        with recorded_run(PipelineRun.Job.FETCH, target=channel.slug, trigger=trigger) as run:
            summary = fetch_channel(channel, limit=limit, on_new_films=on_new_films)
            run.counts = summary.counts()
            if summary.error:
                run.outcome = PipelineRun.Outcome.FAILED
                run.error = summary.error
        if progress:
            progress(summary.line())
        elif summary.ok:
            logger.info("Fetched %s", summary.line())
        else:
            logger.warning("Fetching %s", summary.line())
        summaries.append(summary)
    return summaries


def fetch_channel(
    channel: Channel,
    *,
    limit: int | None = None,
    on_new_films: Callable[[list[int]], None] | None = None,
) -> FetchSummary:
    """List a channel's newest videos and save them. A YouTube failure is recorded, not raised."""
    try:
        listing = list_channel(
            channel.url, limit=limit or channel.window, timeout=settings.YOUTUBE_TIMEOUT
        )
    except YouTubeError as exc:
        channel.last_error = str(exc)[:2000]
        channel.save(update_fields=["last_error"])
        return FetchSummary(channel=channel.slug, error=str(exc))

    summary = save_listing(channel, listing, on_new_films=on_new_films)
    channel.last_fetched_at = timezone.now()
    channel.last_error = ""
    channel.save(update_fields=["last_fetched_at", "last_error"])
    return summary


def save_listing(
    channel: Channel,
    listing: ChannelListing,
    *,
    on_new_films: Callable[[list[int]], None] | None = None,
) -> FetchSummary:
    summary = FetchSummary(
        channel=channel.slug, listed=len(listing.entries) + sum(listing.skipped.values())
    )
    summary.skipped.update(listing.skipped)
    # Most of a nightly listing is already stored: skip those before the costly parsing.
    stored = _stored_video_ids(e.video_id for e in listing.entries)
    fresh = [e for e in listing.entries if e.video_id not in stored]
    already_stored = len(listing.entries) - len(fresh)
    candidates = _film_candidates(channel, fresh, summary.skipped)

    for attempt in range(1, SAVE_ATTEMPTS + 1):
        try:
            with transaction.atomic():
                lock_catalogue()
                saved = _save_candidates(channel, candidates)
                if saved.new_trailers:
                    transaction.on_commit(catalogue.bump)
                if on_new_films and saved.new_movie_ids:
                    transaction.on_commit(partial(on_new_films, list(saved.new_movie_ids)))
            break
        except IntegrityError:
            if attempt == SAVE_ATTEMPTS:
                raise
            logger.warning("Saving %s raced another writer; retrying (%d)", channel.slug, attempt)

    summary.new_films = len(saved.new_movie_ids)
    summary.new_trailers = saved.new_trailers
    summary.new_movie_ids = saved.new_movie_ids
    already_stored += saved.already_stored
    if already_stored:
        summary.skipped["already stored"] += already_stored
    return summary


def _stored_video_ids(video_ids: Iterable[str]) -> set[str]:
    return set(
        Trailer.objects.filter(video_id__in=list(video_ids)).values_list("video_id", flat=True)
    )


def _film_candidates(
    channel: Channel, entries: Iterable[VideoEntry], skipped: Counter
) -> list[_Candidate]:
    """Parse titles, keep film trailers (and teasers if the channel wants them), one per video."""
    candidates: dict[str, _Candidate] = {}
    for entry in entries:
        parsed = parse_title(entry.title, preset=channel.title_preset)
        if parsed.kind == Kind.OTHER:
            skipped[parsed.reason or "not a trailer"] += 1
        elif parsed.kind == Kind.TEASER and not channel.include_teasers:
            skipped["teaser"] += 1
        elif entry.video_id in candidates:
            skipped["repeated in listing"] += 1
        else:
            key = fold(parsed.title)
            if not key:
                skipped["empty title"] += 1
                continue
            candidates[entry.video_id] = _Candidate(entry, parsed, key)
    return list(candidates.values())


@dataclass
class _Saved:
    new_movie_ids: list[int] = field(default_factory=list)
    new_trailers: int = 0
    already_stored: int = 0


def _save_candidates(channel: Channel, candidates: Sequence[_Candidate]) -> _Saved:
    """Attach new trailers to their films, creating films as needed, in a fixed set of queries."""
    saved = _Saved()
    if not candidates:
        return saved
    # Checked again under the lock: another fetch may have stored some since.
    stored = _stored_video_ids(c.entry.video_id for c in candidates)
    fresh = [c for c in candidates if c.entry.video_id not in stored]
    saved.already_stored = len(candidates) - len(fresh)
    if not fresh:
        return saved

    films = _FilmIndex(Movie.objects.filter(title_key__in={c.key for c in fresh}))
    now = timezone.now()
    new_movies: list[Movie] = []
    movie_of: dict[str, Movie] = {}  # video_id -> film
    # The listing is newest first; walking it oldest first makes the oldest trailer the
    # film's main one and lets later trailers fill in a missing year.
    for candidate in sorted(fresh, key=lambda c: -c.entry.position):
        movie = films.find(candidate.key, candidate.parsed.year)
        if movie is None:
            movie = Movie(
                title=candidate.parsed.display_title[:255],
                original_title=candidate.entry.title[:255],
                title_key=candidate.key[:255],
                year=candidate.parsed.year,
                source=channel.slug,
                video_id=candidate.entry.video_id,
                last_trailer_at=now,
            )
            films.add(movie)
            new_movies.append(movie)
        elif movie.year is None and candidate.parsed.year is not None:
            films.set_year(movie, candidate.parsed.year)
        movie_of[candidate.entry.video_id] = movie

    Movie.objects.bulk_create(new_movies)
    Trailer.objects.bulk_create(
        Trailer(
            movie=movie_of[c.entry.video_id],
            video_id=c.entry.video_id,
            title=c.entry.title[:500],
            channel=channel,
            kind=c.parsed.kind,
            position=c.entry.position,
            duration=c.entry.duration,
        )
        for c in fresh
    )
    existing = {m.pk for m in movie_of.values()} - {m.pk for m in new_movies}
    if existing:
        Movie.objects.filter(pk__in=existing).update(last_trailer_at=now, updated_at=now)
    if films.year_filled:
        for movie in films.year_filled:
            movie.updated_at = now
        Movie.objects.bulk_update(films.year_filled, ["year", "updated_at"])

    saved.new_movie_ids = [m.pk for m in new_movies]
    saved.new_trailers = len(fresh)
    return saved


class _FilmIndex:
    """Films by folded title, answering "which film is this trailer for?" by the year rule.

    A trailer with a year matches a film with that year, else one without a year. A trailer
    without a year matches the film with the latest year (channels post new releases).
    """

    def __init__(self, movies: Iterable[Movie]):
        self._by_key: dict[str, list[Movie]] = {}
        self.year_filled: list[Movie] = []
        for movie in movies:
            self.add(movie)

    def add(self, movie: Movie) -> None:
        self._by_key.setdefault(movie.title_key, []).append(movie)

    def find(self, key: str, year: int | None) -> Movie | None:
        films = self._by_key.get(key, [])
        if year is None:
            return max(films, key=lambda m: m.year or 0, default=None)
        exact = [m for m in films if m.year == year]
        if exact:
            return exact[0]
        undated = [m for m in films if m.year is None]
        return undated[0] if undated else None

    def set_year(self, movie: Movie, year: int) -> None:
        movie.year = year
        if movie.pk is not None:
            self.year_filled.append(movie)

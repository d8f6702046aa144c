"""The fetch and save stages: YouTube channel listings become films and trailers.

Plain functions: the `fetch_videos` command, the actors and the tests all call these.
"""

import logging
import math
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import partial

from django.conf import settings
from django.core.cache import cache
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

# A save races a concurrent writer only if that writer ignored the catalogue lock; a fresh
# attempt re-reads what the other committed (a couple more in case it happens again).
SAVE_ATTEMPTS = 3


@dataclass
class FetchSummary:
    channel: str
    listed: int = 0
    new_films: int = 0
    new_trailers: int = 0
    skipped: Counter = field(default_factory=Counter)
    error: str = ""  # the channel failed: nothing (trustworthy) was listed
    incomplete: str = ""  # the listing stopped early or lost items; what it had is saved
    warning: str = ""  # saved in full, but something after the save went wrong
    rate_limited: bool = False  # YouTube answered 429
    tried: bool = True  # False: not asked at all, YouTube was rate limiting this run
    new_movie_ids: list[int] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.error and not self.incomplete

    @property
    def failed(self) -> bool:
        return bool(self.error)

    @property
    def outcome(self) -> str:
        if self.error:
            return PipelineRun.Outcome.FAILED
        return PipelineRun.Outcome.PARTIAL if self.incomplete else PipelineRun.Outcome.OK

    def counts(self) -> dict:
        return {
            "listed": self.listed,
            "new_films": self.new_films,
            "new_trailers": self.new_trailers,
            "skipped": dict(self.skipped),
        }

    def line(self) -> str:
        if self.error:
            return f"{self.channel}: {'FAILED' if self.tried else 'NOT FETCHED'}: {self.error}"
        skipped = ", ".join(f"{count} {reason}" for reason, count in sorted(self.skipped.items()))
        counts = (
            f"{self.listed} videos, {self.new_films} new films, "
            f"{self.new_trailers} new trailers, {sum(self.skipped.values())} skipped"
            + (f" ({skipped})" if skipped else "")
        )
        warning = f"; warning: {self.warning}" if self.warning else ""
        if self.incomplete:
            return f"{self.channel}: PARTIAL: {self.incomplete}; {counts}{warning}"
        return f"{self.channel}: {counts}{warning}"


@dataclass
class _Candidate:
    entry: VideoEntry
    parsed: ParsedTitle
    key: str


def wait(seconds: float) -> None:
    """Every pause of a fetch run goes through here (tests patch it and count the waits)."""
    if seconds > 0:
        time.sleep(seconds)


def fetch_channels(
    channels: Sequence[Channel],
    *,
    limit: int | None = None,
    trigger: str = "command",
    progress: Callable[[str], None] | None = None,
    on_new_films: Callable[[list[int]], None] | None = None,
) -> list[FetchSummary]:
    """Fetch each channel in turn; one channel failing never stops the others.

    Politely: YOUTUBE_CHANNEL_PAUSE seconds between channels. After YouTube answers 429 the
    run cools down for YOUTUBE_RATE_LIMIT_COOLDOWN seconds before the next channel; a second
    429 after that ends the asking, and the channels left are reported as not fetched.
    Each channel's summary line goes to `progress` (a command's output), else to the log.
    Once a channel's save commits, `on_new_films` gets the ids of the films to enrich now: the
    new ones, and those a new trailer took out of review or not-found.
    """
    summaries: list[FetchSummary] = []
    cooled_down = False
    waited_out = 0.0  # the end of the last cool-down this run waited for
    for channel in channels:
        previous = summaries[-1] if summaries else None
        if previous and previous.rate_limited and cooled_down:
            summary = _not_tried(channel, trigger=trigger)
        else:
            until = youtube_cooling_down_until()  # after a 429 here, or in another process
            if until > waited_out and (pause := math.ceil(until - time.time())) > 0:
                logger.info("YouTube is rate limiting: waiting %ss", pause)
                wait(pause)
                waited_out = until
                cooled_down = True
            elif previous:
                wait(settings.YOUTUBE_CHANNEL_PAUSE)
            summary = _recorded_fetch(channel, limit, trigger, on_new_films)
            if summary.rate_limited:
                _cool_down()
        if progress:
            progress(summary.line())
        elif summary.ok and not summary.warning:
            logger.info("Fetched %s", summary.line())
        else:
            logger.warning("Fetching %s", summary.line())
        summaries.append(summary)
    return summaries


# Shared by every process (the cache is): the per-channel messages of `fetch_added_channels`
# run in any worker, and none may ask YouTube again until the cool-down is over.
COOLDOWN_KEY = "youtube:cooling-down-until"


def youtube_cooling_down_until() -> float:
    """When the cool-down after YouTube's last 429 ends (a time.time()), 0 without one."""
    return cache.get(COOLDOWN_KEY) or 0.0


def _cool_down() -> None:
    seconds = settings.YOUTUBE_RATE_LIMIT_COOLDOWN
    if seconds > 0:
        cache.set(COOLDOWN_KEY, time.time() + seconds, math.ceil(seconds) + 1)


def _recorded_fetch(
    channel: Channel,
    limit: int | None,
    trigger: str,
    on_new_films: Callable[[list[int]], None] | None,
) -> FetchSummary:
    with recorded_run(PipelineRun.Job.FETCH, target=channel.slug, trigger=trigger) as run:
        summary = fetch_channel(channel, limit=limit, on_new_films=on_new_films)
        run.counts = summary.counts()
        run.outcome = summary.outcome
        notes = (summary.error, summary.incomplete, summary.warning)
        run.error = "; ".join(note for note in notes if note)[:2000]
    return summary


NOT_TRIED = "not fetched: YouTube was rate limiting this run (HTTP 429); the next run tries again"


def _not_tried(channel: Channel, *, trigger: str) -> FetchSummary:
    with recorded_run(PipelineRun.Job.FETCH, target=channel.slug, trigger=trigger) as run:
        run.outcome = PipelineRun.Outcome.FAILED
        run.error = NOT_TRIED
    _record_error(channel, NOT_TRIED)
    return FetchSummary(channel=channel.slug, error=NOT_TRIED, rate_limited=True, tried=False)


def fetch_channel(
    channel: Channel,
    *,
    limit: int | None = None,
    on_new_films: Callable[[list[int]], None] | None = None,
) -> FetchSummary:
    """List a channel's newest videos and save them.

    Any failure, YouTube's or not, is recorded on the channel and returned in the summary,
    never raised; its traceback goes to the debug log. An empty listing is a failure; one
    cut short is saved and reported as partial."""
    try:
        listing = list_channel(
            channel.url,
            limit=limit or channel.window,
            timeout=settings.YOUTUBE_TIMEOUT,
            retries=settings.YOUTUBE_RETRIES,
        )
    except YouTubeError as exc:
        return _failed(channel, str(exc), rate_limited=exc.rate_limited)
    except Exception as exc:
        logger.debug("Listing %s failed", channel.slug, exc_info=True)
        return _failed(channel, f"YouTube channel {channel.url}: {_describe(exc)}")

    problems = "; ".join(listing.problems)
    if problems and not listing.entries:
        failed = _failed(channel, f"YouTube channel {channel.url}: {problems}")
        failed.listed = sum(listing.skipped.values())
        failed.skipped.update(listing.skipped)
        return failed
    try:
        summary = save_listing(channel, listing, on_new_films=on_new_films)
    except Exception as exc:
        logger.debug("Saving %s failed", channel.slug, exc_info=True)
        return _failed(channel, f"saving the listing failed: {_describe(exc)}")

    summary.incomplete = problems
    channel.last_fetched_at = timezone.now()
    channel.last_error = f"Partial fetch: {problems}"[:2000] if problems else ""
    channel.save(update_fields=["last_fetched_at", "last_error"])
    return summary


def _failed(channel: Channel, error: str, *, rate_limited: bool = False) -> FetchSummary:
    _record_error(channel, error)
    return FetchSummary(channel=channel.slug, error=error, rate_limited=rate_limited)


def _record_error(channel: Channel, error: str) -> None:
    channel.last_error = error[:2000]
    channel.save(update_fields=["last_error"])


def _describe(exc: Exception) -> str:
    text = " ".join(str(exc).split())[:300]
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


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
                due = saved.new_movie_ids + saved.reopened_ids
                if on_new_films and due:
                    transaction.on_commit(partial(_hand_on, on_new_films, due, summary))
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


def _hand_on(
    on_new_films: Callable[[list[int]], None], movie_ids: list[int], summary: FetchSummary
) -> None:
    """Runs after the commit: the films are saved whatever happens here. If they cannot be
    handed on (the broker is down), they are pending, and the nightly enrichment takes them."""
    try:
        on_new_films(movie_ids)
    except Exception as exc:
        logger.debug("Handing on the new films of %s failed", summary.channel, exc_info=True)
        # Only the class: the text of a broker's error may name its address.
        summary.warning = (
            f"enrichment of {len(movie_ids)} films not queued ({type(exc).__name__}): "
            "the nightly enrichment picks them up"
        )


def _stored_video_ids(video_ids: Iterable[str]) -> set[str]:
    """The channels' trailers among these videos. One of TMDB's trailers is not stored for a
    channel: the channel's copy replaces it (`_save_candidates`)."""
    stored = Trailer.objects.filter(video_id__in=list(video_ids), from_tmdb=False)
    return set(stored.values_list("video_id", flat=True))


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
    # Films back to pending because a new trailer brought new evidence.
    reopened_ids: list[int] = field(default_factory=list)
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
        parsed = candidate.parsed
        movie = films.find(candidate.key, parsed.year, rerelease=parsed.rerelease)
        if movie is None:
            movie = Movie(
                title=parsed.display_title[:255],
                original_title=candidate.entry.title[:255],
                title_key=candidate.key[:255],
                year=parsed.year,
                alternative_titles=list(parsed.alternatives),
                source=channel.slug,
                video_id=candidate.entry.video_id,
                last_trailer_at=now,
            )
            films.add(movie)
            new_movies.append(movie)
        else:
            films.learn(movie, parsed.year, parsed.alternatives)
        movie_of[candidate.entry.video_id] = movie

    Movie.objects.bulk_create(new_movies)
    Trailer.objects.filter(video_id__in=list(movie_of), from_tmdb=True).delete()
    Trailer.objects.bulk_create(
        Trailer(
            movie=movie_of[c.entry.video_id],
            video_id=c.entry.video_id,
            title=c.entry.title[:500],
            channel=channel,
            kind=c.parsed.kind,
            position=c.entry.position,
            duration=c.entry.duration,
            published_at=c.entry.published_at,
            year=c.parsed.year,
            rerelease=c.parsed.rerelease,
        )
        for c in fresh
    )
    existing = {m.pk for m in movie_of.values()} - {m.pk for m in new_movies}
    reopened: list[int] = []
    if existing:
        Movie.objects.filter(pk__in=existing).update(last_trailer_at=now, updated_at=now)
        reopened = _reopen(existing)
    if films.changed:
        for movie in films.changed:
            movie.updated_at = now
        Movie.objects.bulk_update(films.changed, ["year", "alternative_titles", "updated_at"])

    saved.new_movie_ids = [m.pk for m in new_movies]
    saved.reopened_ids = reopened
    saved.new_trailers = len(fresh)
    return saved


def _reopen(movie_ids: set[int]) -> list[int]:
    """Films waiting for a curator or for TMDB get another look when a new trailer brings
    new evidence (a year, another channel, an upload date, a video TMDB may list)."""
    waiting = Movie.objects.filter(
        pk__in=movie_ids,
        locked=False,
        status__in=[Movie.Status.NEEDS_REVIEW, Movie.Status.NOT_FOUND],
    )
    ids = list(waiting.values_list("pk", flat=True))
    if ids:
        Movie.objects.filter(pk__in=ids).update(status=Movie.Status.PENDING, next_attempt_at=None)
    return ids


class _FilmIndex:
    """Films by folded title, answering "which film is this trailer for?" by the year rule.

    A trailer with a year matches a film with that year, else one without a year. A trailer
    without a year matches the film with the latest year (channels post new releases), but a
    re-release's trailer only one without a year: the re-released film is an older one.
    """

    def __init__(self, movies: Iterable[Movie]):
        self._by_key: dict[str, list[Movie]] = {}
        self.changed: list[Movie] = []  # stored films given a year or alternative titles
        for movie in movies:
            self.add(movie)

    def add(self, movie: Movie) -> None:
        self._by_key.setdefault(movie.title_key, []).append(movie)

    def find(self, key: str, year: int | None, *, rerelease: bool = False) -> Movie | None:
        films = self._by_key.get(key, [])
        undated = [m for m in films if m.year is None]
        if year is None and rerelease:
            return undated[0] if undated else None
        if year is None:
            return max(films, key=lambda m: m.year or 0, default=None)
        exact = [m for m in films if m.year == year]
        if exact:
            return exact[0]
        return undated[0] if undated else None

    def learn(self, movie: Movie, year: int | None, alternatives: Iterable[str]) -> None:
        """What another trailer of the film tells: a missing year, other readings."""
        changed = False
        if movie.year is None and year is not None:
            movie.year = year
            changed = True
        known = {fold(title) for title in movie.alternative_titles}
        for title in alternatives:
            if fold(title) not in known:
                known.add(fold(title))
                movie.alternative_titles = [*movie.alternative_titles, title]
                changed = True
        if changed and movie.pk is not None and movie not in self.changed:
            self.changed.append(movie)

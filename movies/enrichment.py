"""The enrich stage: films from trailers are matched to TMDB and filled in.

Plain functions: the `enrich_movies` command, the actors, the admin and the tests call these.
A wrong match is worse than none, so anything short of a clear match is kept for a curator.
"""

import logging
import time
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum
from typing import ClassVar

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.db.models import F
from django.utils import timezone

from contrib.tmdb.api import TMDBClient
from contrib.tmdb.exceptions import (
    TMDBAuthError,
    TMDBConfigError,
    TMDBError,
    TMDBRateLimited,
    TMDBUnavailable,
)
from contrib.tmdb.matching import (
    MatchDecision,
    MatchQuery,
    Outcome,
    TrailerEvidence,
    find_match,
)
from contrib.tmdb.types import MovieDetails
from movies import cache as catalogue
from movies import facts
from movies.locks import lock_catalogue
from movies.models import ImageConfiguration, Movie, PipelineRun, Trailer
from movies.runs import recorded_run
from movies.tmdb import get_client

logger = logging.getLogger(__name__)
Status = Movie.Status

# Films TMDB does not have yet, or answered with a permanent error, are asked again after
# 1, 2, 4, ... days, at most monthly.
RETRY_MAX_DAYS = 30
# This many films in a row failing because TMDB is unreachable ends the run early.
UNREACHABLE_STREAK = 5
CANDIDATES_KEPT = 5
# Records hidden as not films: no film is ever merged into one.
NOT_FILMS = (Status.REJECTED, Status.SERIES)
PROGRESS_EVERY_SECONDS = 2.0
# A film's record as the matcher weighs it and as the film is filled from: one call either
# way, with everything its page shows (credits, release dates and watch providers by country).
DETAILS_APPEND = (
    "external_ids",
    "videos",
    "alternative_titles",
    "release_dates",
    "watch/providers",
    "credits",
)


class EnrichmentAborted(Exception):
    """The run cannot go on: no credential, a refused credential, or TMDB unreachable."""


class Result(StrEnum):
    MATCHED = "matched"
    MERGED = "merged"
    SERIES = "series"  # not a film: TMDB knows the title as a series
    NEEDS_REVIEW = "needs_review"
    NOT_FOUND = "not_found"
    FAILED = "failed"
    UNAVAILABLE = "unavailable"  # TMDB unreachable or rate limiting: left as it was
    SKIPPED = "skipped"  # locked, already done, or gone: a duplicate message changes nothing


@dataclass
class RunSummary:
    """What a run over the due films did: a count per result (`RESULTS`, an enum), the TMDB
    calls it made and how many were answered 429, and why it stopped early, if it did."""

    RESULTS: ClassVar[type[StrEnum]]
    total: int = 0
    results: Counter = field(default_factory=Counter)
    calls: int = 0
    rate_limited: int = 0
    elapsed: float = 0.0
    aborted: str = ""

    @property
    def processed(self) -> int:
        return sum(self.results.values())

    def counts(self) -> dict:
        return {
            "due": self.total,
            **{key: self.results[key] for key in self.RESULTS},
            "tmdb_calls": self.calls,
            "tmdb_429": self.rate_limited,
            "seconds": round(self.elapsed, 1),
        }

    def result_counts(self) -> str:
        return ", ".join(f"{self.results[key]} {key.replace('_', ' ')}" for key in self.RESULTS)


@dataclass
class EnrichSummary(RunSummary):
    RESULTS = Result

    def line(self) -> str:
        rate = self.processed / self.elapsed if self.elapsed else 0.0
        text = (
            f"Enriched {self.processed}/{self.total} films in {self.elapsed:.1f}s "
            f"({rate:.1f}/s): {self.result_counts()}; {self.calls} TMDB calls, "
            f"{self.rate_limited} answered 429"
        )
        return f"{text}. Stopped early: {self.aborted}" if self.aborted else text


def check_tmdb(client: TMDBClient) -> None:
    """Fail before any row changes if TMDB cannot be used; store its image configuration."""
    if not client.has_credentials:
        raise EnrichmentAborted(
            "No TMDB credential: set TMDB_READ_ACCESS_TOKEN (preferred) or TMDB_API_KEY."
        )
    try:
        ImageConfiguration.store(client.configuration())
    except TMDBAuthError:
        raise EnrichmentAborted(
            "TMDB refused the credential (401): check the token or key."
        ) from None
    except (TMDBUnavailable, TMDBRateLimited) as exc:
        raise EnrichmentAborted(f"TMDB is unreachable: {exc}") from None
    except TMDBError as exc:
        raise EnrichmentAborted(f"TMDB refused the request: {exc}") from None


def enrich_due(
    *,
    limit: int | None = None,
    concurrency: int | None = None,
    retry_not_found: bool = False,
    client: TMDBClient | None = None,
    progress: Callable[[str], None] | None = None,
    trigger: str = "command",
    today: date | None = None,
) -> EnrichSummary:
    """Enrich every film that is due, `concurrency` at a time (ENRICH_CONCURRENCY unless
    given); the rate limiter sets the pace."""
    client = client or get_client()
    concurrency = settings.ENRICH_CONCURRENCY if concurrency is None else concurrency
    today = today or timezone.now().date()
    with recorded_run(PipelineRun.Job.ENRICH, trigger=trigger) as run:
        summary = _enrich_due(client, limit, concurrency, retry_not_found, progress, today)
        run.counts = summary.counts()
        if summary.aborted:
            run.outcome = PipelineRun.Outcome.FAILED
            run.error = summary.aborted
    return summary


def _enrich_due(client, limit, concurrency, retry_not_found, progress, today) -> EnrichSummary:
    summary = EnrichSummary()
    check_tmdb(client)
    last_report = time.monotonic()

    def report() -> None:
        nonlocal last_report
        now = time.monotonic()
        if progress and now - last_report >= PROGRESS_EVERY_SECONDS:
            last_report = now
            progress(_progress_line(summary, summary.elapsed))

    run_due(
        _due_queryset(retry_not_found),
        summary,
        work=enrich_movie,
        unavailable=Result.UNAVAILABLE,
        limit=limit,
        concurrency=concurrency,
        client=client,
        on_record=report,
        today=today,
    )
    if not progress:  # a command prints the summary itself
        logger.info(summary.line())
    return summary


def run_due(
    due,
    summary: RunSummary,
    *,
    work,
    unavailable,
    limit,
    concurrency,
    client,
    on_record=None,
    **kwargs,
) -> None:
    """`work(movie_id, client=client, **kwargs)` for the films of `due` (at most `limit`),
    `concurrency` at a time, each result counted in `summary`. It stops after
    UNREACHABLE_STREAK films in a row come back `unavailable`, or when TMDB refuses the
    credential; it counts the TMDB calls made and the 429s among them."""
    summary.total = min(due.count(), limit) if limit else due.count()
    before = client.stats.snapshot()
    started = time.monotonic()
    streak = 0

    def record(result: str) -> None:
        nonlocal streak
        summary.results[result] += 1
        summary.elapsed = time.monotonic() - started
        streak = streak + 1 if result == unavailable else 0
        if streak >= UNREACHABLE_STREAK and not summary.aborted:
            summary.aborted = f"TMDB unreachable for {UNREACHABLE_STREAK} films in a row."
        if on_record:
            on_record()

    ids = _due_ids(due, limit, should_stop=lambda: bool(summary.aborted))
    try:
        if concurrency <= 1:
            for movie_id in ids:
                record(work(movie_id, client=client, **kwargs))
        else:
            _run_pool(ids, concurrency, record, work, client=client, **kwargs)
    except (TMDBAuthError, TMDBConfigError):
        summary.aborted = (
            "TMDB refused the credential (401) during the run: check the token or key."
        )
    after = client.stats.snapshot()
    summary.calls = after.get("requests", 0) - before.get("requests", 0)
    summary.rate_limited = after.get("rate_limited", 0) - before.get("rate_limited", 0)
    summary.elapsed = time.monotonic() - started


def _run_pool(ids: Iterator[int], concurrency: int, record, work, **kwargs) -> None:
    """`work(movie_id, **kwargs)` for every film, at most `concurrency` in flight; memory
    stays flat whatever the backlog."""
    with ThreadPoolExecutor(max_workers=concurrency, thread_name_prefix="enrich") as pool:
        in_flight: set[Future] = set()
        auth_error: TMDBAuthError | TMDBConfigError | None = None
        for movie_id in ids:
            in_flight.add(pool.submit(_in_thread, work, movie_id, **kwargs))
            if len(in_flight) >= concurrency:
                done, in_flight = wait(in_flight, return_when=FIRST_COMPLETED)
                auth_error = _collect(done, record) or auth_error
                if auth_error:
                    break
        done, _ = wait(in_flight)
        auth_error = _collect(done, record) or auth_error
    if auth_error:
        raise auth_error


def _collect(done: set[Future], record) -> TMDBAuthError | TMDBConfigError | None:
    auth_error = None
    for future in done:
        try:
            record(future.result())
        except (TMDBAuthError, TMDBConfigError) as exc:
            auth_error = exc
    return auth_error


def _in_thread(work, movie_id: int, **kwargs) -> str:
    try:
        return work(movie_id, **kwargs)
    finally:
        connection.close()  # each pool thread has its own connection; don't leak it


def _due_queryset(retry_not_found: bool):
    if retry_not_found:
        return Movie.objects.filter(
            locked=False, status__in=[Status.PENDING, Status.FAILED, Status.NOT_FOUND]
        )
    return Movie.objects.due_for_enrichment()


def _due_ids(due, limit: int | None, should_stop: Callable[[], bool], batch: int = 500):
    """Newest films first, a batch of ids at a time (keyset pagination, no long cursor)."""
    yielded = 0
    last_id = None
    while not should_stop():
        page = due.order_by("-pk")
        if last_id is not None:
            page = page.filter(pk__lt=last_id)
        ids = list(page.values_list("pk", flat=True)[:batch])
        if not ids:
            return
        for movie_id in ids:
            if (limit and yielded >= limit) or should_stop():
                return
            yielded += 1
            yield movie_id
        last_id = ids[-1]


def _progress_line(summary: EnrichSummary, elapsed: float) -> str:
    rate = summary.processed / elapsed if elapsed else 0.0
    left = max(summary.total - summary.processed, 0)
    eta = f"{left / rate:.0f}s" if rate else "?"
    return f"  {summary.processed}/{summary.total} films, {rate:.1f}/s, ETA {eta}"


def enrich_movie(
    movie_id: int,
    *,
    client: TMDBClient | None = None,
    today: date | None = None,
    force: bool = False,
) -> str:
    """Match one film to TMDB and record the outcome. Safe to call twice for the same film."""
    client = client or get_client()
    films = Movie.objects if force else Movie.objects.due_for_enrichment()
    movie = films.filter(pk=movie_id).first()
    if movie is None:  # gone, locked, or already done: a repeated message changes nothing
        return Result.SKIPPED

    def details(tmdb_id: int) -> MovieDetails:
        return client.movie_details(tmdb_id, append=DETAILS_APPEND)

    try:
        decision = find_match(
            match_query(movie),
            lambda text, year: client.search_movie(text, year=year),
            today=today or timezone.now().date(),
            details=details,
            search_tv=client.search_tv,
        )
        if decision.outcome == Outcome.MATCHED:
            found = decision.details or details(decision.best.id)
            evidence = [e.as_dict() for e in decision.evidence]
            return apply_details(movie.pk, found, force=force, evidence=evidence)
    except (TMDBAuthError, TMDBConfigError):
        raise
    except (TMDBUnavailable, TMDBRateLimited) as exc:
        # Transient: the film stays due and the next run asks again.
        _record_attempt(movie.pk, last_error=str(exc))
        return Result.UNAVAILABLE
    except TMDBError as exc:
        # TMDB said this request cannot succeed (e.g. 501, 500 code 44): not every night.
        return _failed(movie, str(exc))
    except DatabaseError as exc:
        # What TMDB sent could not be stored (the boundary checks should have caught it): this
        # film fails, the run goes on.
        logger.exception("Storing TMDB's record for film %s failed", movie.pk)
        return _failed(movie, f"Storing TMDB's record failed: {type(exc).__name__}: {exc}")

    if decision.outcome == Outcome.SERIES:
        _record_attempt(
            movie.pk,
            status=Status.SERIES,
            tmdb_tv_id=decision.series.id,
            candidates=candidates_for_review(decision),
            last_error=decision.reason,
            match_evidence=[e.as_dict() for e in decision.evidence],
        )
        return Result.SERIES

    if decision.outcome == Outcome.NEEDS_REVIEW:
        _record_attempt(
            movie.pk,
            status=Status.NEEDS_REVIEW,
            candidates=candidates_for_review(decision),
            last_error=decision.reason,
        )
        return Result.NEEDS_REVIEW

    attempts = movie.enrich_attempts + 1
    _record_attempt(
        movie.pk,
        status=Status.NOT_FOUND,
        candidates=candidates_for_review(decision),
        last_error=decision.reason,
        next_attempt_at=timezone.now() + retry_delay(attempts),
    )
    return Result.NOT_FOUND


def match_query(movie: Movie) -> MatchQuery:
    """What the film's channel trailers tell the matcher: its title, year and other readings,
    and each trailer's video id, channel studios, upload day, own year and re-release mark."""
    trailers = tuple(
        TrailerEvidence(
            video_id=trailer.video_id,
            title=trailer.title,
            channel=trailer.channel.name if trailer.channel else "",
            studios=trailer.channel.studios if trailer.channel else (),
            published=trailer.published_at.date() if trailer.published_at else None,
            year=trailer.year,
            rerelease=trailer.rerelease,
        )
        # TMDB's own trailers came from the match being checked: they are no evidence of it.
        for trailer in movie.trailers.filter(from_tmdb=False)
        .select_related("channel")
        .order_by("created_at", "id")
    )
    return MatchQuery(
        title=movie.title,
        year=movie.year,
        alt_titles=tuple(movie.alternative_titles),
        trailers=trailers,
        rerelease=movie.year is None and bool(trailers) and all(t.rerelease for t in trailers),
    )


def _failed(movie: Movie, error: str) -> str:
    _record_attempt(
        movie.pk,
        status=Status.FAILED,
        last_error=error[:2000],
        next_attempt_at=timezone.now() + retry_delay(movie.enrich_attempts + 1),
    )
    return Result.FAILED


def retry_delay(attempts: int) -> timedelta:
    """How long a film not found, or failed for good, waits before its next lookup."""
    return timedelta(days=min(2 ** max(attempts - 1, 0), RETRY_MAX_DAYS))


def candidates_for_review(decision: MatchDecision) -> list[dict]:
    return [
        {
            "id": c.result.id,
            "title": c.result.title,
            "original_title": c.result.original_title,
            "year": c.result.year,
            "poster_path": c.result.poster_path,
            "overview": (c.result.overview or "")[:300],
            "score": round(c.score, 3),
        }
        for c in decision.candidates[:CANDIDATES_KEPT]
    ]


def _record_attempt(movie_id: int, **fields) -> None:
    # A targeted UPDATE: a fetch saving trailers meanwhile keeps its own changes, and a film a
    # curator locked while TMDB was being asked (marked not a film, a candidate chosen) keeps
    # the curator's decision: `locked=False` (a forced re-enrichment unlocked it first).
    now = timezone.now()
    fields.setdefault("next_attempt_at", None)
    if "status" in fields:
        fields.setdefault("match_evidence", [])
        fields.setdefault("tmdb_tv_id", None)
        # Not matched (any more): a film looked up again keeps no old ids, which would
        # otherwise pull the real film into this record as a duplicate.
        fields.setdefault("tmdb_id", None)
        fields.setdefault("imdb_id", None)
    updated = Movie.objects.filter(pk=movie_id, locked=False).update(
        enrich_attempts=F("enrich_attempts") + 1,
        last_attempt_at=now,
        updated_at=now,
        **fields,
    )
    # The public pages change only when a film leaves them (a series); review, not found
    # and failures show to staff alone, whose pages are never cached.
    if updated and fields.get("status") == Status.SERIES:
        catalogue.bump()


def apply_details(
    movie_id: int,
    details: MovieDetails,
    *,
    force: bool = False,
    lock: bool = False,
    evidence: list[dict] | None = None,
) -> str:
    """Fill a film from TMDB details; if another film already has this TMDB id, merge into it.
    `evidence` is what decided the match ([{rule, detail}], shown in admin)."""
    now = timezone.now()
    with transaction.atomic():
        lock_catalogue()
        movie = Movie.objects.select_for_update().filter(pk=movie_id).first()
        if movie is None or (movie.locked and not force):
            return Result.SKIPPED
        keeper = film_to_merge_into(movie, details)
        if keeper is not None:
            merge_into(movie, keeper)
            return Result.MERGED
        store_details(
            movie,
            details,
            now=now,
            status=Status.MATCHED,
            locked=lock or movie.locked,
            candidates=[],
            tmdb_tv_id=None,
            match_evidence=evidence or [],
            # Matched: the last error is only what was left out of TMDB's record, if anything.
            last_error="; ".join(details.problems)[:2000],
            enrich_attempts=movie.enrich_attempts + 1,
            last_attempt_at=now,
            next_attempt_at=None,
        )
    return Result.MATCHED


def store_details(
    movie: Movie, details: MovieDetails, *, now, facts_only: bool = False, **fields
) -> list[str]:
    """Write TMDB's details on a film whose row the caller holds locked (and `fields`
    besides): its own fields, then its facts (movies.facts). `facts_only`: a curator's
    locked film keeps what its curator chose (title, ids, synopsis, artwork, release date);
    only its facts are refreshed. Returns the regions where it newly streams."""
    if facts_only:
        own = facts.refresh_fields(details, now)
    else:
        movie.title = details.title[:255] or movie.title
        movie.tmdb_original_title = details.original_title[:255]
        own = {
            "title": movie.title,
            "tmdb_original_title": movie.tmdb_original_title,
            "search_text": movie.searchable_text(),
            "tmdb_id": details.id,
            "imdb_id": details.imdb_id or None,
            "overview": details.overview or None,
            "release_date": details.release_date,
            "poster_path": details.poster_path,
            "backdrop_path": details.backdrop_path,
            "runtime": details.runtime or None,
            "genres": list(details.genres),
            "vote_average": details.vote_average if details.vote_count else None,
            **facts.movie_fields(details, now),
        }
    Movie.objects.filter(pk=movie.pk).update(updated_at=now, **own, **fields)
    newly_streaming = facts.store(movie, details, now=now)
    transaction.on_commit(catalogue.bump)
    return newly_streaming


def _others_with_same_ids(movie: Movie, details: MovieDetails):
    same = Movie.objects.exclude(pk=movie.pk).filter(tmdb_id=details.id)
    if details.imdb_id:
        same = same | Movie.objects.exclude(pk=movie.pk).filter(imdb_id=details.imdb_id)
    return same


def film_to_merge_into(movie: Movie, details: MovieDetails) -> Movie | None:
    """The film that already holds these ids, to merge `movie` into: never a record that is
    not a film (it would hide the film and its trailers). Such records hold no ids
    (curation.mark_not_a_film); one that still does (marked before that rule, or edited by
    hand) gives them up to the film here. One query unless there is something to release."""
    others = list(_others_with_same_ids(movie, details).order_by("pk"))
    stale = [other.pk for other in others if other.status in NOT_FILMS]
    if stale:
        Movie.objects.filter(pk__in=stale).update(
            tmdb_id=None, imdb_id=None, updated_at=timezone.now()
        )
    return next((other for other in others if other.status not in NOT_FILMS), None)


def merge_into(duplicate: Movie, keeper: Movie) -> None:
    """Move every trailer of `duplicate` to `keeper`, then delete it. The caller holds the lock."""
    Trailer.objects.filter(movie=duplicate).update(movie=keeper)
    latest = max(keeper.last_trailer_at, duplicate.last_trailer_at)
    Movie.objects.filter(pk=keeper.pk).update(last_trailer_at=latest, updated_at=timezone.now())
    logger.info("Merged film %s (%s) into %s (%s)", duplicate.pk, duplicate, keeper.pk, keeper)
    duplicate.delete()
    transaction.on_commit(catalogue.bump)

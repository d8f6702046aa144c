"""Keeping matched films' TMDB facts fresh: release dates and watch providers change long
after a film is matched (a date is set, a film leaves cinemas, lands on a service).

A daily job refreshes the films that are due, with the same one details call per film as
enrichment, through the same rate-limited client:

- weekly: films released in the last RECENT (their latest release anywhere), and films
  not released yet (no date, or a date to come);
- monthly: the rest of the last WINDOW;
- never: older films (a curator's re-enrichment refreshes one).

A film is due again only once its period has passed since its last refresh, so a second
run (a redelivered message, a second scheduler) finds nothing to do. A film found streaming
in a region for the first time gets its "Now streaming" entry (movies.facts). A curator's
locked film keeps what the curator chose: only its facts are refreshed, and it is never
merged into another film.
"""

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from contrib.tmdb.api import TMDBClient
from contrib.tmdb.exceptions import (
    TMDBAuthError,
    TMDBConfigError,
    TMDBError,
    TMDBNotFound,
    TMDBRateLimited,
    TMDBUnavailable,
)
from movies.enrichment import (
    DETAILS_APPEND,
    RunSummary,
    check_tmdb,
    film_to_merge_into,
    merge_into,
    run_due,
    store_details,
)
from movies.locks import lock_catalogue
from movies.models import Movie, PipelineRun
from movies.runs import recorded_run
from movies.tmdb import get_client

logger = logging.getLogger(__name__)

RECENT = timedelta(days=183)
WINDOW = timedelta(days=730)
WEEKLY = timedelta(days=7)
MONTHLY = timedelta(days=30)


class Refreshed(StrEnum):
    REFRESHED = "refreshed"
    NEWLY_STREAMING = "newly_streaming"  # refreshed, and streaming somewhere for the first time
    MERGED = "merged"
    GONE = "gone"  # TMDB no longer has the film
    FAILED = "failed"
    UNAVAILABLE = "unavailable"  # TMDB unreachable or rate limiting: left for the next run
    SKIPPED = "skipped"  # not due any more: another run did it


@dataclass
class RefreshSummary(RunSummary):
    RESULTS = Refreshed

    def line(self) -> str:
        text = f"Refreshed {self.total} due films in {self.elapsed:.1f}s: {self.result_counts()}"
        return f"{text}. Stopped early: {self.aborted}" if self.aborted else text


def due_for_refresh(now: datetime | None = None):
    """Matched films whose facts are older than their period."""
    now = now or timezone.now()
    today = now.date()
    recent = (
        Q(release_date__isnull=True)
        | Q(release_date__gte=today - RECENT)
        | Q(latest_release_date__gte=today - RECENT)
    )
    within_window = Q(release_date__gte=today - WINDOW) | Q(latest_release_date__gte=today - WINDOW)

    def older_than(period):
        return Q(details_fetched_at__isnull=True) | Q(details_fetched_at__lte=now - period)

    return Movie.objects.filter(status=Movie.Status.MATCHED, tmdb_id__isnull=False).filter(
        (recent & older_than(WEEKLY)) | (within_window & older_than(MONTHLY))
    )


def refresh_due(
    *,
    limit: int | None = None,
    concurrency: int | None = None,
    client: TMDBClient | None = None,
    trigger: str = "command",
) -> RefreshSummary:
    """Refresh every film that is due, `concurrency` at a time, in the run history."""
    client = client or get_client()
    concurrency = settings.ENRICH_CONCURRENCY if concurrency is None else concurrency
    with recorded_run(PipelineRun.Job.REFRESH, trigger=trigger) as run:
        summary = _refresh_due(client, limit, concurrency)
        run.counts = summary.counts()
        if summary.aborted:
            run.outcome = PipelineRun.Outcome.FAILED
            run.error = summary.aborted
    return summary


def _refresh_due(client: TMDBClient, limit: int | None, concurrency: int) -> RefreshSummary:
    summary = RefreshSummary()
    check_tmdb(client)
    now = timezone.now()
    run_due(
        due_for_refresh(now),
        summary,
        work=refresh_movie,
        unavailable=Refreshed.UNAVAILABLE,
        limit=limit,
        concurrency=concurrency,
        client=client,
        now=now,
    )
    logger.info(summary.line())
    return summary


def refresh_movie(movie_id: int, *, client: TMDBClient, now: datetime | None = None) -> str:
    """One details call for a due film, stored like a match's (its match left as it is)."""
    now = now or timezone.now()
    movie = due_for_refresh(now).filter(pk=movie_id).first()
    if movie is None:
        return Refreshed.SKIPPED
    try:
        details = client.movie_details(movie.tmdb_id, append=DETAILS_APPEND)
    except (TMDBAuthError, TMDBConfigError):
        raise
    except TMDBNotFound:
        _note(movie, now, f"TMDB no longer has film {movie.tmdb_id}: its facts were kept.")
        return Refreshed.GONE
    except (TMDBUnavailable, TMDBRateLimited):
        return Refreshed.UNAVAILABLE
    except TMDBError as exc:
        _note(movie, now, f"Refreshing from TMDB failed: {exc}")
        return Refreshed.FAILED

    with transaction.atomic():
        lock_catalogue()
        row = Movie.objects.select_for_update().filter(pk=movie_id).first()
        # Changed meanwhile (another run refreshed it, a curator chose another film): skip.
        if (
            row is None
            or row.tmdb_id != details.id
            or row.status != Movie.Status.MATCHED
            or row.details_fetched_at != movie.details_fetched_at
        ):
            return Refreshed.SKIPPED
        keeper = film_to_merge_into(row, details)
        if keeper is not None and not row.locked:
            merge_into(row, keeper)
            return Refreshed.MERGED
        # A curator's film is never merged away: the conflict is left for the curator.
        conflict = [_conflict(keeper)] if keeper is not None else []
        last_error = "; ".join([*conflict, *details.problems])[:2000]
        newly_streaming = store_details(
            row, details, now=now, facts_only=row.locked, last_error=last_error
        )
    return Refreshed.NEWLY_STREAMING if newly_streaming else Refreshed.REFRESHED


def _conflict(keeper: Movie) -> str:
    return (
        f"TMDB gives this film the ids of film {keeper.pk} ({keeper}): not merged, since a "
        "curator locked this one. If they are one film, set this TMDB film on the other to "
        "merge it into this one."
    )


def _note(movie: Movie, now: datetime, error: str) -> None:
    """A failure stored on the film; it is asked again next period, not at every run."""
    Movie.objects.filter(pk=movie.pk).update(last_error=error[:2000], details_fetched_at=now)

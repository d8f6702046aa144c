"""What curators do in the admin, as plain functions: set a film's TMDB match by hand,
re-enrich, reset, or mark a record as not a film.

A curator's choice is locked: automatic runs never change it again. What needs TMDB runs as a
job (movies.dispatch); the `*_job` functions are those jobs' bodies: a failure is written on
the film, where the curator looks next.
"""

from functools import partial

from django.db import DatabaseError, transaction
from django.db.models import QuerySet
from django.utils import timezone

from contrib.tmdb.api import TMDBClient
from contrib.tmdb.exceptions import TMDBAuthError, TMDBConfigError, TMDBError, TMDBNotFound
from contrib.tmdb.references import parse_reference
from movies import cache as catalogue
from movies.enrichment import DETAILS_APPEND, apply_details, check_tmdb, enrich_movie
from movies.models import Movie
from movies.tmdb import get_client

Status = Movie.Status


class CurationError(Exception):
    """A curator's request that cannot be carried out; the message is shown as it is."""


def resolve_reference(text: str, client: TMDBClient | None = None) -> int:
    """The TMDB id behind a pasted TMDB id/URL or IMDb id/URL."""
    reference = parse_reference(text)
    if reference is None:
        raise CurationError(
            "Paste a TMDB id or URL (themoviedb.org/movie/603) or an IMDb id or URL (tt0133093)."
        )
    if reference.tmdb_id is not None:
        return reference.tmdb_id
    client = client or get_client()
    try:
        results = _tmdb(client.find_by_imdb_id, reference.imdb_id)
    except TMDBNotFound:
        results = []
    if not results:
        raise CurationError(f"TMDB knows no film with IMDb id {reference.imdb_id}.")
    return results[0].id


def choose_film(movie: Movie, tmdb_id: int, client: TMDBClient | None = None) -> str:
    """Set the film to this TMDB id, fill it from TMDB and lock it. Returns matched/merged."""
    client = client or get_client()
    try:
        details = _tmdb(partial(client.movie_details, append=DETAILS_APPEND), tmdb_id)
    except TMDBNotFound:
        raise CurationError(f"TMDB has no film with id {tmdb_id}.") from None
    chosen = [{"rule": "curator", "detail": f"TMDB {tmdb_id} chosen by a curator"}]
    try:
        return apply_details(movie.pk, details, force=True, lock=True, evidence=chosen)
    except DatabaseError as exc:  # the boundary checks should have caught what TMDB sent
        raise CurationError(f"TMDB's record could not be stored ({type(exc).__name__}).") from None


def _tmdb(call, *args):
    try:
        return call(*args)
    except (TMDBAuthError, TMDBConfigError):
        raise CurationError("TMDB refused the credential: check TMDB_READ_ACCESS_TOKEN.") from None
    except TMDBNotFound:
        raise
    except TMDBError as exc:
        raise CurationError(f"TMDB could not be asked just now: {exc}") from None


def re_enrich(movies: QuerySet, client: TMDBClient | None = None) -> dict[str, int]:
    """Unlock and look the films up again now. Returns counts by result."""
    client = client or get_client()
    try:
        check_tmdb(client)
    except Exception as exc:
        raise CurationError(str(exc)) from None
    ids = list(movies.values_list("pk", flat=True))
    reset_to_pending(Movie.objects.filter(pk__in=ids))
    results: dict[str, int] = {}
    for movie_id in ids:
        result = enrich_movie(movie_id, client=client, force=True)
        results[result] = results.get(result, 0) + 1
    return results


def reset_to_pending(movies: QuerySet) -> int:
    """Back to the start of the lifecycle: unlocked, due at the next run."""
    with transaction.atomic():
        count = movies.update(
            status=Status.PENDING,
            locked=False,
            enrich_attempts=0,
            next_attempt_at=None,
            candidates=[],
            match_evidence=[],
            tmdb_tv_id=None,
            last_error="",
            updated_at=timezone.now(),
        )
        transaction.on_commit(catalogue.bump)
    return count


def mark_not_a_film(movies: QuerySet) -> int:
    """Hidden from the site, never looked up, and never re-created by a fetch. The record
    gives up its TMDB and IMDb ids: the decision is about this record, and the film TMDB has
    under those ids must stay free to match another record (not be merged into this one)."""
    with transaction.atomic():
        count = movies.update(
            status=Status.REJECTED,
            locked=True,
            candidates=[],
            tmdb_id=None,
            imdb_id=None,
            updated_at=timezone.now(),
        )
        transaction.on_commit(catalogue.bump)
    return count


# -- the jobs behind the admin's buttons ---------------------------------------------------------


def choose_job(movie_id: int, tmdb_id: int) -> str:
    """ "Choose this candidate": matched or merged, or the reason it failed on the film."""
    movie = Movie.objects.filter(pk=movie_id).first()
    if movie is None:
        return "gone"
    try:
        return choose_film(movie, tmdb_id)
    except CurationError as exc:
        return _failed(movie_id, f"Choosing TMDB film {tmdb_id} failed: {exc}")


def set_reference_job(movie_id: int, reference: str) -> str:
    """ "Set TMDB film" with what the curator pasted (checked already by the form)."""
    movie = Movie.objects.filter(pk=movie_id).first()
    if movie is None:
        return "gone"
    try:
        return choose_film(movie, resolve_reference(reference))
    except CurationError as exc:
        return _failed(movie_id, f"Setting the TMDB film from {reference!r} failed: {exc}")


def re_enrich_job(movie_ids: list[int]) -> dict[str, int]:
    try:
        return re_enrich(Movie.objects.filter(pk__in=movie_ids))
    except CurationError as exc:
        for movie_id in movie_ids:
            _failed(movie_id, f"Re-enrichment failed: {exc}")
        return {"failed": len(movie_ids)}


def _failed(movie_id: int, message: str) -> str:
    Movie.objects.filter(pk=movie_id).update(last_error=message[:2000], updated_at=timezone.now())
    catalogue.bump()
    return "failed"

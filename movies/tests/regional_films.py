"""Films with regional facts for the page and API tests, stored as enrichment stores them."""

from datetime import date, timedelta

from django.utils import timezone

from contrib.tmdb.api import parse_movie_details
from contrib.tmdb.testing.facts import details_response, facts
from movies import cache as catalogue
from movies import facts as stored
from movies.models import Movie
from movies.tests.factories import make_movie

_ids = iter(range(700_000, 800_000))


def days(n: int) -> str:
    """The date n days from today (negative: ago), as TMDB writes it."""
    return (timezone.now().date() + timedelta(days=n)).isoformat()


def film_with_facts(title: str, *, now=None, **kwargs):
    """A matched film whose details carry `facts(**kwargs)`."""
    tmdb_id = next(_ids)
    film = make_movie(title, status="matched", tmdb_id=tmdb_id, year=date.today().year)
    details = parse_movie_details(
        details_response({"id": tmdb_id, "title": title, **facts(**kwargs)})
    )
    now = now or timezone.now()
    stored.store(film, details, now=now)
    Movie.objects.filter(pk=film.pk).update(**stored.movie_fields(details, now))
    film.refresh_from_db()
    catalogue.bump()  # stored outside a pipeline run: its pages must not be read from before
    return film

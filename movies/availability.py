"""When and where a film can be seen in a region, by one set of rules that the list's
filters (as SQL), its cards, the film page, the API and the feed all share.

- In cinemas: its first cinema release (limited or wide) in the region is past, and was
  within the last CINEMA_WEEKS, or it has no digital release there yet and is not streaming
  there (a film TMDB never gave a digital date counts as in cinemas for at most
  CINEMA_RUN_LIMIT: old films often have no digital date at all).
- Streaming: a subscription, free or ad-supported service offers it there (JustWatch's data).
- Coming soon: its first release to the public there (cinema, digital, disc or TV; a
  festival premiere is not one) is in the future.
"""

from datetime import date, timedelta
from typing import NamedTuple

from django.db import connection
from django.db.models import CharField, Exists, OuterRef, Q
from django.db.models.expressions import RawSQL

from movies.models import MovieRegion, StreamOffer

CINEMA_WEEKS = 8
CINEMA_RUN_LIMIT = timedelta(days=183)

CINEMAS, STREAMING, SOON, SERVICES = "cinemas", "streaming", "soon", "services"
AVAILABLE = {
    CINEMAS: "In cinemas",
    STREAMING: "Streaming",
    SOON: "Coming soon",
    SERVICES: "On my services",
}
# The kinds `condition()` judges on the day (the others read only the region's rows).
ON_THE_DAY = (CINEMAS, SOON)
# What the API offers: "On my services" is a visitor's cookie.
API_AVAILABLE = (CINEMAS, STREAMING, SOON)
# The fields of a region's row that the cards and the API's list read, as one column, in
# this order: three dates, the streaming flag, the first service streaming it.
STATUS_FIELDS = ("released", "cinemas", "digital", "streaming", "first_stream")
STATUS = "_status"


def status_column(region: str) -> RawSQL:
    """The region's STATUS_FIELDS of each film as one text column ("2025-03-14|...|1|Netflix",
    NULL without a row). A raw correlated subquery on the (movie, region) index: a join or
    five columns cost more to build per request than the page's own SQL costs to run."""
    # PostgreSQL writes a date as text only when asked; SQLite stores it as text.
    text = "coalesce(r.{}::text, '')" if connection.vendor == "postgresql" else "coalesce(r.{}, '')"
    dates = [text.format(name) for name in STATUS_FIELDS[:3]]
    columns = " || '|' || ".join(
        [*dates, "CASE WHEN r.streaming THEN '1' ELSE '' END", "r.first_stream"]
    )
    return RawSQL(
        f"(SELECT {columns} FROM movies_movieregion r "
        "WHERE r.movie_id = movies_movie.id AND r.region = %s)",
        [region],
        output_field=CharField(),
    )


def _day(text: str) -> date | None:
    return date.fromisoformat(text) if text else None


def status_in(column: str | None, today: date) -> "Status | None":
    """The status from `status_column()`'s text, reading only what it needs (24 cards a
    page): None without a row."""
    if not column:
        return None
    released, cinemas, digital, streaming, first_stream = column.split("|", 4)
    if streaming:
        return Status(STREAMING, first_stream or "Streaming")
    return status(
        {"released": _day(released), "cinemas": _day(cinemas), "digital": _day(digital)}, today
    )


def in_cinemas_q(today: date) -> Q:
    """`in_cinemas()` as a condition on MovieRegion rows."""
    recent = Q(cinemas__gte=today - timedelta(weeks=CINEMA_WEEKS))
    no_digital_yet = (
        Q(streaming=False)
        & (Q(digital__isnull=True) | Q(digital__gt=today))
        & Q(cinemas__gte=today - CINEMA_RUN_LIMIT)
    )
    return Q(cinemas__lte=today) & (recent | no_digital_yet)


def in_cinemas(cinemas: date | None, digital: date | None, streaming: bool, today: date) -> bool:
    if cinemas is None or cinemas > today:
        return False
    if cinemas >= today - timedelta(weeks=CINEMA_WEEKS):
        return True
    no_digital_yet = not streaming and (digital is None or digital > today)
    return no_digital_yet and cinemas >= today - CINEMA_RUN_LIMIT


def condition(available: str, region: str, today: date, services=()) -> Q:
    """The films available so in the region, as a condition on films."""
    if available == SERVICES:
        offers = StreamOffer.objects.filter(
            movie=OuterRef("pk"), region=region, provider_id__in=list(services)
        )
        return Q(Exists(offers))
    rows = MovieRegion.objects.filter(movie=OuterRef("pk"), region=region)
    if available == STREAMING:
        rows = rows.filter(streaming=True)
    elif available == CINEMAS:
        rows = rows.filter(in_cinemas_q(today))
    elif available == SOON:
        rows = rows.filter(released__gt=today)
    else:
        raise ValueError(f"unknown availability {available!r}")
    return Q(Exists(rows))


class Status(NamedTuple):
    """A film's status in a region, in a word: "Netflix", "In cinemas", "Mar 14". (A tuple:
    every card of the list makes one.)"""

    kind: str  # "streaming", "cinemas", "soon" or "digital"
    label: str
    day: date | None = None

    def as_dict(self) -> dict:
        return {
            "status": self.kind,
            "label": self.label,
            "date": self.day.isoformat() if self.day else None,
        }


def status(row: dict, today: date) -> Status | None:
    """From a region row's STATUS_FIELDS (None where the film has no row there)."""
    if row.get("streaming"):
        return Status(STREAMING, row.get("first_stream") or "Streaming")
    cinemas, digital, released = row.get("cinemas"), row.get("digital"), row.get("released")
    if in_cinemas(cinemas, digital, False, today):
        return Status(CINEMAS, "In cinemas", cinemas)
    if released and released > today:
        return Status(SOON, short_date(released, today), released)
    if digital and digital <= today:
        return Status("digital", "On digital", digital)
    return None


def short_date(day: date, today: date) -> str:
    """ "Mar 14" within the year, "Mar 14, 2027" beyond."""
    text = f"{day:%b} {day.day}"
    return text if day.year == today.year else f"{text}, {day.year}"

"""The list's query parameters: read once, into one normalised value.

Everything in an address bar may be hostile (NUL bytes, 5,000 characters, markup, page
numbers longer than SQLite's integers), so each parameter is either understood or reported
as a problem. Pages drop the problems and show something sensible (a bad page number shows
page one); the API answers 400 with the first one. The normalised value also names the
page in the page cache, so `?page=abc&utm=x` and `?` share one cached page.
"""

import re
from collections.abc import Collection
from dataclasses import dataclass, replace
from datetime import date
from functools import cached_property
from urllib.parse import urlencode

from django.conf import settings
from django.db import connection
from django.db.models import BooleanField, F, FilteredRelation, Q
from django.db.models.expressions import RawSQL
from django.db.models.functions import Lower
from django.http import QueryDict
from django.utils import timezone

from contrib.text import clean
from contrib.tmdb.types import MOVIE_GENRES
from movies import availability, search
from movies.models import RELEASE_SORT_KEY, Movie, Trailer

PAGE_SIZE = 24
MAX_QUERY_LENGTH = 100
# Far beyond any real catalogue, far below the integers databases overflow on.
MAX_PAGE = 100_000
FIRST_YEAR, LAST_YEAR = 1870, 2200


@dataclass(frozen=True)
class Sort:
    label: str
    keys: tuple  # expressions, the last one unique (the id), all in one direction
    descending: bool

    @property
    def ordering(self) -> tuple:
        return tuple(key.desc() if self.descending else key.asc() for key in self.keys)


# The region's row of each film, joined for the regional sort and the cards' status.
HERE = "here"
REGIONAL_SORT = "regional"
SORTS = {
    "newest": Sort("Newest trailer", (F("last_trailer_at"), F("id")), descending=True),
    "release": Sort("Release date", (RELEASE_SORT_KEY, F("id")), descending=True),
    # Films with a release date in the region, by it: the region's index serves it.
    REGIONAL_SORT: Sort(
        "Release date in my region",
        # Annotations of the joined row (`films()`): a key naming the relation itself would
        # join the table again in a deep page's seek, off the index.
        (F("_here_released"), F("_here_movie")),
        descending=True,
    ),
    "title": Sort("Title", (Lower("title"), F("id")), descending=False),
}
DEFAULT_SORT = "newest"

ENRICHED, NEEDS_REVIEW = "enriched", "needs_review"
STATUSES = {ENRICHED: "Matched on TMDB", NEEDS_REVIEW: "Needs review"}
STAFF_ONLY_STATUSES = {NEEDS_REVIEW}

_WHOLE_NUMBER = re.compile(r"[0-9]{1,7}")
_SLUG = re.compile(r"[-\w]{1,50}", re.ASCII)


@dataclass(frozen=True)
class MovieFilters:
    q: str = ""
    channel: str = ""
    year: int | None = None
    status: str = ""
    available: str = ""
    genre: str = ""
    sort: str = DEFAULT_SORT
    page: int = 1
    page_size: int = PAGE_SIZE
    # The region in force ("": the site's), and whether the address asked for it.
    region: str = ""
    region_in_query: bool = False
    # The visitor's streaming services (from their cookie), for "On my services".
    services: tuple[int, ...] = ()
    # The day "in cinemas" and "coming soon" are judged on (None: today).
    today: date | None = None

    @property
    def narrowed(self) -> bool:
        """Whether any filter leaves films out (paging does not; the regional sort leaves
        out the films without a release date in the region)."""
        return bool(
            self.q
            or self.channel
            or self.year
            or self.status
            or self.available
            or self.genre
            or self.sort == REGIONAL_SORT
        )

    @property
    def region_code(self) -> str:
        return self.region or settings.WHICHMOVIE_REGION

    @property
    def day(self) -> date:
        return self.today or timezone.now().date()

    @property
    def regional(self) -> bool:
        """Whether the films kept depend on the region (and the day)."""
        return bool(self.available or self.sort == REGIONAL_SORT)

    @property
    def personal(self) -> bool:
        """Whether the films kept depend on the visitor's own services: such pages, counts
        and page indexes are never cached (there are endless combinations)."""
        return self.available == availability.SERVICES

    def params(self, **changes) -> dict[str, str]:
        """The non-default parameters, in a fixed order: for links."""
        values = replace(self, **changes)
        params = {
            "q": values.q,
            "channel": values.channel,
            "year": str(values.year or ""),
            "status": values.status,
            "available": values.available,
            "genre": values.genre,
            "region": values.region if values.region_in_query else "",
            "sort": "" if values.sort == DEFAULT_SORT else values.sort,
            "page_size": "" if values.page_size == PAGE_SIZE else str(values.page_size),
            "page": "" if values.page == 1 else str(values.page),
        }
        return {name: value for name, value in params.items() if value}

    def querystring(self, **changes) -> str:
        return urlencode(self.params(**changes))

    def rows(self, films, values):
        """`films.values(*values)`: each value a field's name or a (name, expression) pair;
        the name availability.STATUS is each film's status in the region (added in the same
        copy of the query)."""
        fields = [value for value in values if isinstance(value, str)]
        expressions = dict(value for value in values if not isinstance(value, str))
        if availability.STATUS in fields:
            fields.remove(availability.STATUS)
            expressions[availability.STATUS] = availability.status_column(self.region_code)
        return films.values(*fields, **expressions)

    def key(self, *, everything: bool = False, **changes) -> str:
        """Names what these filters keep in the catalogue's cache: the parameters, and the
        region and the day when the films depend on them (`everything`: always, for pages
        whose cards show the region's status)."""
        values = replace(self, **changes)
        # With the region when the address names it: its links carry it on, a cookie's don't.
        key = urlencode(values.params())
        if everything or values.regional:
            key += f"|{values.region_code}|{values.day.isoformat()}"
        if values.personal:
            key += "|" + ".".join(map(str, values.services))
        return key

    @cached_property
    def phrase(self) -> str:
        """The search, folded as the titles are (movies.search), once."""
        return search.search_phrase(self.q)

    def shape(self) -> tuple:
        """What the SQL of these filters' list depends on (movies.prepared): everything but
        the search's words, the page and its size; the region spelled out (the cards' status
        reads it), the day and the visitor's services only where a filter reads them (else
        every visitor and every day would compile their own copy)."""
        plain = replace(
            self,
            q="",
            page=1,
            page_size=PAGE_SIZE,
            region=self.region_code,
            region_in_query=False,
            today=self.day if self.available in availability.ON_THE_DAY else None,
            services=self.services if self.personal else (),
        )
        return (plain, search.matching(self.phrase) if self.q else None)

    def condition(self, *, slots: bool = False) -> Q:
        """The films these filters keep, as one Q (usable in `filter()` and in aggregates);
        the regional sort keeps only the films dated in the region besides (`films()`).
        `slots`: the search's values are Slots (search.parameters), for a prepared query."""
        condition = Q()
        if self.available:
            condition &= availability.condition(
                self.available, self.region_code, self.day, self.services
            )
        if self.genre:
            condition &= genre_condition(self.genre)
        if self.q:
            condition &= search.condition(self.phrase, slots=slots)
        if self.channel:
            # The channel that first brought the film, or any channel that posted a trailer.
            posted = Trailer.objects.filter(channel__slug=self.channel).values("movie_id")
            condition &= Q(source=self.channel) | Q(pk__in=posted)
        if self.year:
            # The release year once TMDB knows it, else the year the trailer title gave.
            condition &= Q(release_date__year=self.year) | Q(
                release_date__isnull=True, year=self.year
            )
        if self.status == ENRICHED:
            condition &= Q(tmdb_id__isnull=False)
        elif self.status == NEEDS_REVIEW:
            condition &= Q(status=Movie.Status.NEEDS_REVIEW)
        return condition

    @property
    def sort_spec(self) -> Sort:
        return SORTS[self.sort]

    def films(self, queryset, *, slots: bool = False):
        """`queryset` narrowed by these filters, in their order: a search ranks by relevance
        first, else the chosen sort. `slots`: as for `condition()`."""
        # One annotate() call: each call copies the whole query, which costs as much here
        # as running it.
        extra = {}
        if self.sort == REGIONAL_SORT:
            # The film's row for the region, joined: the sort's keys, as annotations.
            extra[HERE] = FilteredRelation("regions", condition=Q(regions__region=self.region_code))
            extra["_here_released"] = F(f"{HERE}__released")
            extra["_here_movie"] = F(f"{HERE}__movie")
        if self.q:
            extra["_relevance"] = search.relevance(self.phrase, slots=slots)
        films = queryset.filter(self.condition(slots=slots))
        if extra:
            films = films.annotate(**extra)
        if self.sort == REGIONAL_SORT:
            # On the annotation, not the relation: that would join the table once more.
            films = films.filter(_here_released__isnull=False)
        if self.q:
            return films.order_by(*search.ordering())
        return films.order_by(*self.sort_spec.ordering)


def genre_condition(name: str) -> Q:
    """Films with this genre among theirs (JSON containment, evaluated on each row while
    the sort's index is walked: genres are common, and there are 19 of them)."""
    if connection.vendor == "postgresql":
        return Q(genres__contains=[name])
    each = RawSQL(
        "EXISTS (SELECT 1 FROM json_each(movies_movie.genres) WHERE json_each.value = %s)",
        [name],
        output_field=BooleanField(),
    )
    return Q(each)


def parse_filters(
    params: QueryDict,
    *,
    staff: bool = False,
    api: bool = False,
    channels: Collection[str] | None = None,
    region=None,
    services: tuple[int, ...] = (),
    today: date | None = None,
) -> tuple[MovieFilters, list[str]]:
    """(filters, problems). Unknown parameters are ignored; every problem is also dropped
    from the filters, so the filters are always usable. With `channels` (the known slugs),
    a channel that does not exist is a problem too: it names no page worth caching.
    `region` (movies.regions.Region) is the region in force, `services` the visitor's."""
    problems: list[str] = []
    values: dict[str, object] = {"services": tuple(services), "today": today}
    if region is not None:
        values.update(region=region.code, region_in_query=region.explicit)

    q = clean(params.get("q", ""))
    if len(q) > MAX_QUERY_LENGTH:
        problems.append(f"q is longer than {MAX_QUERY_LENGTH} characters")
        q = q[:MAX_QUERY_LENGTH].strip()
    values["q"] = q

    channel = params.get("channel", "").strip()
    if channel:
        if not _SLUG.fullmatch(channel):
            problems.append("channel must be a channel's slug")
        elif channels is not None and channel not in channels:
            problems.append(f"there is no channel {channel!r}")
        else:
            values["channel"] = channel

    year = params.get("year", "").strip()
    if year:
        number = _whole_number(year)
        if number is not None and FIRST_YEAR <= number <= LAST_YEAR:
            values["year"] = number
        else:
            problems.append(f"year must be a year from {FIRST_YEAR} to {LAST_YEAR}")

    status = params.get("status", "").strip()
    if status:
        if status in STATUSES and (staff or status not in STAFF_ONLY_STATUSES):
            values["status"] = status
        else:
            problems.append(f"status must be one of: {', '.join(statuses_for(staff))}")

    available = params.get("available", "").strip()
    if available:
        offered = availability.API_AVAILABLE if api else tuple(availability.AVAILABLE)
        if available in offered:
            values["available"] = available
        else:
            problems.append(f"available must be one of: {', '.join(offered)}")

    genre = params.get("genre", "").strip()
    if genre:
        names = {name.lower(): name for name in MOVIE_GENRES}
        if genre.lower() in names:
            values["genre"] = names[genre.lower()]
        else:
            problems.append(f"genre must be one of TMDB's genres: {', '.join(MOVIE_GENRES)}")

    sort = params.get("sort", "").strip()
    if sort:
        if sort in SORTS:
            values["sort"] = sort
        else:
            problems.append(f"sort must be one of: {', '.join(SORTS)}")

    page = params.get("page", "").strip()
    if page:
        number = _whole_number(page)
        if number is not None and 1 <= number <= MAX_PAGE:
            values["page"] = number
        else:
            problems.append(f"page must be a whole number from 1 to {MAX_PAGE}")

    page_size = params.get("page_size", "").strip()
    if page_size and api:
        number = _whole_number(page_size)
        if number is not None and number >= 1:
            values["page_size"] = min(number, PAGE_SIZE)  # the cap, as on the pages
        else:
            problems.append(f"page_size must be a whole number from 1 to {PAGE_SIZE}")

    return MovieFilters(**values), problems


def statuses_for(staff: bool) -> dict[str, str]:
    return {
        value: label
        for value, label in STATUSES.items()
        if staff or value not in STAFF_ONLY_STATUSES
    }


def _whole_number(text: str) -> int | None:
    # A regex first: int() would accept "+5", " 5", "٥" and 4,000-digit numbers.
    return int(text) if _WHOLE_NUMBER.fullmatch(text) else None

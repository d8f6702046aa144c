"""What the list page and the API's list share: the catalogue's facts, how many films a set
of filters keeps, and their pages; nothing here scans the table on every request.

Facts and counts are kept per catalogue generation (movies.cache), so a visitor pays for a
count only after a write. A search is counted by the query that reads its page (a window
count over the films it matches): one pass over the index instead of two.
"""

from dataclasses import dataclass, replace
from functools import partial
from math import ceil

from django.core.paginator import Page, Paginator
from django.db.models import Count, Max, Min, Q, Window

from movies import cache as catalogue
from movies import search
from movies.filters import DEFAULT_SORT, PAGE_SIZE, REGIONAL_SORT, MovieFilters
from movies.models import DEMO_SOURCE, Channel, Movie, Provider, StreamOffer
from movies.paging import SHALLOW_PAGES, CataloguePaginator
from movies.prepared import prepared


@dataclass(frozen=True)
class Facts:
    total: int
    enriched: int
    samples: int
    years: tuple[int, ...]  # every year from the newest film's to the oldest's


def facts(version: int) -> Facts:
    return catalogue.remember("list:facts", _facts, version)


def channels(version: int) -> dict[str, str]:
    """Every channel's name by slug, by name: the channel filter's choices."""
    return catalogue.remember(
        "list:channels",
        lambda: dict(Channel.objects.order_by("name").values_list("slug", "name")),
        version,
    )


def providers(region: str, version: int) -> list[dict]:
    """The services streaming at least one film in the region, by name: the choices of
    "On my services"."""
    return catalogue.remember(
        f"list:providers:{region}",
        lambda: list(
            Provider.objects.filter(
                id__in=StreamOffer.objects.filter(region=region).values("provider_id")
            )
            .order_by("name")
            .values("id", "name", "logo_path")
        ),
        version,
    )


def _facts() -> Facts:
    stats = Movie.objects.visible().aggregate(
        total=Count("pk"),
        enriched=Count("pk", filter=Q(tmdb_id__isnull=False)),
        samples=Count("pk", filter=Q(source=DEMO_SOURCE)),
        first_release=Min("release_date"),
        last_release=Max("release_date"),
        first_year=Min("year"),
        last_year=Max("year"),
    )
    years = [
        year
        for year in (
            stats["first_release"] and stats["first_release"].year,
            stats["last_release"] and stats["last_release"].year,
            stats["first_year"],
            stats["last_year"],
        )
        if year
    ]
    return Facts(
        total=stats["total"],
        enriched=stats["enriched"],
        samples=stats["samples"],
        years=tuple(range(max(years), min(years) - 1, -1)) if years else (),
    )


def count(filters: MovieFilters, version: int) -> int:
    """How many films the filters keep; not for searches (see `search_page`)."""
    if not filters.narrowed:
        return facts(version).total

    def counted() -> int:  # the query is built only when it runs: building it costs too
        return filters.films(Movie.objects.visible()).count()

    if filters.personal:  # a visitor's own services: counted, never kept
        return counted()
    # Only the regional sort changes which films are kept.
    sort = REGIONAL_SORT if filters.sort == REGIONAL_SORT else DEFAULT_SORT
    key = f"list:count?{filters.key(page=1, page_size=PAGE_SIZE, sort=sort)}"
    return catalogue.remember(key, counted, version)


def search_page(filters: MovieFilters, *, values) -> Page:
    """The page of a search, and how many films it finds, in one query (the last page when
    asked for one past the end)."""
    size = filters.page_size
    number = filters.page
    if search.matching(filters.phrase) == search.NOTHING:  # "!!!": no words to look for
        rows, number = [], 1
    else:
        query = prepared(("search", filters.shape(), values), partial(_search, filters, values))
        searched = search.parameters(filters.phrase)
        rows = query.rows(searched, limit=size, offset=(number - 1) * size)
        if not rows and number > 1:  # past the end: count, then read the last page, if any
            found = filters.films(Movie.objects.visible()).count()
            number = max(1, ceil(found / size))
            rows = query.rows(searched, limit=size, offset=(number - 1) * size) if found else []
    counted = Paginator((), size)
    counted.count = rows[0]["_found"] if rows else 0
    return Page(rows, number, counted)


def _search(filters: MovieFilters, values):
    films = filters.films(Movie.objects.visible(), slots=True)
    return filters.rows(films, values).annotate(_found=Window(Count("pk")))


def within_pages(filters: MovieFilters, count: int) -> MovieFilters:
    """The filters with the page clamped to the last one: a page past the end is the last
    page, under the last page's name (one cache entry, not one per number asked for)."""
    pages = max(1, ceil(count / filters.page_size))
    return replace(filters, page=min(filters.page, pages))


def is_worth_storing(filters: MovieFilters) -> bool:
    """Only the first pages of unsearched lists go into the page cache: searches and deep
    pages are endless, and cheap to render again."""
    return not filters.q and not filters.personal and filters.page <= SHALLOW_PAGES


def paginator(filters: MovieFilters, count: int, version: int, *, values):
    """Pages of the films unsearched `filters` keep, as rows (dicts) of `values`."""
    sort = filters.sort_spec
    return CataloguePaginator(
        lambda: filters.rows(filters.films(Movie.objects.visible()), values),
        filters.page_size,
        shape=(filters.shape(), values),
        count=count,
        # A visitor's own services: OFFSET pages, no page index kept for them.
        keys=() if filters.personal else sort.keys,
        descending=sort.descending,
        index_name=f"list:pages?{filters.key(page=1, page_size=PAGE_SIZE)}",
        version=version,
    )

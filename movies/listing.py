"""What the list page and the API's list share: the catalogue's facts, how many films a set
of filters keeps, and their pages; nothing here scans the table on every request.

Facts and counts are kept per catalogue generation (movies.cache), so a visitor pays for a
count only after a write. A search's count is not kept (searches are endless) and not exact
past `SEARCH_COUNT_LIMIT`: counting every film "the" finds would cost more than the page.
"""

from dataclasses import dataclass, replace
from math import ceil

from django.db.models import Count, Max, Min, Q

from movies import cache as catalogue
from movies.filters import MovieFilters
from movies.models import DEMO_SOURCE, Channel, Movie
from movies.paging import SHALLOW_PAGES, CataloguePaginator

SEARCH_COUNT_LIMIT = 1000


@dataclass(frozen=True)
class Facts:
    total: int
    enriched: int
    samples: int
    years: tuple[int, ...]  # every year from the newest film's to the oldest's


@dataclass(frozen=True)
class Matching:
    count: int
    exact: bool  # False: at least `count` films match (a search past the limit)

    @property
    def label(self) -> str:
        return f"{self.count:,}" if self.exact else f"{self.count:,}+"


def facts(version: int) -> Facts:
    return catalogue.remember("list:facts", _facts, version)


def channels(version: int) -> dict[str, str]:
    """Every channel's name by slug, by name: the channel filter's choices."""
    return catalogue.remember(
        "list:channels",
        lambda: dict(Channel.objects.order_by("name").values_list("slug", "name")),
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


def matching(filters: MovieFilters, version: int) -> Matching:
    films = Movie.objects.visible().filter(filters.condition())
    if filters.q:
        count = films[: SEARCH_COUNT_LIMIT + 1].count()
        return Matching(min(count, SEARCH_COUNT_LIMIT), exact=count <= SEARCH_COUNT_LIMIT)
    # The whole list's count too: its page links need it, the facts may not be read.
    key = f"list:count?{filters.querystring(page=1, sort=None)}"
    return Matching(catalogue.remember(key, films.count, version), exact=True)


def within_pages(filters: MovieFilters, found: Matching) -> MovieFilters:
    """The filters with the page clamped to the last one: a page past the end is the last
    page, under the last page's name (one cache entry, not one per number asked for)."""
    pages = max(1, ceil(found.count / filters.page_size))
    return replace(filters, page=min(filters.page, pages))


def is_worth_storing(filters: MovieFilters) -> bool:
    """Only the first pages of unsearched lists go into the page cache: searches and deep
    pages are endless, and cheap to render again."""
    return not filters.q and filters.page <= SHALLOW_PAGES


def paginator(filters: MovieFilters, found: Matching, version: int, *, fields=()):
    films = filters.films(Movie.objects.visible())
    if fields:
        films = films.only(*fields)
    sort = filters.sort_spec
    return CataloguePaginator(
        films,
        filters.page_size,
        count=found.count,
        keys=() if filters.q else sort.keys,
        descending=sort.descending,
        index_name=f"list:pages?{filters.querystring(page=1)}",
        version=version,
    )

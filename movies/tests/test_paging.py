"""Deep pages seek from their first row instead of walking an OFFSET, and show exactly what
an OFFSET would have shown."""

import re
from datetime import date, timedelta

import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from movies import cache as catalogue
from movies import listing
from movies.filters import parse_filters
from movies.models import Movie, MovieRegion
from movies.paging import SHALLOW_PAGES

pytestmark = pytest.mark.django_db
PAGE_SIZE = 24
IDS = ("id",)
FILMS = 2 * PAGE_SIZE * (SHALLOW_PAGES + 3) - 5  # a last page that is not full


def statement_of(sql: str) -> str:
    """The SQL a captured query ran: on PostgreSQL, the prepared statement's own."""
    if sql.startswith("EXECUTE "):  # the statement was prepared by an earlier query
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT statement FROM pg_prepared_statements WHERE name = %s", [sql.split()[1]]
            )
            sql = cursor.fetchone()[0]
    if sql.startswith("PREPARE "):  # "PREPARE name AS <sql>; EXECUTE name (...)"
        return sql[sql.index(" AS ") + 4 : sql.rindex("; EXECUTE")]
    return sql


@pytest.fixture
def films():
    now = timezone.now()
    films = [
        Movie(
            title=f"{'Abc'[n % 3]}film {n % 50:02d}",  # titles repeat: ties broken by id
            title_key=f"film {n}",
            source=("mubi", "rotten_tomatoes")[n % 2],
            # Shared timestamps and dates, and undated films: every sort has ties and nulls.
            last_trailer_at=now - timedelta(hours=n // 3),
            release_date=None if n % 7 == 0 else date(2000 + n % 20, 1 + n % 12, 1),
        )
        for n in range(FILMS)
    ]
    films = Movie.objects.bulk_create(films)
    catalogue.bump()  # a bulk write, as the pipeline's: nothing counted before it is read again
    return films


def pages_of(query: str, *, api: bool = False) -> tuple:
    """(what the catalogue paginator gives, what an OFFSET gives) for every page."""
    version = catalogue.generation()
    filters, problems = parse_filters(QueryDict(query), api=api)
    assert not problems
    found = listing.count(filters, version)
    seeking = listing.paginator(filters, found, version, values=IDS)
    offset = Paginator(filters.films(Movie.objects.visible()), filters.page_size)
    numbers = range(1, offset.num_pages + 1)
    return (
        [[m["id"] for m in seeking.page(n).object_list] for n in numbers],
        [[m.pk for m in offset.page(n).object_list] for n in numbers],
    )


@pytest.mark.parametrize("sort", ["newest", "release", "title"])
def test_every_deep_page_shows_what_an_offset_would(films, sort):
    seeking, offset = pages_of(f"sort={sort}")
    assert len(seeking) > SHALLOW_PAGES + 1
    assert seeking == offset


def test_a_filtered_list_pages_like_an_offset_too(films):
    seeking, offset = pages_of("channel=mubi&year=2007")
    assert seeking == offset
    seeking, offset = pages_of("channel=mubi")
    assert len(seeking) > SHALLOW_PAGES
    assert seeking == offset


@pytest.mark.parametrize("size", [1, 5, 7, 23])
def test_any_page_size_pages_like_an_offset(films, size):
    seeking, offset = pages_of(f"sort=release&page_size={size}", api=True)
    assert seeking == offset


def test_a_deep_page_the_index_does_not_reach_is_read_by_offset(films):
    """The count and the index are read at two moments: a write between them must not turn
    the last pages into errors."""
    version = catalogue.generation()
    filters, _ = parse_filters(QueryDict(""))
    paginator = listing.paginator(filters, FILMS, version, values=IDS)
    paginator.page(SHALLOW_PAGES + 1)  # the index, for these films
    Movie.objects.bulk_create(
        Movie(title=f"Late {n}", title_key=f"late {n}") for n in range(2 * PAGE_SIZE)
    )
    late = listing.paginator(filters, FILMS + 2 * PAGE_SIZE, version, values=IDS)
    last = late.num_pages
    assert len(late.page(last).object_list) > 0


def test_a_deep_page_reads_from_its_first_row_without_an_offset(films):
    version = catalogue.generation()
    filters, _ = parse_filters(QueryDict(f"page={SHALLOW_PAGES + 2}"))
    paginator = listing.paginator(filters, listing.count(filters, version), version, values=IDS)
    paginator.page(filters.page)  # builds the page index
    with CaptureQueriesContext(connection) as queries:
        list(paginator.page(filters.page).object_list)
    assert len(queries) == 1
    sql = statement_of(queries[0]["sql"]).upper()
    assert re.search(r"LIMIT 24( OFFSET 0)?$", sql)
    assert ") <= (" in sql


def test_the_page_index_is_built_once_per_catalogue_generation(films, django_assert_num_queries):
    def deep_page(number: int) -> None:
        version = catalogue.generation()
        filters, _ = parse_filters(QueryDict(f"page={number}"))
        found = listing.count(filters, version)
        list(listing.paginator(filters, found, version, values=IDS).page(number).object_list)

    deep_page(SHALLOW_PAGES + 1)
    with django_assert_num_queries(1):  # the count and the index are kept: just the page
        deep_page(SHALLOW_PAGES + 2)
    catalogue.bump()
    with django_assert_num_queries(3):  # after a write: count, index, page
        deep_page(SHALLOW_PAGES + 2)


def test_a_deep_page_costs_at_most_five_queries_right_after_a_write(
    client, films, django_assert_max_num_queries
):
    catalogue.bump()
    with django_assert_max_num_queries(5):
        response = client.get(f"/movies/?page={SHALLOW_PAGES + 2}&sort=release")
    assert response.status_code == 200


def test_regional_deep_pages_show_what_an_offset_would(films):
    # Shared dates (ties broken by id) and films without a date in the region (left out).
    MovieRegion.objects.bulk_create(
        MovieRegion(movie=film, region="US", released=date(2020, 1 + n % 12, 1))
        for n, film in enumerate(films)
        if n % 5
    )
    catalogue.bump()
    seeking, offset = pages_of("sort=regional")  # the site's region, US
    assert len(seeking) > SHALLOW_PAGES + 1
    assert seeking == offset
    assert sum(map(len, seeking)) == MovieRegion.objects.count()

"""List queries are compiled once per shape and run with each request's own values, giving
what the ORM would have given."""

from datetime import date
from unittest import mock

import pytest
from django.db import DatabaseError, connection, transaction
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext

from movies import listing, prepared
from movies.filters import parse_filters
from movies.models import Movie
from movies.prepared import Prepared, Slot
from movies.tests.factories import make_movie

pytestmark = pytest.mark.django_db
FIELDS = ("id", "title", "genres", "release_date")


@pytest.fixture(autouse=True)
def no_prepared_queries():
    def clear():
        prepared._prepared.clear()
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("DEALLOCATE ALL")  # the connection outlives each test
            prepared._statements.clear()

    clear()
    yield
    clear()


@pytest.fixture
def films():
    make_movie("Neon Harvest", genres=["Drama"], release_date=date(2024, 5, 1))
    make_movie("Harvest Moon", genres=["Horror", "Drama"], release_date=date(2023, 1, 2))
    make_movie("Paper Boats", genres=[], release_date=None)


def search(query: str) -> list[dict]:
    filters, problems = parse_filters(QueryDict(query))
    assert not problems
    return list(listing.search_page(filters, values=FIELDS).object_list)


def test_searches_of_one_shape_are_compiled_once(films):
    with mock.patch.object(Prepared, "of", wraps=Prepared.of) as compiled:
        search("q=harvest")
        search("q=moon")
        search("q=boats&page=1")
    assert compiled.call_count == 1


def test_a_search_of_another_shape_is_compiled_again(films):
    with mock.patch.object(Prepared, "of", wraps=Prepared.of) as compiled:
        search("q=harvest")
        search("q=harvest&year=2024")
        search("q=harvest&sort=title")  # the order is relevance's: the sort is still the shape
    assert compiled.call_count == 3


def test_a_visitors_services_and_the_day_shape_only_the_filters_that_read_them():
    def shape(query: str, **given):
        return parse_filters(QueryDict(query), **given)[0].shape()

    mine = {"services": (8, 9)}
    assert shape("q=harvest", **mine) == shape("q=harvest")
    assert shape("available=services", **mine) != shape("available=services")
    monday, tuesday = {"today": date(2026, 3, 2)}, {"today": date(2026, 3, 3)}
    assert shape("sort=title", **monday) == shape("sort=title", **tuesday)
    assert shape("available=streaming", **monday) == shape("available=streaming", **tuesday)
    assert shape("available=cinemas", **monday) != shape("available=cinemas", **tuesday)
    assert shape("available=soon", **monday) != shape("available=soon", **tuesday)


def test_each_search_finds_its_own_words_through_the_same_sql(films):
    assert [row["title"] for row in search("q=harvest")] == ["Harvest Moon", "Neon Harvest"]
    assert [row["title"] for row in search("q=boats")] == ["Paper Boats"]
    assert search("q=nothing+like+it") == []


def test_rows_come_back_as_the_orm_gives_them(films):
    expected = list(Movie.objects.filter(title__contains="Harvest").order_by("id").values(*FIELDS))
    query = prepared.prepared(
        "test",
        lambda: Movie.objects.filter(title__contains=Slot("word")).order_by("id").values(*FIELDS),
    )
    rows = query.rows({"word": "Harvest"}, limit=10)
    assert rows == expected
    assert rows[1]["genres"] == ["Horror", "Drama"]  # JSON decoded
    assert rows[1]["release_date"] == date(2023, 1, 2)  # a date, on SQLite too


def test_a_slot_is_adapted_to_the_type_it_stands_for(films):
    query = prepared.prepared(
        "dated",
        lambda: (
            Movie.objects.filter(
                release_date__gte=Slot("day", Movie._meta.get_field("release_date"))
            )
            .order_by("id")
            .values("title")
        ),
    )
    assert query.rows({"day": date(2024, 1, 1)}, limit=10) == [{"title": "Neon Harvest"}]


def test_limit_and_offset_are_parameters_too(films):
    query = prepared.prepared("all", lambda: Movie.objects.order_by("id").values("title"))
    assert query.rows({}, limit=1, offset=1) == [{"title": "Harvest Moon"}]
    assert query.rows({}, limit=5, offset=2) == [{"title": "Paper Boats"}]


def test_old_shapes_make_way_for_new_ones(films, monkeypatch):
    monkeypatch.setattr(prepared, "SHAPES", 2)
    for shape in ("a", "b", "c"):
        prepared.prepared(shape, lambda: Movie.objects.order_by("id").values("id"))
    assert [shape for _vendor, shape in prepared._prepared] == ["b", "c"]


def in_savepoint(function, *args, **kwargs):
    with transaction.atomic():
        return function(*args, **kwargs)


def statements() -> dict[str, tuple[int, int]]:
    """This connection's prepared statements: (generic plans, custom plans) by name."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT name, generic_plans, custom_plans FROM pg_prepared_statements")
        return {name: (generic, custom) for name, generic, custom in cursor.fetchall()}


@pytest.mark.postgres
def test_postgresql_plans_a_search_once_for_every_search_of_its_shape(films):
    before = statements()
    search("q=harvest")
    search("q=moon")
    search("q=paper+bo")
    [name] = set(statements()) - set(before)
    assert statements()[name] == (3, 0)  # one plan, used three times, never planned again


@pytest.mark.postgres
def test_postgresql_finds_the_same_rows_through_its_prepared_statement(films):
    query = prepared.prepared(
        "test",
        lambda: Movie.objects.filter(title__contains=Slot("word")).order_by("id").values(*FIELDS),
    )
    expected = list(Movie.objects.filter(title__contains="Harvest").order_by("id").values(*FIELDS))
    before = statements()
    assert query.rows({"word": "Harvest"}, limit=10) == expected
    assert query.rows({"word": "Harvest"}, limit=1) == expected[:1]  # a LIMIT of its own
    assert query.rows({"word": "Harvest"}, limit=1, offset=1) == expected[1:]  # plain SQL
    assert len(statements()) == len(before) + 2


@pytest.mark.postgres
def test_a_statement_is_prepared_in_the_round_trip_that_first_runs_it(films):
    search("q=harvest")  # prepared with its first run, in one query
    with CaptureQueriesContext(connection) as queries:
        search("q=moon")
    assert [query["sql"].split()[0] for query in queries] == ["EXECUTE"]


@pytest.mark.postgres
def test_after_a_failed_run_the_statements_are_read_from_the_server(films):
    search("q=harvest")
    query = prepared.prepared(
        "dated",
        lambda: Movie.objects.filter(release_date__gte=Slot("day")).order_by("id").values("title"),
    )
    with pytest.raises(DatabaseError):
        in_savepoint(query.rows, {"day": "not a date"}, limit=10)  # prepared, failed to run
    assert [row["title"] for row in search("q=moon")] == ["Harvest Moon"]
    assert query.rows({"day": date(2024, 1, 1)}, limit=10) == [{"title": "Neon Harvest"}]


@pytest.mark.postgres
def test_a_statement_prepared_in_a_rolled_back_transaction_is_still_there(films):
    with transaction.atomic():
        search("q=harvest")
        transaction.set_rollback(True)
    assert [row["title"] for row in search("q=moon")] == ["Harvest Moon"]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_statement_that_failed_outside_a_transaction_is_made_afresh(films):
    query = prepared.prepared(
        "dated",
        lambda: Movie.objects.filter(release_date__gte=Slot("day")).order_by("id").values("title"),
    )
    with pytest.raises(DatabaseError):
        query.rows({"day": "not a date"}, limit=10)
    assert not statements()  # dropped: prepared anew by the next run
    assert query.rows({"day": date(2024, 1, 1)}, limit=10) == [{"title": "Neon Harvest"}]
    assert len(statements()) == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_new_connection_prepares_its_statements_again(films):
    search("q=harvest")
    connection.close()
    assert [row["title"] for row in search("q=moon")] == ["Harvest Moon"]
    assert len(statements()) == 1


@pytest.mark.postgres
def test_statements_are_planned_once_not_per_execution():
    with connection.cursor() as cursor:
        cursor.execute("SHOW plan_cache_mode")
        assert cursor.fetchone() == ("force_generic_plan",)


@pytest.mark.postgres
def test_a_connection_with_too_many_statements_starts_over(films, monkeypatch):
    monkeypatch.setattr(prepared, "STATEMENTS", 1)
    search("q=harvest")
    assert [row["title"] for row in search("q=harvest&year=2024")] == ["Neon Harvest"]
    assert len(statements()) == 1  # the first shape's was dropped for the second's
    assert [row["title"] for row in search("q=moon")] == ["Harvest Moon"]


@pytest.mark.postgres
def test_without_prepared_statements_the_list_runs_plain_sql(films, settings):
    settings.PREPARED_STATEMENTS = False  # behind a pooler in transaction mode
    with CaptureQueriesContext(connection) as queries:
        assert [row["title"] for row in search("q=moon")] == ["Harvest Moon"]
    assert [query["sql"].split()[0] for query in queries] == ["SELECT"]
    assert not statements()

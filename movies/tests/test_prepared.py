"""List queries are compiled once per shape and run with each request's own values, giving
what the ORM would have given."""

from datetime import date
from unittest import mock

import pytest
from django.http import QueryDict

from movies import listing, prepared
from movies.filters import parse_filters
from movies.models import Movie
from movies.prepared import Prepared, Slot
from movies.tests.factories import make_movie

pytestmark = pytest.mark.django_db
FIELDS = ("id", "title", "genres", "release_date")


@pytest.fixture(autouse=True)
def no_prepared_queries():
    prepared._prepared.clear()
    yield
    prepared._prepared.clear()


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

"""What the list page and the API share: counts kept per generation, a search counted by the
query that reads its page."""

import pytest
from django.http import QueryDict

from movies import cache as catalogue
from movies import listing
from movies.filters import parse_filters
from movies.models import Movie
from movies.tests.factories import make_movie

pytestmark = pytest.mark.django_db
FIELDS = ("id", "title")


def filters_of(query: str):
    filters, problems = parse_filters(QueryDict(query))
    assert not problems
    return filters


@pytest.fixture
def harvests():
    Movie.objects.bulk_create(
        Movie(title=f"Harvest {n}", title_key=f"harvest {n}") for n in range(30)
    )
    make_movie("Paper Boats")


def test_a_search_reads_its_page_and_its_count_in_one_query(harvests, django_assert_num_queries):
    listing.search_page(filters_of("q=harv"), values=FIELDS)  # SQLite's index probe, once
    with django_assert_num_queries(1):
        page = listing.search_page(filters_of("q=harv&page=2"), values=FIELDS)
    assert (page.number, page.paginator.count, len(page.object_list)) == (2, 30, 6)


def test_a_search_page_past_the_end_is_the_last_page(harvests):
    page = listing.search_page(filters_of("q=harv&page=9"), values=FIELDS)
    assert (page.number, page.paginator.count, len(page.object_list)) == (2, 30, 6)


def test_a_search_that_finds_nothing_is_an_empty_first_page(harvests):
    page = listing.search_page(filters_of("q=zzz&page=3"), values=FIELDS)
    assert (page.number, page.paginator.count, list(page.object_list)) == (1, 0, [])


def test_a_search_of_no_words_past_page_one_is_an_empty_first_page(harvests):
    page = listing.search_page(filters_of("q=!!!&page=3"), values=FIELDS)
    assert (page.number, page.paginator.count, list(page.object_list)) == (1, 0, [])


def test_a_filter_is_counted_once_per_generation(harvests, django_assert_num_queries):
    version = catalogue.generation()
    assert listing.count(filters_of("year=2024"), version) == 0
    with django_assert_num_queries(0):
        listing.count(filters_of("year=2024&sort=title"), version)  # sorting: same count
    make_movie("Anora", year=2024)  # a write: a new generation
    assert listing.count(filters_of("year=2024"), catalogue.generation()) == 1


def test_the_whole_list_is_counted_by_the_facts(harvests, django_assert_num_queries):
    version = catalogue.generation()
    listing.facts(version)
    with django_assert_num_queries(0):
        assert listing.count(filters_of(""), version) == 31

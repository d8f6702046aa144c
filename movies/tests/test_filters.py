import pytest
from django.http import QueryDict

from movies.filters import MAX_PAGE, PAGE_SIZE, MovieFilters, parse_filters
from movies.views import PageURLs


def parse(query: str, **options):
    return parse_filters(QueryDict(query), **options)


def test_it_defaults_to_every_film_newest_first_on_page_one():
    filters, problems = parse("")
    assert filters == MovieFilters()
    assert (filters.sort, filters.page, filters.page_size) == ("newest", 1, PAGE_SIZE)
    assert problems == []


def test_it_reads_every_parameter():
    filters, problems = parse("q=neon&channel=mubi&year=2026&status=enriched&sort=title&page=3")
    assert filters == MovieFilters(
        q="neon", channel="mubi", year=2026, status="enriched", sort="title", page=3
    )
    assert problems == []


def test_it_cleans_nul_bytes_and_spaces_out_of_the_search():
    filters, _ = parse("q=%00neon%00%00++harvest%09")
    assert filters.q == "neon harvest"


def test_it_shortens_a_long_search_and_reports_it():
    filters, problems = parse("q=" + "x" * 5000)
    assert len(filters.q) == 100
    assert problems == ["q is longer than 100 characters"]


@pytest.mark.parametrize(
    "page", ["abc", "-1", "0", "1.5", "%2B2", "٣", "9" * 5000, str(MAX_PAGE + 1)]
)
def test_it_reports_a_page_that_is_not_a_small_whole_number(page):
    filters, problems = parse(f"page={page}")
    assert filters.page == 1
    assert problems == [f"page must be a whole number from 1 to {MAX_PAGE}"]


@pytest.mark.parametrize("year", ["abc", "-5", "99999", "1200", "2026x"])
def test_it_reports_a_year_out_of_range(year):
    filters, problems = parse(f"year={year}")
    assert filters.year is None
    assert len(problems) == 1


def test_it_reports_an_unknown_sort():
    filters, problems = parse("sort=<script>")
    assert filters.sort == "newest"
    assert problems == ["sort must be one of: newest, release, regional, title"]


@pytest.mark.parametrize("channel", ["<b>", "../etc", "a" * 51, "mu bi"])
def test_it_reports_a_channel_that_is_not_a_slug(channel):
    filters, problems = parse(QueryDict.fromkeys(["channel"], channel).urlencode())
    assert filters.channel == ""
    assert problems == ["channel must be a channel's slug"]


def test_it_keeps_the_needs_review_filter_for_staff_only():
    assert parse("status=needs_review", staff=True)[0].status == "needs_review"
    filters, problems = parse("status=needs_review")
    assert filters.status == ""
    assert problems == ["status must be one of: enriched"]


def test_it_caps_the_api_page_size():
    assert parse("page_size=500", api=True)[0].page_size == PAGE_SIZE
    assert parse("page_size=5", api=True)[0].page_size == 5


def test_it_ignores_the_page_size_on_pages():
    assert parse("page_size=5")[0].page_size == PAGE_SIZE


def test_it_reports_a_page_size_of_zero():
    assert parse("page_size=0", api=True)[1] == ["page_size must be a whole number from 1 to 24"]


def test_it_writes_only_non_default_parameters_in_a_fixed_order():
    filters, _ = parse("page=2&sort=newest&year=2025&utm_source=x&q=a+b")
    assert filters.querystring() == "q=a+b&year=2025&page=2"


def test_it_writes_another_page_keeping_the_filters():
    filters, _ = parse("q=night&channel=mubi&page=2")
    assert filters.querystring(page=3) == "q=night&channel=mubi&page=3"
    assert filters.querystring(page=1) == "q=night&channel=mubi"


def test_it_treats_sorting_and_paging_as_not_narrowing():
    assert not parse("sort=title&page=4")[0].narrowed
    assert parse("year=2026")[0].narrowed


@pytest.mark.parametrize("query", ["", "q=dune&year=2021", "sort=title&page=7", "channel=mubi"])
def test_page_addresses_are_the_filters_querystring_with_their_page(query):
    filters, _ = parse(query)
    urls = PageURLs("/movies/", filters)
    for number in (1, 2, 40):
        expected = filters.querystring(page=number)
        assert urls(number) == (f"/movies/?{expected}" if expected else "/movies/")

from datetime import date

import pytest

from contrib.tmdb.testing.search import (
    PAGE_SIZE,
    SEARCH_FIELDS,
    catalogue_search,
    load_catalogue,
    search_movies,
)


@pytest.fixture(scope="module")
def films():
    return load_catalogue()


def ids(response: dict) -> list[int]:
    return [result["id"] for result in response["results"]]


def titles(response: dict) -> list[str]:
    return [result["title"] for result in response["results"]]


def numbered_films(count: int) -> list[dict]:
    return [
        {"id": i, "title": f"Film {i}", "release_date": "2020-01-01", "popularity": float(i)}
        for i in range(1, count + 1)
    ]


def test_it_ignores_case_and_accents(films):
    assert titles(search_movies(films, "EMILIA PEREZ")) == ["Emilia Pérez"]


def test_it_folds_dash_style_and_punctuation(films):
    response = search_movies(films, "Mission Impossible — The Final Reckoning")
    assert ids(response) == [575265]


def test_it_matches_query_words_as_word_prefixes(films):
    assert "Love Lies Bleeding" in titles(search_movies(films, "lov lie"))


def test_it_requires_every_query_word(films):
    assert titles(search_movies(films, "love lies")) == ["Love Lies Bleeding"]


def test_it_does_not_match_inside_a_word(films):
    assert "Love Actually" not in titles(search_movies(films, "ove"))


def test_it_matches_the_original_title(films):
    assert titles(search_movies(films, "Kuolleet lehdet")) == ["Fallen Leaves"]


def test_it_matches_an_original_title_in_another_script(films):
    assert ids(search_movies(films, "기생충")) == [496243]


def test_it_puts_the_more_popular_older_namesake_first(films):
    response = search_movies(films, "The Crow")
    assert ids(response)[:2] == [9495, 957452]


def test_it_ranks_a_famous_namesake_above_the_exact_title(films):
    response = search_movies(films, "Civil War")
    assert titles(response) == ["Captain America: Civil War", "Civil War"]


def test_it_filters_by_year(films):
    response = search_movies(films, "Nosferatu", year=2024)
    assert ids(response) == [426063]


def test_it_filters_by_primary_release_year(films):
    response = search_movies(films, "Nosferatu", primary_release_year=1979)
    assert ids(response) == [6404]


def test_it_leaves_undated_films_out_of_a_year_search(films):
    assert ids(search_movies(films, "Frankenstein", year=2025)) == []


def test_it_keeps_undated_films_in_a_search_without_year(films):
    results = search_movies(films, "Frankenstein")["results"]
    assert {"id": 1062722, "release_date": ""}.items() <= results[1].items()


def test_it_returns_only_search_result_fields(films):
    result = search_movies(films, "Anora")["results"][0]
    assert set(result) == set(SEARCH_FIELDS)


def test_it_pages_twenty_results_at_a_time():
    response = search_movies(numbered_films(45), "film", page=3)
    assert response["total_results"] == 45
    assert response["total_pages"] == 3
    assert len(response["results"]) == 45 - 2 * PAGE_SIZE


def test_it_returns_an_empty_page_beyond_the_last():
    response = search_movies(numbered_films(5), "film", page=2)
    assert (response["page"], response["results"]) == (2, [])


def test_it_rejects_a_page_outside_tmdbs_range():
    with pytest.raises(ValueError, match="page"):
        search_movies([], "film", page=0)


def test_it_finds_nothing_for_a_blank_query(films):
    response = search_movies(films, "  ")
    assert response == {"page": 1, "results": [], "total_results": 0, "total_pages": 1}


def test_it_gives_each_caller_its_own_copy_of_the_catalogue():
    load_catalogue()[0]["title"] = "Changed"
    assert load_catalogue()[0]["title"] != "Changed"


def test_it_adapts_results_for_the_matcher():
    search = catalogue_search()
    (result,) = search("The Substance", 2024)
    assert (result.id, result.release_date) == (933260, date(2024, 9, 7))


def test_it_adapts_an_empty_release_date_to_none():
    (result,) = catalogue_search()("Bugonia", None)
    assert result.release_date is None

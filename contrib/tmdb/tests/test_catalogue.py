import re
from collections import defaultdict
from datetime import date

import pytest

from contrib.text import fold
from contrib.tmdb.matching import Outcome
from contrib.tmdb.testing.search import load_cases, load_catalogue, load_tv_catalogue

FIELD_TYPES = {
    "id": int,
    "title": str,
    "original_title": str,
    "original_language": str,
    "release_date": str,
    "overview": str,
    "poster_path": (str, type(None)),
    "backdrop_path": (str, type(None)),
    "popularity": float,
    "vote_average": float,
    "vote_count": int,
    "genre_ids": list,
    "imdb_id": (str, type(None)),
    "runtime": (int, type(None)),
    "genres": list,
}
IMAGE_PATH = re.compile(r"^/[0-9A-Za-z]+\.jpg$")


@pytest.fixture(scope="module")
def films():
    return load_catalogue()


@pytest.fixture(scope="module")
def case_set():
    return load_cases()


def test_it_holds_at_least_seventy_films(films):
    assert len(films) >= 70


def test_it_has_unique_ids(films):
    ids = [film["id"] for film in films]
    assert len(ids) == len(set(ids))


def test_it_has_unique_imdb_ids(films):
    imdb_ids = [film["imdb_id"] for film in films if film["imdb_id"]]
    assert len(imdb_ids) == len(set(imdb_ids))


def test_it_has_every_field_with_its_type(films):
    for film in films:
        for field, kind in FIELD_TYPES.items():
            assert isinstance(film.get(field), kind), (film["id"], field)


def test_it_has_iso_release_dates_or_empty(films):
    for film in films:
        if film["release_date"]:
            date.fromisoformat(film["release_date"])


def test_it_has_imdb_ids_shaped_like_imdbs(films):
    for film in films:
        assert film["imdb_id"] is None or re.fullmatch(r"tt\d{7,8}", film["imdb_id"])


def test_it_has_image_paths_shaped_like_tmdbs(films):
    for film in films:
        for path in (film["poster_path"], film["backdrop_path"]):
            assert path is None or IMAGE_PATH.match(path), film["id"]


def test_it_has_genres_that_agree_with_genre_ids(films):
    for film in films:
        assert [g["id"] for g in film["genres"]] == film["genre_ids"], film["id"]


def test_it_has_films_without_poster_date_or_imdb_id(films):
    assert any(film["poster_path"] is None for film in films)
    assert any(film["release_date"] == "" for film in films)
    assert any(film["imdb_id"] is None for film in films)


def test_it_has_namesakes_whose_older_film_is_more_popular(films):
    by_title = defaultdict(list)
    for film in films:
        if film["release_date"]:
            by_title[fold(film["title"])].append(film)
    older_more_popular = [
        title
        for title, namesakes in by_title.items()
        if len(namesakes) > 1
        and min(namesakes, key=lambda f: f["release_date"])["popularity"]
        == max(f["popularity"] for f in namesakes)
    ]
    assert len(older_more_popular) >= 10


def test_it_has_foreign_original_titles(films):
    foreign = [f for f in films if fold(f["original_title"]) != fold(f["title"])]
    assert len(foreign) >= 10


def test_it_has_cases_for_films_in_the_catalogue(films, case_set):
    ids = {film["id"] for film in films}
    expected = {case.expect_id for case in case_set.cases if case.expect_id is not None}
    assert expected <= ids


def test_it_has_series_named_like_films(films):
    film_titles = {fold(film["title"]) for film in films}
    shared = [s for s in load_tv_catalogue() if fold(s["name"]) in film_titles]
    assert len(shared) >= 10


def test_it_has_films_released_in_several_countries_and_years(films):
    def years(film: dict) -> set[str]:
        return {
            day["release_date"][:4]
            for country in film.get("release_dates", [])
            for day in country["release_dates"]
        }

    assert sum(len(years(film)) > 1 for film in films) >= 5


def test_it_lists_each_cases_trailer_only_under_the_right_film(films, case_set):
    owner = {v["key"]: film["id"] for film in films for v in film.get("videos", [])}
    listed = [
        (case.label, owner[t.video_id], case.expect_id)
        for case in case_set.cases
        for t in case.query.trailers
        if t.video_id in owner
    ]
    assert len(listed) >= 8
    assert all(film == expected for _, film, expected in listed), listed


def test_it_has_a_matched_outcome_exactly_for_cases_with_an_id(case_set):
    for case in case_set.cases:
        assert (case.expect_id is not None) == (case.expect_outcome is Outcome.MATCHED), case


def test_it_has_cases_of_every_kind(case_set):
    queries = [case.query for case in case_set.cases]
    assert any(q.year is None and q.title.isupper() for q in queries)
    assert any(q.year is not None for q in queries)
    assert {case.expect_outcome for case in case_set.cases} == set(Outcome)
    assert any(case.query.rerelease for case in case_set.cases)
    assert any(len(case.query.trailers) > 1 for case in case_set.cases)

"""Title search: folded, partial words in any order, over every title a film has, ranked;
the same films on PostgreSQL (full-text index) and SQLite (FTS5 table)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone

from movies.models import Movie
from movies.search import condition, ordering, relevance, search_phrase, search_text_of
from movies.tests.factories import make_movie

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]
POSTGRES_URL = os.environ.get("SEARCH_CHECK_POSTGRES_URL", "postgres://root@127.0.0.1:5432/test")

# (display title, raw trailer title, TMDB original title)
FILMS = [
    ("Neon Harvest", "NEON HARVEST | Official Trailer | MUBI", ""),
    ("Harvest", "Harvest Trailer #1 (2024)", ""),
    ("Harvest Moon", "HARVEST MOON | Teaser", ""),
    ("Shaharvest", "Shaharvest | Official Trailer", ""),
    ("Dune: Part Two", "DUNE 2 | Final Trailer", ""),
    ("LA DERNIÈRE VALSE", "LA DERNIÈRE VALSE | Official Trailer | MUBI", ""),
    ("Amélie", "Amelie Trailer (2001)", "Le Fabuleux Destin d'Amélie Poulain"),
    ("Paper Boats", "Paper Boats | Official Trailer", ""),
]
# What each search finds, whatever the database: accents, case, words in any order, the last
# one possibly unfinished, trailer and original titles.
EXPECTED = {
    "harvest": {"Neon Harvest", "Harvest", "Harvest Moon"},
    "HARV": {"Neon Harvest", "Harvest", "Harvest Moon"},
    "shahar": {"Shaharvest"},
    "arvest": set(),  # the middle of a word is not a word
    "derniere": {"LA DERNIÈRE VALSE"},
    "Dernière Valse": {"LA DERNIÈRE VALSE"},
    "fabuleux destin": {"Amélie"},
    "amelie": {"Amélie"},
    "part two": {"Dune: Part Two"},
    "two part": {"Dune: Part Two"},
    "part tw": {"Dune: Part Two"},
    "par two": set(),  # only the last word may be unfinished
    "dune 2": {"Dune: Part Two"},
    "moon harvest neon": set(),  # every word must be there
    "dune: part": {"Dune: Part Two"},
    "final trailer": {"Dune: Part Two"},
    "boats": {"Paper Boats"},
    "du": {"Dune: Part Two"},
    "d": {"Dune: Part Two", "LA DERNIÈRE VALSE", "Amélie"},  # "destin", "damelie"
    "zzz": set(),
    "!!!": set(),
}


@pytest.fixture
def films():
    now = timezone.now()
    for age, (title, trailer, original) in enumerate(FILMS):
        make_movie(
            title,
            original_title=trailer,
            tmdb_original_title=original,
            last_trailer_at=now - timezone.timedelta(hours=age),
        )


def found(text: str) -> list[str]:
    phrase = search_phrase(text)
    films = Movie.objects.filter(condition(phrase)).annotate(_relevance=relevance(phrase))
    return list(films.order_by(*ordering()).values_list("title", flat=True))


@pytest.mark.parametrize(("text", "titles"), EXPECTED.items())
def test_it_finds_the_same_films_on_any_database(films, text, titles):
    assert set(found(text)) == titles


def test_it_ranks_the_exact_title_then_a_start_then_a_word_then_another_title(films):
    long_ago = timezone.now() - timezone.timedelta(days=30)
    make_movie("Glean", original_title="GLEAN | The Harvest Trailer", last_trailer_at=long_ago)
    assert found("harvest") == ["Harvest", "Harvest Moon", "Neon Harvest", "Glean"]


def test_it_folds_what_is_stored_as_the_save_stage_folds_titles():
    assert search_text_of("LA DERNIÈRE VALSE", "La Dernière Valse", None) == "la derniere valse"
    assert search_text_of("Amélie", "", "Le Fabuleux Destin d'Amélie Poulain") == (
        "amelie | le fabuleux destin damelie poulain"
    )


def test_a_film_saved_with_a_new_title_is_found_by_it(films):
    film = Movie.objects.get(title="Paper Boats")
    film.title = "Origami Fleet"
    film.save()
    assert found("origami") == ["Origami Fleet"]
    assert found("boats") == ["Origami Fleet"]  # still its trailer's title


def test_the_other_database_finds_the_same_films():
    """This module again on the other database (SQLite when this run is on PostgreSQL, and
    the other way round): the search cases above must pass on both."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    if connection.vendor == "postgresql":
        env.pop("DATABASE_URL", None)
    else:
        # A database of this session's own: parallel sessions share the server.
        env["DATABASE_URL"] = f"{POSTGRES_URL.rsplit('/', 1)[0]}/search_check_{os.getpid()}"
        if not _postgres_answers(POSTGRES_URL):
            pytest.skip(f"needs PostgreSQL at {POSTGRES_URL} to compare with")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            __file__,
            "-k",
            "not the_other_database",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:]
    assert " passed" in result.stdout


def _postgres_answers(url: str) -> bool:
    import psycopg2

    try:
        psycopg2.connect(url, connect_timeout=2).close()
    except psycopg2.Error:
        return False
    return True


# Each engine's own syntax, other scripts, digits, letters fold() rewrites: a search of any
# of them is an answer, never a query syntax error.
ODD_SEARCHES = [
    "& | ! <-> :* ( )",
    'AND OR NOT NEAR "x" ^x x*',
    "日本語 映画",
    "x² ½ Ⅻ ﬁlm",
    "123 ٣ १२३",
    "don't l'été co-op a_b x.y a:b",
    "e\u0301 foo\u200bbar",
    "the " * 25,
]


@pytest.mark.parametrize("text", ODD_SEARCHES)
def test_any_search_is_answered_not_an_engine_error(client, films, text):
    make_movie("日本語 Film", original_title="ﬁlm x² | Trailer")
    assert client.get("/movies/", {"q": text}).status_code == 200
    assert client.get("/api/movies/", {"q": text}).status_code == 200

"""The index behind title search: created, put back after a migration on SQLite drops its
triggers, and replacing the first version's trigram index."""

import pytest
from django.db import connection

from movies.models import Movie
from movies.search import condition, search_phrase
from movies.search_index import (
    OLD_POSTGRES_INDEX,
    POSTGRES_INDEX,
    SQLITE_TABLE,
    ensure_index,
)
from movies.tests.factories import make_movie

pytestmark = pytest.mark.django_db


@pytest.fixture
def films():
    for title in ("Neon Harvest", "Harvest Moon", "Paper Boats"):
        make_movie(title, original_title=f"{title} | Official Trailer")


def found(text: str) -> list[str]:
    return list(
        Movie.objects.filter(condition(search_phrase(text))).values_list("title", flat=True)
    )


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's FTS5 table")
def test_sqlite_gets_its_index_back_after_a_migration_drops_the_triggers(films):
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TRIGGER {SQLITE_TABLE}_insert")
    ensure_index(connection)
    make_movie("Glass Orchard", original_title="Glass Orchard | Trailer")
    assert found("orchard") == ["Glass Orchard"]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's FTS5 table")
def test_an_sqlite_without_fts5_still_searches_by_scanning_for_the_phrase(
    client, films, monkeypatch
):
    monkeypatch.setattr("movies.search.sqlite_index_exists", lambda: False)
    assert set(found("arvest")) == {"Neon Harvest", "Harvest Moon"}  # anywhere, by LIKE
    page = client.get("/movies/", {"q": "harvest moon"}).content.decode()
    assert "Harvest Moon" in page
    assert "Neon Harvest" not in page


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's full-text index")
def test_postgresql_answers_a_search_from_the_words_index(films):
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # a tiny table: make the planner show
        sql, params = Movie.objects.filter(
            condition(search_phrase("harvest"))
        ).query.sql_with_params()
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert POSTGRES_INDEX in plan


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's full-text index")
def test_postgresql_drops_the_old_trigram_index_for_the_words_one(films):
    with connection.cursor() as cursor:
        cursor.execute(f"DROP INDEX {POSTGRES_INDEX}")
        cursor.execute(f"CREATE INDEX {OLD_POSTGRES_INDEX} ON movies_movie (search_text)")
    ensure_index(connection)
    assert indexes_named(OLD_POSTGRES_INDEX, POSTGRES_INDEX) == {POSTGRES_INDEX}


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's FTS5 table")
def test_sqlite_replaces_the_old_trigram_table_with_a_words_table(films):
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE {SQLITE_TABLE}")
        cursor.execute(
            f"CREATE VIRTUAL TABLE {SQLITE_TABLE} USING fts5(search_text, tokenize='trigram')"
        )
    ensure_index(connection)
    assert set(found("harv")) == {"Neon Harvest", "Harvest Moon"}
    assert found("arvest") == []  # a trigram table would find the middle of a word


def indexes_named(*names: str) -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE indexname = ANY(%s)", [list(names)])
        return {row[0] for row in cursor.fetchall()}

"""The index behind title search: created, told about when it cannot be, and put back after
a migration on SQLite drops its triggers."""

import pytest
from django.db import DatabaseError, connection

from movies.models import Movie
from movies.search import condition
from movies.search_index import NO_TRIGRAMS, SQLITE_TABLE, ensure_index, ensure_trigram_index
from movies.tests.factories import make_movie

pytestmark = pytest.mark.django_db


@pytest.fixture
def films():
    for title in ("Neon Harvest", "Harvest Moon", "Paper Boats"):
        make_movie(title, original_title=f"{title} | Official Trailer")


def found(text: str) -> list[str]:
    return list(Movie.objects.filter(condition(text)).values_list("title", flat=True))


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's FTS5 table")
def test_sqlite_gets_its_index_back_after_a_migration_drops_the_triggers(films):
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TRIGGER {SQLITE_TABLE}_insert")
    ensure_index(connection)
    make_movie("Glass Orchard", original_title="Glass Orchard | Trailer")
    assert found("orchard") == ["Glass Orchard"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's trigram index")
def test_postgresql_answers_a_search_from_the_trigram_index(films):
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # a tiny table: make the planner show
        sql, params = Movie.objects.filter(condition("harvest")).query.sql_with_params()
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "movie_search_trgm_idx" in plan


def test_a_database_user_who_may_not_create_pg_trgm_is_told_what_to_run():
    class RefusingCursor:
        statements: list[str] = []

        def execute(self, sql, params=None):
            self.statements.append(sql)
            if "CREATE EXTENSION" in sql:
                raise DatabaseError("permission denied to create extension pg_trgm")

    said = []
    cursor = RefusingCursor()
    ensure_trigram_index(cursor, connection.alias, said.append)
    assert said == [NO_TRIGRAMS]
    assert "CREATE EXTENSION pg_trgm;" in NO_TRIGRAMS
    assert not [sql for sql in cursor.statements if "CREATE INDEX" in sql]

"""The database index behind title search (movies.search): created by migration 0005 and
checked again after every `migrate`, because a migration that rebuilds the films table on
SQLite drops the triggers that keep it in step.

- PostgreSQL: a trigram GIN index (`pg_trgm`) on `search_text`;
- SQLite: an FTS5 table with the trigram tokenizer, kept in step by triggers.
"""

from django.db import DatabaseError, OperationalError, connection, transaction

SQLITE_TABLE = "movies_movie_search"

_sqlite_index: bool | None = None


def sqlite_index_exists() -> bool:
    """Whether SQLite has the FTS5 table (an SQLite built without FTS5 searches by scan)."""
    global _sqlite_index
    if _sqlite_index is None:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM sqlite_master WHERE name = %s", [SQLITE_TABLE])
            _sqlite_index = cursor.fetchone() is not None
    return _sqlite_index


POSTGRES_INDEX = "movie_search_trgm_idx"
NO_TRIGRAMS = (
    "WhichMovie: title search runs without its index: this database user may not create "
    "PostgreSQL's pg_trgm extension. Ask a superuser to run, in this database, "
    "`CREATE EXTENSION pg_trgm;`, then run `manage.py migrate` again: it adds the index."
)
_SQLITE_SETUP = [
    f"CREATE VIRTUAL TABLE {SQLITE_TABLE} USING fts5("
    "search_text, content='movies_movie', content_rowid='id', tokenize='trigram')",
    f"CREATE TRIGGER {SQLITE_TABLE}_insert AFTER INSERT ON movies_movie BEGIN "
    f"INSERT INTO {SQLITE_TABLE}(rowid, search_text) VALUES (new.id, new.search_text); END",
    f"CREATE TRIGGER {SQLITE_TABLE}_delete AFTER DELETE ON movies_movie BEGIN "
    f"INSERT INTO {SQLITE_TABLE}({SQLITE_TABLE}, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); END",
    f"CREATE TRIGGER {SQLITE_TABLE}_update AFTER UPDATE OF search_text ON movies_movie BEGIN "
    f"INSERT INTO {SQLITE_TABLE}({SQLITE_TABLE}, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); "
    f"INSERT INTO {SQLITE_TABLE}(rowid, search_text) VALUES (new.id, new.search_text); END",
    f"INSERT INTO {SQLITE_TABLE}({SQLITE_TABLE}) VALUES ('rebuild')",
]


def ensure_index(db_connection, report=print) -> None:
    """Create the search index if it is missing; idempotent, run after every `migrate`.

    Also after a migration that rebuilt the films table: SQLite drops a table's triggers
    with it, and the FTS5 table is then rebuilt from the films.
    """
    global _sqlite_index
    with db_connection.cursor() as cursor:
        tables = db_connection.introspection.table_names(cursor)
        columns = (
            db_connection.introspection.get_table_description(cursor, "movies_movie")
            if "movies_movie" in tables
            else []
        )
        if "search_text" not in {column.name for column in columns}:
            return  # migrated back to before the search: nothing to index
        if db_connection.vendor == "postgresql":
            ensure_trigram_index(cursor, db_connection.alias, report)
        elif db_connection.vendor == "sqlite":
            cursor.execute(
                "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE %s",
                [f"{SQLITE_TABLE}_%"],
            )
            if cursor.fetchone()[0] == 3:
                return
            cursor.execute(f"DROP TABLE IF EXISTS {SQLITE_TABLE}")
            for name in ("insert", "delete", "update"):
                cursor.execute(f"DROP TRIGGER IF EXISTS {SQLITE_TABLE}_{name}")
            try:
                for statement in _SQLITE_SETUP:
                    cursor.execute(statement)
            except OperationalError as exc:  # an SQLite built without FTS5's trigram tokenizer
                report(f"WhichMovie: title search runs without its index ({exc}).")
            _sqlite_index = None


def ensure_trigram_index(cursor, alias: str, report) -> None:
    try:
        with transaction.atomic(using=alias):  # a refusal must not end the migration
            cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except DatabaseError:
        report(NO_TRIGRAMS)
        return
    cursor.execute(
        f"CREATE INDEX IF NOT EXISTS {POSTGRES_INDEX} ON movies_movie "
        "USING gin (search_text gin_trgm_ops)"
    )


def drop_index(db_connection) -> None:
    with db_connection.cursor() as cursor:
        if db_connection.vendor == "postgresql":
            cursor.execute(f"DROP INDEX IF EXISTS {POSTGRES_INDEX}")
        elif db_connection.vendor == "sqlite":
            for name in ("insert", "delete", "update"):
                cursor.execute(f"DROP TRIGGER IF EXISTS {SQLITE_TABLE}_{name}")
            cursor.execute(f"DROP TABLE IF EXISTS {SQLITE_TABLE}")

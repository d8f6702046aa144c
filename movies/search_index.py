"""The database index behind title search (movies.search): created by migration 0005, moved
to words by 0009, and checked again after every `migrate`, because a migration that
rebuilds the films table on SQLite drops the triggers that keep it in step.

- PostgreSQL: a GIN full-text index of `search_text`'s words (`to_tsvector('simple', ...)`,
  core PostgreSQL: no extension to install);
- SQLite: an FTS5 table of the same words, kept in step by triggers.

The first version indexed trigrams (substrings); it is replaced where found.
"""

from django.db import OperationalError, connection

SQLITE_TABLE = "movies_movie_search"
POSTGRES_INDEX = "movie_search_words_idx"
OLD_POSTGRES_INDEX = "movie_search_trgm_idx"
# The expression the index holds: a search must use exactly this one to be served by it.
POSTGRES_WORDS = "to_tsvector('simple', movies_movie.search_text)"

_sqlite_index: bool | None = None


def sqlite_index_exists() -> bool:
    """Whether SQLite has the FTS5 table (an SQLite built without FTS5 searches by scan)."""
    global _sqlite_index
    if _sqlite_index is None:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM sqlite_master WHERE name = %s", [SQLITE_TABLE])
            _sqlite_index = cursor.fetchone() is not None
    return _sqlite_index


_SQLITE_SETUP = [
    f"CREATE VIRTUAL TABLE {SQLITE_TABLE} USING fts5("
    "search_text, content='movies_movie', content_rowid='id', tokenize='unicode61')",
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
    """Create the search index if it is missing or of the old kind; idempotent, run after
    every `migrate`.

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
            cursor.execute(f"DROP INDEX IF EXISTS {OLD_POSTGRES_INDEX}")
            cursor.execute(
                f"CREATE INDEX IF NOT EXISTS {POSTGRES_INDEX} ON movies_movie "
                f"USING gin (({POSTGRES_WORDS}))"
            )
        elif db_connection.vendor == "sqlite":
            if _sqlite_index_is_current(cursor):
                return
            _drop_sqlite_index(cursor)
            try:
                for statement in _SQLITE_SETUP:
                    cursor.execute(statement)
            except OperationalError as exc:  # an SQLite built without FTS5
                report(f"WhichMovie: title search runs without its index ({exc}).")
            _sqlite_index = None


def _sqlite_index_is_current(cursor) -> bool:
    cursor.execute("SELECT sql FROM sqlite_master WHERE name = %s", [SQLITE_TABLE])
    table = cursor.fetchone()
    cursor.execute(
        "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE %s",
        [f"{SQLITE_TABLE}_%"],
    )
    return table is not None and "trigram" not in table[0] and cursor.fetchone()[0] == 3


def _drop_sqlite_index(cursor) -> None:
    for name in ("insert", "delete", "update"):
        cursor.execute(f"DROP TRIGGER IF EXISTS {SQLITE_TABLE}_{name}")
    cursor.execute(f"DROP TABLE IF EXISTS {SQLITE_TABLE}")


def drop_index(db_connection) -> None:
    global _sqlite_index
    with db_connection.cursor() as cursor:
        if db_connection.vendor == "postgresql":
            cursor.execute(f"DROP INDEX IF EXISTS {POSTGRES_INDEX}")
            cursor.execute(f"DROP INDEX IF EXISTS {OLD_POSTGRES_INDEX}")
        elif db_connection.vendor == "sqlite":
            _drop_sqlite_index(cursor)
            _sqlite_index = None

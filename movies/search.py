"""Title search that uses an index, with the same results on PostgreSQL and SQLite.

Every film keeps a `search_text`: its display title, the raw title of its first trailer and
TMDB's original title, each folded the way the save stage folds titles (case, accents,
punctuation, dashes), joined by " | ". A search is folded the same way and matches films
whose search text contains it, anywhere (partial words too: "harv" finds
"Neon Harvest"; "part two" finds "Dune: Part Two"). The index behind it (movies.search_index):

- PostgreSQL: a trigram GIN index (`pg_trgm`) on `search_text`, which serves `LIKE '%word%'`;
- SQLite: an FTS5 table with the trigram tokenizer, kept in step by triggers.

A search shorter than three letters has no trigram: it is matched by a scan.

Results are ranked by relevance (the display title is the search, starts with it, has a word
starting with it, or merely contains it), then by newest trailer.
"""

from django.db import connection
from django.db.models import BooleanField, F, IntegerField, Q
from django.db.models.expressions import RawSQL

from contrib.text import fold
from movies.search_index import SQLITE_TABLE, sqlite_index_exists

SEPARATOR = " | "
TRIGRAM = 3
# How a phrase is matched (part of a prepared query's shape: each is different SQL).
NOTHING, SCAN, INDEXED = "nothing", "scan", "indexed"


def search_text_of(*titles: str | None) -> str:
    """What a film is found by: its titles folded, duplicates dropped."""
    parts: list[str] = []
    for title in titles:
        folded = fold(title or "")
        if folded and folded not in parts:
            parts.append(folded)
    return SEPARATOR.join(parts)


def search_phrase(text: str) -> str:
    """A search folded like the titles. fold() leaves only letters, digits and spaces, so no
    LIKE wildcard or FTS5 syntax can reach the database."""
    return fold(text)


def matching(phrase: str) -> str:
    """How `phrase` is matched: not at all (nothing left once folded), by SQLite's FTS5
    trigram table, or by LIKE (PostgreSQL's trigram index serves it; on SQLite, a phrase
    shorter than a trigram is matched by a scan)."""
    if not phrase:
        return NOTHING
    if connection.vendor == "sqlite" and len(phrase) >= TRIGRAM and sqlite_index_exists():
        return INDEXED
    return SCAN


def condition(text: str) -> Q:
    """The films whose folded titles contain the folded search."""
    phrase = search_phrase(text)
    return phrase_condition(phrase, matching(phrase))


def phrase_condition(phrase, how: str) -> Q:
    """The films whose search text contains `phrase` (folded text, or a movies.prepared Slot
    standing for it), matched `how`. The phrase is a parameter, wrapped in SQL: the same SQL
    serves every phrase."""
    if how == NOTHING:
        return Q(pk__in=[])
    if how == INDEXED:
        # FTS5 trigram: a quoted phrase is a substring match, like LIKE '%phrase%'.
        found = RawSQL(
            f"SELECT rowid FROM {SQLITE_TABLE} WHERE {SQLITE_TABLE} MATCH ('\"' || %s || '\"')",
            [phrase],
        )
        return Q(pk__in=found)
    # PostgreSQL folds the constant pattern before planning: the trigram index serves it.
    return Q(RawSQL("movies_movie.search_text LIKE ('%%' || %s || '%%')", [phrase], BooleanField()))


def relevance(phrase) -> RawSQL:
    """0 (best) to 3: the display title is the search (`phrase`, folded, or a Slot), starts
    with it, has a word that starts with it, or only contains it somewhere."""
    return RawSQL(
        "CASE WHEN movies_movie.search_text = %s"
        f" OR movies_movie.search_text LIKE (%s || '{SEPARATOR}%%') THEN 0"
        " WHEN movies_movie.search_text LIKE (%s || '%%') THEN 1"
        " WHEN movies_movie.search_text LIKE ('%% ' || %s || '%%') THEN 2 ELSE 3 END",
        [phrase] * 4,
        output_field=IntegerField(),
    )


def ordering() -> tuple:
    """Relevance (annotated as `_relevance`) first, then the newest trailer."""
    return (F("_relevance").asc(), F("last_trailer_at").desc(), F("id").desc())

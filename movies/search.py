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
from django.db.models import Case, F, IntegerField, Q, Value, When
from django.db.models.expressions import RawSQL

from contrib.text import fold
from movies.search_index import SQLITE_TABLE, sqlite_index_exists

SEPARATOR = " | "
TRIGRAM = 3


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


def condition(text: str) -> Q:
    """The films whose folded titles contain the folded search."""
    phrase = search_phrase(text)
    if not phrase:
        return Q(pk__in=[])
    if connection.vendor == "sqlite" and len(phrase) >= TRIGRAM and sqlite_index_exists():
        # FTS5 trigram: a quoted phrase is a substring match, like LIKE '%phrase%'.
        found = RawSQL(
            f"SELECT rowid FROM {SQLITE_TABLE} WHERE {SQLITE_TABLE} MATCH %s", [f'"{phrase}"']
        )
        return Q(pk__in=found)
    return Q(search_text__contains=phrase)


def relevance(text: str) -> Case:
    """0 (best) to 3: the display title is the search, starts with it, has a word that starts
    with it, or only contains it somewhere."""
    phrase = search_phrase(text)
    return Case(
        When(Q(search_text=phrase) | Q(search_text__startswith=phrase + SEPARATOR), then=Value(0)),
        When(search_text__startswith=phrase, then=Value(1)),
        When(search_text__contains=" " + phrase, then=Value(2)),
        default=Value(3),
        output_field=IntegerField(),
    )


def ordering() -> tuple:
    """Relevance (annotated as `_relevance`) first, then the newest trailer."""
    return (F("_relevance").asc(), F("last_trailer_at").desc(), F("id").desc())

"""Title search that uses an index, with the same results on PostgreSQL and SQLite.

Every film keeps a `search_text`: its display title, the raw title of its first trailer and
TMDB's original title, each folded the way the save stage folds titles (case, accents,
punctuation, dashes), joined by " | ". A search is folded the same way and finds the films
whose search text has every one of its words, in any order, the last one possibly
unfinished (as people type): "harv" finds "Neon Harvest", "two part" finds "Dune: Part Two",
"dune 2" finds the film whose trailer says "DUNE 2"; "arvest" finds nothing (the middle of a
word is not a word). The index behind it (movies.search_index):

- PostgreSQL: a GIN full-text index of the words (`to_tsvector('simple', ...)`), queried as
  `silent & riv:*`;
- SQLite: an FTS5 table of the same words, queried as `"silent" "riv"*`.

Words, not trigrams: a trigram index answers `LIKE '%silent river%'` by intersecting the
posting lists of trigrams that every trailer title carries ("ile" of "trailer"). Only the
last word is a prefix: a prefix scans every word that starts so (`make bench` prints both).

Results are ranked by relevance (the display title is the search, starts with it, has a word
starting with it, or merely matches), then by newest trailer.
"""

from django.db import connection
from django.db.models import BooleanField, F, IntegerField, Q
from django.db.models.expressions import RawSQL

from contrib.text import fold
from movies.prepared import Slot
from movies.search_index import POSTGRES_WORDS, SQLITE_TABLE, sqlite_index_exists

SEPARATOR = " | "
# How a phrase is matched (part of a prepared query's shape: each is different SQL).
NOTHING, SCAN, INDEXED = "nothing", "scan", "indexed"
# The slots of a prepared search (`parameters()`).
PHRASE, TERMS = "phrase", "terms"


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
    """How `phrase` is matched: not at all (nothing left once folded), by the words' index,
    or, on an SQLite built without FTS5, by a scan that finds the phrase anywhere."""
    if not phrase:
        return NOTHING
    if connection.vendor == "sqlite" and not sqlite_index_exists():
        return SCAN
    return INDEXED


def parameters(phrase: str) -> dict[str, str]:
    """What a prepared search (`slots=True`) fills its slots with."""
    return {PHRASE: phrase, TERMS: _terms(phrase, matching(phrase))}


def condition(phrase: str, *, slots: bool = False) -> Q:
    """The films the search finds (`phrase`: folded, search_phrase()). With `slots`, its
    terms are a Slot of a prepared query (movies.prepared), filled from `parameters()`: one
    SQL for every search."""
    how = matching(phrase)
    if how == NOTHING:
        return Q(pk__in=[])
    if how == SCAN:
        sql = "movies_movie.search_text LIKE ('%%' || %s || '%%')"
    elif connection.vendor == "postgresql":
        sql = f"{POSTGRES_WORDS} @@ to_tsquery('simple', %s)"
    else:
        sql = f"movies_movie.id IN (SELECT rowid FROM {SQLITE_TABLE} WHERE {SQLITE_TABLE} MATCH %s)"
    terms = Slot(TERMS) if slots else _terms(phrase, how)
    return Q(RawSQL(sql, [terms], BooleanField()))


def relevance(phrase: str, *, slots: bool = False) -> RawSQL:
    """0 (best) to 3: the display title is the search (`phrase`, folded), starts with it, has
    a word that starts with it, or the film only matches. `slots`: as for `condition()`."""
    value = Slot(PHRASE) if slots else phrase
    # Most films found match by their words alone: two tests decide them, not four.
    return RawSQL(
        "CASE WHEN movies_movie.search_text LIKE (%s || '%%') THEN"
        " (CASE WHEN movies_movie.search_text = %s"
        f" OR movies_movie.search_text LIKE (%s || '{SEPARATOR}%%') THEN 0 ELSE 1 END)"
        " WHEN movies_movie.search_text LIKE ('%% ' || %s || '%%') THEN 2 ELSE 3 END",
        [value] * 4,
        output_field=IntegerField(),
    )


def _terms(phrase: str, how: str) -> str:
    """What the database is asked for: the index's query, every word whole but the last, a
    prefix (fold() leaves only letters, digits and single spaces, so no operator of either
    syntax can reach it), or the phrase itself for a scan."""
    if how != INDEXED:
        return phrase
    *words, last = phrase.split()
    if connection.vendor == "postgresql":
        return " & ".join([*words, f"{last}:*"])
    return " ".join([*(f'"{word}"' for word in words), f'"{last}"*'])


def ordering() -> tuple:
    """Relevance (annotated as `_relevance`) first, then the newest trailer."""
    return (F("_relevance").asc(), F("last_trailer_at").desc(), F("id").desc())

"""Pages of the film list that cost the same on page 1 and on page 4,000.

An OFFSET walks every row before the page, so page 4,000 of a large catalogue reads 96,000
rows. Instead, the first row of every page (its sort key) is found in one pass over an index
the first time a deep page is asked for, kept for the catalogue's generation (in chunks, so a
request reads a few kilobytes), and a page is then read from its first row onwards:
`WHERE (sort key, id) <= (first row's) ORDER BY ... LIMIT 24`, which the sort's index serves
directly. The first pages, and searches (ranked by relevance, a sort no index holds), use
OFFSET: it is cheaper there than anything clever.
"""

from django.core.paginator import Page, Paginator
from django.db.models import BooleanField, Expression, F, Window
from django.db.models.functions import RowNumber

from movies.cache import keep, recall
from movies.prepared import Slot, prepared

# Up to this page an OFFSET costs less than reading the page index.
SHALLOW_PAGES = 10
# The index marks every GRAIN-th row (the pages' own size, 24), CHUNK marks per cache entry:
# ~100 pages in a few kilobytes.
GRAIN = 24
CHUNK = 100


MARK = "mark"


class RowAtOrAfter(Expression):
    """`(k1, k2, ...) <= (mark0, mark1, ...)` for a descending sort (`>=` ascending): the rows
    from a given one onwards, as one row-value comparison that a matching index can range
    over. The marks are Slots of a prepared query (movies.prepared), each of its key's type."""

    conditional = True
    output_field = BooleanField()

    def __init__(self, keys, *, descending: bool):
        super().__init__()
        self.keys = list(keys)
        self.marks = [Slot(f"{MARK}{i}") for i in range(len(self.keys))]
        self.descending = descending

    def get_source_expressions(self):
        return [*self.keys, *self.marks]

    def set_source_expressions(self, expressions):
        self.keys, self.marks = expressions[: len(self.keys)], expressions[len(self.keys) :]

    def resolve_expression(self, *args, **kwargs):
        resolved = super().resolve_expression(*args, **kwargs)
        # A mark is adapted to its key's type, as a Value would be (SQLite compares text).
        resolved.marks = [
            Slot(mark.name, key.output_field)
            for key, mark in zip(resolved.keys, resolved.marks, strict=True)
        ]
        return resolved

    def as_sql(self, compiler, connection):
        keys, marks, params = [], [], []
        for expression, out in [(k, keys) for k in self.keys] + [(m, marks) for m in self.marks]:
            sql, expression_params = compiler.compile(expression)
            out.append(sql)
            params.extend(expression_params)
        operator = "<=" if self.descending else ">="
        return f"({', '.join(keys)}) {operator} ({', '.join(marks)})", params


def marks(row: tuple) -> dict:
    """The slots' values for a seek from `row` (the sort keys of its first row)."""
    return {f"{MARK}{i}": value for i, value in enumerate(row)}


class CataloguePaginator(Paginator):
    """A Paginator whose deep pages seek by key instead of walking an OFFSET.

    The index keeps the sort key of every GRAIN-th row, whatever the page size asked for (so a
    visitor choosing `page_size=1` cannot make it 24 times larger): a page reads from the
    marked row at or before its first one, skipping fewer than GRAIN rows.

    `films` builds the list's `values()` QuerySet (unsliced; `shape` names everything its SQL
    depends on: it is compiled once per shape, movies.prepared); `keys` are the sort's
    expressions (the last one unique, e.g. the id), all in the same direction (none: always
    OFFSET, for a list too personal to index); `index_name` names the index in the cache for
    this filter and sort; `version` is the catalogue generation it belongs to; `count` is
    known already.
    """

    def __init__(self, films, per_page, *, shape, count, keys, descending, index_name, version):
        super().__init__((), per_page)
        self.films = films
        self.shape = shape
        self.count = count  # replaces the cached_property: no COUNT query
        self.keys = list(keys)
        self.descending = descending
        self.index_name = index_name
        self.version = version

    def page(self, number) -> Page:
        number = self.validate_number(number)
        first = (number - 1) * self.per_page
        deep = number > SHALLOW_PAGES and self.keys
        mark = self._mark(first // GRAIN) if deep else None
        if mark is None:  # a shallow page, an unindexed list, or a page the index misses
            rows = prepared(("page", self.shape), self.films).rows(
                {}, limit=self.per_page, offset=first
            )
        else:
            rows = prepared(("seek", self.shape), self._seek).rows(
                marks(mark), limit=self.per_page, offset=first % GRAIN
            )
        return self._get_page(rows, number, self)

    def _seek(self):
        return self.films().filter(RowAtOrAfter(self.keys, descending=self.descending))

    def _mark(self, grain: int) -> tuple | None:
        """The sort key of row `grain * GRAIN`, or None when the index has no such row (the
        count and the index were read at two moments of one generation)."""
        chunk, place = divmod(grain, CHUNK)
        marks = recall(f"{self.index_name}:{chunk}", self.version)
        if marks is None:
            chunks = self._build_index()
            keep({f"{self.index_name}:{n}": part for n, part in chunks.items()}, self.version)
            marks = chunks.get(chunk, [])
        return tuple(marks[place]) if place < len(marks) else None

    def _build_index(self) -> dict[int, list[tuple]]:
        """The sort key of every GRAIN-th row, in one pass over the sort's index."""
        films = self.films()
        names = [f"_key{i}" for i in range(len(self.keys))]
        numbered = (
            films.annotate(**dict(zip(names, self.keys, strict=True)))
            .annotate(_row=Window(RowNumber(), order_by=films.query.order_by))
            .annotate(_offset=(F("_row") - 1) % GRAIN)
            .filter(_offset=0)
            .order_by("_row")
            .values_list(*names)
        )
        chunks: dict[int, list[tuple]] = {}
        for grain, mark in enumerate(numbered):
            chunks.setdefault(grain // CHUNK, []).append(mark)
        return chunks

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
from django.db.models import BooleanField, Expression, F, Value, Window
from django.db.models.functions import RowNumber

from movies.cache import keep, recall

# Up to this page an OFFSET costs less than reading the page index.
SHALLOW_PAGES = 10
# The index marks every GRAIN-th row (the pages' own size, 24), CHUNK marks per cache entry:
# ~100 pages in a few kilobytes.
GRAIN = 24
CHUNK = 100


class RowAtOrAfter(Expression):
    """`(k1, k2, ...) <= (v1, v2, ...)` for a descending sort (`>=` ascending): the rows from
    a given one onwards, as one row-value comparison that a matching index can range over."""

    conditional = True
    output_field = BooleanField()

    def __init__(self, keys, values, *, descending: bool):
        super().__init__()
        self.keys = list(keys)
        self.values = [Value(value) for value in values]
        self.descending = descending

    def get_source_expressions(self):
        return [*self.keys, *self.values]

    def set_source_expressions(self, expressions):
        self.keys, self.values = expressions[: len(self.keys)], expressions[len(self.keys) :]

    def as_sql(self, compiler, connection):
        keys, values, params = [], [], []
        for expression, out in [(k, keys) for k in self.keys] + [(v, values) for v in self.values]:
            sql, expression_params = compiler.compile(expression)
            out.append(sql)
            params.extend(expression_params)
        operator = "<=" if self.descending else ">="
        return f"({', '.join(keys)}) {operator} ({', '.join(values)})", params


class CataloguePaginator(Paginator):
    """A Paginator whose deep pages seek by key instead of walking an OFFSET.

    The index keeps the sort key of every GRAIN-th row, whatever the page size asked for (so a
    visitor choosing `page_size=1` cannot make it 24 times larger): a page reads from the
    marked row at or before its first one, skipping fewer than GRAIN rows.

    `keys` are the sort's expressions (the last one unique, e.g. the id), all in the same
    direction (none: always OFFSET, for a list too personal to index); `index_name` names
    the index in the cache for this filter and sort;
    `version` is the catalogue generation it belongs to; `count` is known already.
    """

    def __init__(self, films, per_page, *, count, keys, descending, index_name, version):
        super().__init__(films, per_page)
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
            return super().page(number)
        films = self.object_list.filter(RowAtOrAfter(self.keys, mark, descending=self.descending))
        skip = first % GRAIN
        return self._get_page(list(films[skip : skip + self.per_page]), number, self)

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
        names = [f"_key{i}" for i in range(len(self.keys))]
        numbered = (
            self.object_list.annotate(**dict(zip(names, self.keys, strict=True)))
            .annotate(_row=Window(RowNumber(), order_by=self.object_list.query.order_by))
            .annotate(_offset=(F("_row") - 1) % GRAIN)
            .filter(_offset=0)
            .order_by("_row")
            .values_list(*names)
        )
        chunks: dict[int, list[tuple]] = {}
        for grain, mark in enumerate(numbered):
            chunks.setdefault(grain // CHUNK, []).append(mark)
        return chunks

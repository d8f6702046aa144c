"""List queries built and compiled once per shape, then run with each request's values.

At 100,000 films an uncached search spent more time in Python building and compiling its
QuerySet than PostgreSQL spent running it. Yet a list query's SQL depends only on its shape
(which filters, which sort, which region and day, which columns): a search's words, a deep
page's first row and the page's position are mere parameters. So a query is built once per
shape with a `Slot` wherever a request's own value goes, compiled by the ORM, and kept; a
request fills the slots and runs the SQL. The ORM stays the only author of the SQL.
"""

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass

from django.db import connection
from django.db.models import Expression, QuerySet

# Shapes in use at once: sorts x filters x regions x days, far fewer in practice.
SHAPES = 256


class Slot(Expression):
    """Where a request's value goes in a prepared query: one placeholder, filled by name when
    the query runs (adapted to `output_field` first, as the ORM adapts a Value)."""

    def __init__(self, name: str, output_field=None):
        super().__init__(output_field=output_field)
        self.name = name
        self.adapt_as = output_field  # None: passed as it is

    def as_sql(self, compiler, connection):
        return "%s", [self]

    def fill(self, values: dict, connection):
        value = values[self.name]
        return (
            value if self.adapt_as is None else self.adapt_as.get_db_prep_value(value, connection)
        )


@dataclass(frozen=True)
class Prepared:
    """A compiled `values()` query: its SQL ending in `LIMIT %s OFFSET %s`, its parameters
    (fixed values and Slots), the names of its columns and Django's converters for them."""

    sql: str
    params: tuple
    names: tuple[str, ...]
    converters: tuple  # (column, (functions), expression), as the compiler gives them

    @classmethod
    def of(cls, queryset: QuerySet) -> "Prepared":
        query = queryset.query
        compiler = query.get_compiler(connection=connection)
        sql, params = compiler.as_sql()
        columns = [column for column, _, _ in compiler.select[: compiler.col_count]]
        converters = compiler.get_converters(columns)
        return cls(
            sql=f"{sql} LIMIT %s OFFSET %s",
            params=tuple(params),
            names=(*query.extra_select, *query.values_select, *query.annotation_select),
            converters=tuple((column, *pair) for column, pair in converters.items()),
        )

    def rows(self, values: dict, *, limit: int, offset: int = 0) -> list[dict]:
        params = [p.fill(values, connection) if isinstance(p, Slot) else p for p in self.params]
        with connection.cursor() as cursor:
            cursor.execute(self.sql, [*params, limit, offset])
            found = cursor.fetchall()
        if self.converters:
            found = [self._convert(list(row)) for row in found]
        # A row may carry columns past the named ones (the ORM's own), as in ValuesIterable.
        return [dict(zip(self.names, row, strict=False)) for row in found]

    def _convert(self, row: list) -> list:
        for column, functions, expression in self.converters:
            value = row[column]
            for function in functions:
                value = function(value, expression, connection)
            row[column] = value
        return row


_prepared: OrderedDict[tuple, Prepared] = OrderedDict()
_lock = threading.Lock()


def prepared(shape: Hashable, build: Callable[[], QuerySet]) -> Prepared:
    """The query `build()` makes (a `values()` QuerySet, unsliced, with Slots), compiled the
    first time this `shape` is asked for. `shape` must name everything the SQL depends on."""
    key = (connection.vendor, shape)
    with _lock:
        found = _prepared.get(key)
        if found is not None:
            _prepared.move_to_end(key)
            return found
    found = Prepared.of(build())  # outside the lock: two threads may both compile, harmlessly
    with _lock:
        _prepared[key] = found
        while len(_prepared) > SHAPES:
            _prepared.popitem(last=False)
    return found

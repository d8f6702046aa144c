"""List queries built and compiled once per shape, then run with each request's values.

At 100,000 films an uncached search spent more time in Python building and compiling its
QuerySet than PostgreSQL spent running it. Yet a list query's SQL depends only on its shape
(which filters, which sort, which region and day, which columns): a search's words, a deep
page's first row and the page's position are mere parameters. So a query is built once per
shape with a `Slot` wherever a request's own value goes, compiled by the ORM, and kept; a
request fills the slots and runs the SQL. The ORM stays the only author of the SQL.

PostgreSQL would still parse and plan that SQL on every request: a third of an uncached
search's time in the database. So there the pages read from their first row (a search's
first page, any deep page) run as prepared statements, made once per connection, their
fixed values and their LIMIT written in (the planner sees the filters and how few rows are
wanted), only the slots left as parameters, and planned once (plan_cache_mode in settings;
DATABASE_PREPARED_STATEMENTS=0 turns it all off behind a pooler).
Pages at an OFFSET, rarer, run as plain SQL.
"""

import hashlib
import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable
from contextlib import suppress
from dataclasses import dataclass, field

from django.conf import settings
from django.db import DatabaseError, Error, connection
from django.db.models import Expression, QuerySet

# Shapes in use at once: sorts x filters x regions x days, far fewer in practice.
SHAPES = 256
# Statements a PostgreSQL connection keeps (a shape's, per page size) before starting over.
STATEMENTS = 256


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
    (fixed values and Slots), the names of its columns and Django's converters for them;
    on PostgreSQL, the same SQL as a statement to prepare (`body`, without the LIMIT)."""

    sql: str
    params: tuple
    names: tuple[str, ...]
    converters: tuple  # (column, (functions), expression), as the compiler gives them
    statement: str = ""  # PostgreSQL: the statement's name (a digest of its body)
    body: str = field(default="", repr=False)
    slots: tuple = ()  # PostgreSQL: the statement's parameters, a Slot per name

    @classmethod
    def of(cls, queryset: QuerySet) -> "Prepared":
        query = queryset.query
        compiler = query.get_compiler(connection=connection)
        sql, params = compiler.as_sql()
        columns = [column for column, _, _ in compiler.select[: compiler.col_count]]
        converters = compiler.get_converters(columns)
        statement, body, slots = "", "", ()
        if connection.vendor == "postgresql" and settings.PREPARED_STATEMENTS:
            statement, body, slots = _statement(sql, params)
        return cls(
            sql=f"{sql} LIMIT %s OFFSET %s",
            params=tuple(params),
            names=(*query.extra_select, *query.values_select, *query.annotation_select),
            converters=tuple((column, *pair) for column, pair in converters.items()),
            statement=statement,
            body=body,
            slots=slots,
        )

    def rows(self, values: dict, *, limit: int, offset: int = 0) -> list[dict]:
        with connection.cursor() as cursor:
            if self.statement and not offset:
                # A search's first page, a deep page read from its first row: planned once.
                # The LIMIT is written in: a generic plan taking it for a tenth of the table
                # would scan in parallel.
                _execute(cursor, self, limit, [p.fill(values, connection) for p in self.slots])
            else:
                params = [
                    p.fill(values, connection) if isinstance(p, Slot) else p for p in self.params
                ]
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
# The statements each PostgreSQL connection has prepared (gone with the connection).
_statements: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


class _Parameter:
    """A `$n` of a PREPARE, written as it is where the compiled SQL had a slot."""

    def __init__(self, number: int):
        self.number = number

    def getquoted(self) -> bytes:
        return f"${self.number}".encode()

    def __conform__(self, protocol):  # psycopg2's adaptation: quoted as itself
        return self


def _statement(sql: str, params) -> tuple[str, str, tuple]:
    """The name and the body of a PostgreSQL statement for `sql`, and its parameters: its
    fixed values written in (the planner sees the filters), a numbered parameter for each
    slot's name (a phrase used four times is sent once)."""
    numbers: dict[str, int] = {}
    slots, numbered = [], []
    for param in params:
        if isinstance(param, Slot):
            if param.name not in numbers:
                numbers[param.name] = len(numbers) + 1
                slots.append(param)
            param = _Parameter(numbers[param.name])
        numbered.append(param)
    body = connection.ops.compose_sql(sql, numbered)
    return "list_" + hashlib.sha1(body.encode()).hexdigest()[:20], body, tuple(slots)


def _execute(cursor, query: Prepared, limit: int, slots: list) -> None:
    """Runs `query`'s statement for pages of `limit` rows, preparing it first (in the same
    round trip) on a connection that has not. A PREPARE outlives a rolled-back transaction
    and goes with its connection, as does the record kept here; after a failure the record
    is read again from the server, and outside a transaction the statement is dropped."""
    name = f"{query.statement}_{limit:d}"
    raw = cursor.connection
    made = _statements.get(raw, set())
    if made is None:
        cursor.execute("SELECT name FROM pg_prepared_statements")
        made = {found for (found,) in cursor.fetchall()}
    arguments = f" ({', '.join(['%s'] * len(slots))})" if slots else ""
    sql = f"EXECUTE {name}{arguments}"
    if name not in made:
        body = query.body.replace("%", "%%")  # the statement is formatted with the slots
        sql = f"PREPARE {name} AS {body} LIMIT {limit:d}; {sql}"
        if len(made) >= STATEMENTS:  # days and API page sizes make new ones: start over
            sql = f"DEALLOCATE ALL; {sql}"
            made = set()
    try:
        cursor.execute(sql, slots)
    except DatabaseError:
        _statements[raw] = None  # prepared or not: the server knows
        if not connection.in_atomic_block and not raw.closed:
            # Made afresh next time: a statement can go bad for good (a migration changing
            # a column it reads), and the connection would otherwise outlive the fix.
            with suppress(Error):
                cursor.execute(f"DEALLOCATE {name}")
        raise
    made.add(name)
    _statements[raw] = made


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

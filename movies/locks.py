"""One lock for every write that decides film identity (the save stage and merges).

Fetches from several channels, a second scheduler and enrichment merges may run at once;
serialising the identity decisions keeps them simple and correct. Both holders are short.
"""

from django.db import connection

# An arbitrary constant: the advisory-lock id of WhichMovie's catalogue identity.
CATALOGUE_LOCK_ID = 7_042_001


def lock_catalogue() -> None:
    """Take the lock until the current transaction ends. Call inside `transaction.atomic()`."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CATALOGUE_LOCK_ID])
    # SQLite: the settings open every transaction with BEGIN IMMEDIATE, which already takes
    # the database's single write lock up front.

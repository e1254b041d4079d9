"""Which kinds of record a case has, asked in one query, so a page skips the queries of kinds it has none of.

Each step app names its kinds (``presence()`` in its selectors: a name and one of its models with a ``case``
foreign key); the composing layer asks them all at once with ``kinds_present`` and passes the answer to each
app's ``case_part``, which reads only the kinds that are there. A new case has few kinds; the page of a case
with records of every kind costs one query more than without this, the page of a new case about ten fewer.

The query is plain SQL, written once per process for a set of kinds: the ORM took as long to compile its
dozen ``EXISTS`` as two ordinary queries take to run.
"""

from __future__ import annotations

from functools import lru_cache

from django.db import connection
from django.db.models import Model

from signaalwijzer.cases.models import Case


@lru_cache(maxsize=8)
def _sql(tables: tuple[tuple[str, str], ...]) -> str:
    # Table and column names come from the models, never from input; the case id is a parameter.
    quote = connection.ops.quote_name
    exists = ", ".join(
        f"EXISTS (SELECT 1 FROM {quote(table)} WHERE {quote(column)} = %s)"  # noqa: S608  # nosec B608
        for table, column in tables
    )
    return f"SELECT {exists}"


def kinds_present(case: Case, kinds: dict[str, type[Model]]) -> frozenset[str]:
    """The names in ``kinds`` the case has at least one row of: one query."""
    if not kinds:
        return frozenset()
    tables = tuple(
        (model._meta.db_table, model._meta.get_field("case").column)  # type: ignore[union-attr]
        for model in kinds.values()
    )
    with connection.cursor() as cursor:
        cursor.execute(_sql(tables), [case.pk] * len(tables))
        row = cursor.fetchone()
    return frozenset(name for name, present in zip(kinds, row, strict=True) if present)


def wanted(present: frozenset[str] | None, kind: str) -> bool:
    """Read ``kind``? Always when nobody asked (``present`` is None), else only when the case has it."""
    return present is None or kind in present

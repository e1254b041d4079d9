"""Which kinds of record a case has, asked in one query, so a page skips the queries of kinds it has none of.

Each step app names its kinds (``presence()`` in its selectors: a name and an ``Exists`` on one of its tables);
the composing layer asks them all at once with ``kinds_present``, and passes the answer to each app's
``case_part``, which reads only the kinds that are there. A new case has few kinds; a page of a case with
records of every kind costs one query more than without this, one of a new case about ten fewer.
"""

from __future__ import annotations

from django.db.models import Exists, Model, OuterRef

from signaalwijzer.cases.models import Case


def exists_on_case(model: type[Model]) -> Exists:
    """Whether ``model`` has a row for the case of the outer query."""
    return Exists(model._default_manager.filter(case_id=OuterRef("pk")))


def kinds_present(case: Case, kinds: dict[str, Exists]) -> frozenset[str]:
    """The names in ``kinds`` the case has at least one row of: one query."""
    if not kinds:
        return frozenset()
    row = Case.objects.filter(pk=case.pk).values(**kinds).first() or {}
    return frozenset(name for name, present in row.items() if present)


def wanted(present: frozenset[str] | None, kind: str) -> bool:
    """Read ``kind``? Always when nobody asked (``present`` is None), else only when the case has it."""
    return present is None or kind in present

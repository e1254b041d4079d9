"""The one write path for a case and its records: what every create and update needs, in one transaction.

``writing(user, case_id)`` checks the right to write and locks the case until the block ends, so writes to one
case queue and everything written in the block (the record, its history row, its timeline line, its access
event) commits together or not at all. ``update_record`` is the only way a recorded value changes: it refuses
a stale version (``ConflictError``), keeps the previous values in a ``RecordChange`` (encrypted like the record,
destroyed with the case), writes the timeline line and the access event. ``record_created`` does the bookkeeping
of a new record. Views and API views call these (through the services); they never open transactions, lock rows
or write access events themselves.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from typing import Any, TypeVar

from django.db import models, transaction
from django.db.models import F
from django.utils import timezone

from signaalwijzer.accounts.models import User
from signaalwijzer.audit.models import AccessEvent
from signaalwijzer.cases.access import CaseAccess, case_access_for_user
from signaalwijzer.cases.models import Case, RecordChange, TimelineEntry

RecordT = TypeVar("RecordT", bound=models.Model)
# Kept up to date by the write itself, not by what the user changed: not part of the history.
_BOOKKEEPING = frozenset({"updated_at", "age_band", "version"})


class ConflictError(Exception):
    """Someone else saved this record after you opened it; your change was not saved."""


@contextmanager
def writing(user: User, case_id: int) -> Iterator[CaseAccess]:
    """Access for a write, with the case locked; the block's writes and their events commit together."""
    with transaction.atomic():
        yield case_access_for_user(user, case_id, lock=True)


@contextmanager
def reading(user: User, case_id: int) -> Iterator[CaseAccess]:
    """Access for a read that records its own events (a record, an export): they are written only when the
    block finishes, so a 404 inside it (a record of another case) leaves no event."""
    with transaction.atomic():
        yield case_access_for_user(user, case_id)


def note_read(access: CaseAccess, purpose: str, record: models.Model | None = None) -> None:
    """A page showed the case (or a record) again without writing, e.g. a form with errors."""
    access.record(AccessEvent.Action.READ, purpose, record)


def note_export(access: CaseAccess, purpose: str, record: models.Model | None = None) -> None:
    """Case data left the system (a PDF, a package, registration data): an export event."""
    access.record(AccessEvent.Action.EXPORT, purpose, record)


def add_timeline(access: CaseAccess, kind: str, summary: str = "") -> TimelineEntry:
    return TimelineEntry.objects.create(
        case=access.case, actor=access.user, kind=kind, summary=summary
    )


def touch(case: Case) -> None:
    """Mark the case as changed now (it sorts to the top of lists) without touching its version."""
    Case.objects.filter(pk=case.pk).update(updated_at=timezone.now())


def record_created(
    access: CaseAccess,
    record: models.Model,
    *,
    kind: str,
    purpose: str,
    summary: str,
    action: str = AccessEvent.Action.CREATE,
) -> None:
    """The bookkeeping every new record of a case needs: timeline, access event, case touched."""
    add_timeline(access, kind, summary)
    access.record(action, purpose, record)
    touch(access.case)


def _plain(value: Any) -> Any:
    """A value as it is kept in the history (JSON): dates as ISO text, records as their id."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return value


def _current(record: models.Model, name: str) -> Any:
    field = record._meta.get_field(name)
    if isinstance(field, models.ForeignKey):
        return getattr(record, field.attname)
    return getattr(record, name)


@transaction.atomic
def update_record(
    access: CaseAccess,
    record: RecordT,
    *,
    expected_version: int,
    changes: dict[str, Any],
    purpose: str,
    timeline_kind: str | None,
    timeline_summary: str = "",
    action: str = AccessEvent.Action.UPDATE,
) -> RecordT:
    """Change a versioned record of ``access.case`` (or the case itself); keeps what it was.

    Raises ``ConflictError`` when the record is no longer at ``expected_version``: nothing is written.
    """
    model = type(record)
    manager: Any = model._default_manager
    scope = {"pk": record.pk} if model is Case else {"pk": record.pk, "case": access.case}
    saved: Any = manager.select_for_update().filter(**scope).first()
    if saved is None or saved.version != expected_version:
        raise ConflictError
    diff = {}
    for name, value in changes.items():
        if name in _BOOKKEEPING:
            continue
        before, after = _plain(_current(saved, name)), _plain(value)
        if before != after:
            diff[name] = [before, after]
    updated = manager.filter(**scope, version=expected_version).update(
        **changes, version=F("version") + 1
    )
    if updated == 0:
        raise ConflictError
    fresh: Any = manager.get(pk=record.pk)
    if diff:
        RecordChange.objects.create(
            case=access.case,
            record_type=model._meta.label_lower,
            record_id=record.pk,
            changed_by=access.user,
            version=fresh.version,
            changes=json.dumps(diff, ensure_ascii=False, default=str),
        )
    if (
        timeline_kind
    ):  # a draft saved part by part adds no timeline line; its history is kept all the same
        add_timeline(access, timeline_kind, timeline_summary)
    access.record(action, purpose, fresh)
    if model is not Case:
        touch(access.case)
    return fresh

"""The one writer of access events. Called inside the transaction of the read or write it records.

Each event is chained to the one before it (audit/chain.py). Writers queue on the single ChainHead row,
so the chain has no forks even with many web processes.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

from signaalwijzer.audit.chain import GENESIS, Break, ChainRow, digest, first_break
from signaalwijzer.audit.context import client_address
from signaalwijzer.audit.models import AccessEvent, ChainHead

if TYPE_CHECKING:
    from signaalwijzer.accounts.models import User
    from signaalwijzer.cases.models import Case


def _roles(user: User | None) -> str:
    return ",".join(sorted(role.value for role in user.roles)) if user is not None else "system"


def _locked_head() -> ChainHead:
    head = ChainHead.objects.select_for_update().filter(pk=1).first()
    if head is None:
        head = ChainHead.objects.create(pk=1, last_hash=GENESIS)
        head = ChainHead.objects.select_for_update().get(pk=1)
    return head


@transaction.atomic
def _append(events: list[AccessEvent]) -> list[AccessEvent]:
    if not settings.AUDIT_LOG_ENABLED:
        # Only the benchmark turns this off, to measure what auditing costs (bench/settings.py);
        # a system check refuses it in production.
        return events
    head = _locked_head()
    previous = head.last_hash
    for event in events:
        event.previous_hash = previous
        event.hash = digest(previous, event.chain_content())
        previous = event.hash
    created = AccessEvent.objects.bulk_create(events)
    head.last_hash = previous
    head.save(update_fields=["last_hash"])
    return created


def _event(
    *,
    user: User | None,
    action: str,
    purpose: str,
    basis: str,
    case: Case | None,
    record: models.Model | None,
    emergency: bool,
    organisation_id: int | None = None,
    on_behalf_of: str = "",
    case_id: int | None = None,
) -> AccessEvent:
    return AccessEvent(
        at=timezone.now(),
        user=user,
        organisation_id=user.organisation_id if user is not None else organisation_id,
        roles=_roles(user),
        on_behalf_of=on_behalf_of,
        case_id=case.pk if case is not None else case_id,
        record_type=record._meta.label_lower if record is not None else "",
        record_id=record.pk if record is not None else None,
        action=action,
        purpose=purpose,
        basis=basis,
        emergency=emergency,
        client_address=client_address.get(),
    )


def record_access(
    *,
    user: User,
    action: str,
    purpose: str,
    basis: str,
    case: Case | None = None,
    record: models.Model | None = None,
    emergency: bool = False,
) -> AccessEvent:
    event = _event(
        user=user,
        action=action,
        purpose=purpose,
        basis=basis,
        case=case,
        record=record,
        emergency=emergency,
    )
    (created,) = _append([event])
    return created


def record_list_access(*, user: User, cases: Iterable[tuple[Case, str]], purpose: str) -> None:
    """One LIST event per case shown in a list, written in one query."""
    events = [
        _event(
            user=user,
            action=AccessEvent.Action.LIST,
            purpose=purpose,
            basis=basis,
            case=case,
            record=None,
            emergency=False,
        )
        for case, basis in cases
    ]
    if events:
        _append(events)


def verify_chain(chunk_size: int = 2000) -> Break | None:
    """The first row where the chain breaks, or None when every row adds up (and none was cut off)."""
    last: list[AccessEvent] = []

    def rows() -> Iterable[ChainRow]:
        for event in AccessEvent.objects.order_by("pk").iterator(chunk_size=chunk_size):
            last[:] = [event]
            yield ChainRow(event.pk, event.previous_hash, event.hash, event.chain_content())

    broken = first_break(rows())
    if broken is not None:
        return broken
    head = ChainHead.objects.filter(pk=1).first()
    last_hash = last[0].hash if last else GENESIS
    if head is not None and head.last_hash != last_hash:
        return Break(last[0].pk if last else 0, "the rows after it were removed")
    return None


def record_system_event(
    *, action: str, purpose: str, organisation_id: int, case_id: int | None, actor: str
) -> AccessEvent:
    """An event of the system itself (no user), e.g. the retention task destroying a case."""
    event = _event(
        user=None,
        action=action,
        purpose=purpose,
        basis="retention",
        case=None,
        record=None,
        emergency=False,
        organisation_id=organisation_id,
        on_behalf_of=actor,
        case_id=case_id,
    )
    (created,) = _append([event])
    return created

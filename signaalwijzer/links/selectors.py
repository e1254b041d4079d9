"""The linked entities of a case the caller already has access to; ``case_part`` for the case page."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Model, Q

from signaalwijzer.cases.access import CaseAccess
from signaalwijzer.cases.models import Case, CaseMember
from signaalwijzer.cases.presence import wanted
from signaalwijzer.links.models import CaseLink, LinkedEntity


@dataclass(frozen=True)
class LinkRow:
    entity: LinkedEntity
    # Other linked cases this user is in the team of (the number only: they can open those themselves).
    visible_others: int
    # Other linked cases this user may not see: the page says only that there is one.
    hidden_others: bool


def presence() -> dict[str, type[Model]]:
    """The kinds ``case_part`` can skip, for ``cases.presence.kinds_present``."""
    return {"links.links": CaseLink}


def case_part(access: CaseAccess, present: frozenset[str] | None = None) -> list[LinkRow]:
    """Three queries: this case's links, the other links of those entities, the user's memberships."""
    if not wanted(present, "links.links"):
        return []
    links = list(
        CaseLink.objects.filter(case=access.case).select_related("entity").order_by("added_at")
    )
    if not links:
        return []
    entity_ids = [link.entity_id for link in links]
    others = list(
        CaseLink.objects.filter(entity_id__in=entity_ids)
        .exclude(case=access.case)
        .values_list("entity_id", "case_id")
    )
    visible = set(
        CaseMember.objects.filter(
            user=access.user,
            case_id__in={case_id for _, case_id in others},
            case__organisation_id=access.case.organisation_id,
        )
        # A consulting meldcode officer sees a case only while it is open.
        .filter(~Q(role=CaseMember.Role.CONSULTANT) | Q(case__status=Case.Status.OPEN))
        .values_list("case_id", flat=True)
    )
    rows = []
    for link in links:
        linked = [case_id for entity_id, case_id in others if entity_id == link.entity_id]
        rows.append(
            LinkRow(
                entity=link.entity,
                visible_others=sum(1 for case_id in linked if case_id in visible),
                hidden_others=any(case_id not in visible for case_id in linked),
            )
        )
    return rows

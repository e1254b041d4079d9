"""Linking a case to a coded person, address or account, through the case's write path."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.utils.translation import gettext as _

from signaalwijzer.cases.access import CaseAccess
from signaalwijzer.cases.models import Case
from signaalwijzer.cases.services import require_open
from signaalwijzer.cases.write_path import record_created
from signaalwijzer.links.models import CaseLink, LinkedEntity

MAX_LABEL = 40


def _same(label: str) -> str:
    return " ".join(label.split()).casefold()


def _entity(access: CaseAccess, kind: str, label: str) -> LinkedEntity:
    """The organisation's entity of this kind and code, or a new one (codes are encrypted: compared here)."""
    wanted = _same(label)
    for entity in LinkedEntity.objects.filter(
        organisation_id=access.case.organisation_id, kind=kind
    ).order_by("pk"):
        if _same(entity.label) == wanted:
            return entity
    return LinkedEntity.objects.create(
        organisation_id=access.case.organisation_id,
        kind=kind,
        label=" ".join(label.split()),
        created_by=access.user,
    )


@transaction.atomic
def link_case(access: CaseAccess, *, kind: str, label: str, **_ignored: Any) -> CaseLink:
    require_open(access)
    label = str(label or "").strip()
    if kind not in LinkedEntity.Kind.values:
        raise ValidationError({"kind": _("Choose what it is.")})
    if not label:
        raise ValidationError({"label": _("Fill this in.")})
    if len(label) > MAX_LABEL:
        raise ValidationError({"label": _("Use a short code, at most 40 characters.")})
    entity = _entity(access, kind, label)
    if CaseLink.objects.filter(case=access.case, entity=entity).exists():
        raise ValidationError({"label": _("This case is already linked to it.")})
    link = CaseLink.objects.create(case=access.case, entity=entity, added_by=access.user)
    # The timeline says what kind was linked, never the code.
    record_created(
        access,
        link,
        kind="case_link",
        purpose="case_link.create",
        summary=_("Linked to: %(kind)s") % {"kind": entity.get_kind_display()},
    )
    # The other linked cases' pages show how many cases are linked: give them a new content stamp.
    others = CaseLink.objects.filter(entity=entity).exclude(case=access.case).values("case_id")
    Case.objects.filter(pk__in=others).update(content_stamp=0)
    return link


@receiver(post_delete, sender=CaseLink)
def _forget_unlinked_entity(sender: type[CaseLink], instance: CaseLink, **kwargs: Any) -> None:
    """When the last linked case is destroyed, the coded entity goes too."""
    entity_id = instance.entity_id
    if not CaseLink.objects.filter(entity_id=entity_id).exists():
        LinkedEntity.objects.filter(pk=entity_id).delete()

"""The signal register: record, list, turn into a case, expire. Every step is logged like case data."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from signaalwijzer.accounts.models import User
from signaalwijzer.accounts.roles import Role, can_work_on_cases
from signaalwijzer.audit.models import AccessEvent
from signaalwijzer.audit.services import record_access, record_system_event
from signaalwijzer.cases import services as case_services
from signaalwijzer.cases.access import CaseAccess
from signaalwijzer.cases.models import Case, CaseMember, Observation, Setting
from signaalwijzer.register.models import LooseSignal
from signaalwijzer.register.periods import expires_on

BASIS = "organisation"


def may_use_register(user: User) -> bool:
    return user.organisation_id is not None and (
        can_work_on_cases(user.roles) or Role.MELDCODE_OFFICER in set(user.roles)
    )


def _require(user: User) -> None:
    if not may_use_register(user):
        raise PermissionDenied


@transaction.atomic
def record_signal(
    *, user: User, observed_on: date, description: str, setting: str = ""
) -> LooseSignal:
    _require(user)
    errors = {}
    text = (description or "").strip()
    if not text:
        errors["description"] = _("Write down what you saw or heard.")
    if observed_on is None:
        errors["observed_on"] = _("Fill in the date.")
    elif observed_on > timezone.localdate():
        errors["observed_on"] = _("The date cannot be in the future.")
    if setting and setting not in Setting.values:
        errors["setting"] = _("Choose one of the settings.")
    if errors:
        raise ValidationError(errors)
    organisation = user.organisation
    assert organisation is not None
    signal = LooseSignal.objects.create(
        organisation=organisation,
        recorded_by=user,
        observed_on=observed_on,
        description=text,
        setting=setting,
        expires_on=expires_on(timezone.localdate(), organisation.signal_register_months),
    )
    record_access(
        user=user,
        action=AccessEvent.Action.CREATE,
        purpose="register.record",
        basis=BASIS,
        record=signal,
    )
    return signal


def open_signals(user: User) -> list[LooseSignal]:
    """The organisation's signals that are not a case yet; each one shown is logged."""
    _require(user)
    signals = list(_organisation_signals(user).filter(converted=False))
    for signal in signals:
        record_access(
            user=user,
            action=AccessEvent.Action.LIST,
            purpose="register.list",
            basis=BASIS,
            record=signal,
        )
    return signals


def _organisation_signals(user: User) -> QuerySet[LooseSignal]:
    if user.organisation_id is None:
        return LooseSignal.objects.none()
    return LooseSignal.objects.filter(organisation_id=user.organisation_id)


@transaction.atomic
def convert_to_case(*, user: User, signal_id: int, pseudonym: str = "") -> Case | None:
    """Turn a signal into a case: the user owns it, the signal becomes its first observation.

    Returns None when the signal became a case already (by someone else, a moment ago).
    Raises Http404 for a signal of another organisation or one that no longer exists.
    """
    _require(user)
    signal = _organisation_signals(user).select_for_update().filter(pk=signal_id).first()
    if signal is None:
        raise Http404
    record_access(
        user=user,
        action=AccessEvent.Action.READ,
        purpose="register.convert",
        basis=BASIS,
        record=signal,
    )
    if signal.converted:
        return None
    name = pseudonym.strip() or _("Signal of %(date)s") % {"date": signal.observed_on.isoformat()}
    details: dict[str, Any] = {"setting": signal.setting} if signal.setting else {}
    case = case_services.open_case(user=user, pseudonym=name, concern=signal.description, **details)
    access = CaseAccess(case=case, user=user, basis=CaseMember.Role.OWNER)
    case_services.record_observation(
        access,
        observed_on=signal.observed_on,
        description=signal.description,
        source=Observation.Source.OWN,
        nature=Observation.Nature.FACT,
    )
    signal.converted = True
    signal.converted_case = case
    signal.save(update_fields=["converted", "converted_case"])
    record_access(
        user=user,
        action=AccessEvent.Action.UPDATE,
        purpose="register.convert",
        basis=BASIS,
        case=case,
        record=signal,
    )
    return case


@transaction.atomic
def expire_signals(today: date | None = None) -> int:
    """Delete signals past their date that did not become a case, and those whose case was destroyed."""
    today = today or timezone.localdate()
    due = LooseSignal.objects.filter(
        Q(converted=False, expires_on__lt=today) | Q(converted=True, converted_case__isnull=True)
    )
    removed = 0
    for signal in due.only("pk", "organisation_id"):
        record_system_event(
            action=AccessEvent.Action.DELETE,
            purpose="register.expire",
            organisation_id=signal.organisation_id,
            case_id=None,
            actor="signal register period passed",
        )
        LooseSignal.objects.filter(pk=signal.pk).delete()
        removed += 1
    return removed

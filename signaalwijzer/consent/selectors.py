"""Consent and sharing records of a case the caller already has access to; ``case_part`` for the case page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from signaalwijzer.cases.access import CaseAccess
from signaalwijzer.consent.age_rules import Party
from signaalwijzer.consent.models import ConsentRecord, ShareRecord
from signaalwijzer.consent.services import required_parties


@dataclass(frozen=True)
class ConsentPart:
    consents: list[ConsentRecord]
    shares: list[ShareRecord]
    required_today: frozenset[Party] | None  # None while the date of birth is unknown

    def consent_recorded(self) -> bool:
        """A record (given, refused or not asked) for every party the age rule requires today."""
        parties = {Party(record.party) for record in self.consents}
        return bool(self.consents) and (
            self.required_today is None or self.required_today <= parties
        )


def case_part(access: CaseAccess, today: date) -> ConsentPart:
    return ConsentPart(
        consents=list(ConsentRecord.objects.filter(case=access.case).select_related("recorded_by")),
        shares=list(ShareRecord.objects.filter(case=access.case)),
        required_today=required_parties(access.case, today),
    )

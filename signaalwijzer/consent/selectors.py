"""Consent and sharing records of a case the caller already has access to; ``case_part`` for the case page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Model

from signaalwijzer.cases.access import CaseAccess
from signaalwijzer.cases.models import Case
from signaalwijzer.cases.presence import wanted
from signaalwijzer.consent.age_rules import Party
from signaalwijzer.consent.models import ConsentRecord, PurposeChoice, ShareRecord
from signaalwijzer.consent.services import comensha_parties, consent_facts, required_parties
from signaalwijzer.consent.sharing import LegalBasis, Purpose, sharing_decision


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


def report_basis(case: Case, consents: list[ConsentRecord], day: date) -> str:
    """The legal basis of a report to Veilig Thuis made on ``day``: consent when every party the age rule
    required that day had given it for Veilig Thuis (answers recorded up to that day), else the meldrecht
    (Wmo 2015 art. 5.2.6), which covers a report to Veilig Thuis without consent."""
    known = [record for record in consents if record.recorded_on <= day]
    relevant = [record for record in known if record.purpose == Purpose.VEILIG_THUIS]
    competent = relevant[-1].young_person_competent if relevant else True
    required = required_parties(case, day, competent=competent)
    if required:
        decision = sharing_decision(
            purpose=Purpose.VEILIG_THUIS,
            basis=LegalBasis.CONSENT,
            required=required,
            consents=consent_facts(known),
        )
        if decision.allowed:
            return LegalBasis.CONSENT.value
    return LegalBasis.MELDRECHT.value


def presence() -> dict[str, type[Model]]:
    """The kinds ``case_part`` can skip, for ``cases.presence.kinds_present``."""
    return {
        "consent.consents": ConsentRecord,
        "consent.shares": ShareRecord,
    }


def case_part(
    access: CaseAccess, today: date, present: frozenset[str] | None = None
) -> ConsentPart:
    consents = (
        list(ConsentRecord.objects.filter(case=access.case).select_related("recorded_by"))
        if wanted(present, "consent.consents")
        else []
    )
    # The competence judged at the latest consent record (in the model's order: date, then entry).
    competent = consents[-1].young_person_competent if consents else True
    return ConsentPart(
        consents=consents,
        shares=list(ShareRecord.objects.filter(case=access.case))
        if wanted(present, "consent.shares")
        else [],
        required_today=required_parties(access.case, today, competent=competent),
    )


def comensha_signers(case: Case, day: date) -> frozenset[Party] | None:
    """Who signs CoMensha's form on ``day``, with the competence judged at the latest CoMensha consent
    record (the same rule ``services.check_sharing`` applies); None while the date of birth is unknown."""
    latest = (
        ConsentRecord.objects.filter(case=case, purpose=PurposeChoice.COMENSHA)
        .order_by("-recorded_on", "-pk")
        .only("young_person_competent")
        .first()
    )
    return comensha_parties(case, day, competent=latest.young_person_competent if latest else True)

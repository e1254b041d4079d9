"""May information about a young person be shared for a purpose, and on what legal basis.

Three bases exist (DOMAIN.md §6): consent of every required party; the meldrecht of Wmo 2015
art. 5.2.6, which covers information to Veilig Thuis only; and a conflict of duties, which
stands only with a recorded justification. Registration with CoMensha always needs consent.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from signaalwijzer.consent.age_rules import Party


class Purpose(StrEnum):
    VEILIG_THUIS = "veilig_thuis"
    CARE_COORDINATOR = "care_coordinator"
    PARTNERS = "partners"
    COMENSHA = "comensha"


class ConsentStatus(StrEnum):
    GIVEN = "given"
    REFUSED = "refused"
    WITHDRAWN = "withdrawn"
    NOT_ASKED = "not_asked"


class LegalBasis(StrEnum):
    CONSENT = "consent"
    MELDRECHT = "meldrecht"
    CONFLICT_OF_DUTIES = "conflict_of_duties"


class Refusal(StrEnum):
    CONSENT_MISSING = "consent_missing"
    MELDRECHT_ONLY_VEILIG_THUIS = "meldrecht_only_veilig_thuis"
    JUSTIFICATION_MISSING = "justification_missing"
    COMENSHA_NEEDS_CONSENT = "comensha_needs_consent"


@dataclass(frozen=True)
class ConsentFact:
    """One recorded consent answer of one party for one purpose."""

    party: Party
    purpose: Purpose
    status: ConsentStatus
    recorded_on: date
    sequence: int  # breaks ties on the same day: higher is later


@dataclass(frozen=True)
class SharingDecision:
    allowed: bool
    refusal: Refusal | None
    missing_parties: frozenset[Party]  # every required party whose latest answer is not GIVEN
    # Of those, the parties who answered: refused or withdrew. A refusal is an answer, not a gap.
    refused_parties: frozenset[Party] = frozenset()


ALLOWED = SharingDecision(allowed=True, refusal=None, missing_parties=frozenset())

# Two facts recorded at the very same moment should not happen; if they do, the least permissive
# one wins, so that the result neither depends on the order of the records nor errs towards sharing.
_CAUTION = {
    ConsentStatus.GIVEN: 0,
    ConsentStatus.NOT_ASKED: 1,
    ConsentStatus.REFUSED: 2,
    ConsentStatus.WITHDRAWN: 3,
}


def _refused(
    refusal: Refusal,
    missing: frozenset[Party] = frozenset(),
    refused: frozenset[Party] = frozenset(),
) -> SharingDecision:
    return SharingDecision(
        allowed=False, refusal=refusal, missing_parties=missing, refused_parties=refused
    )


def latest_status(
    consents: Iterable[ConsentFact], party: Party, purpose: Purpose
) -> ConsentStatus | None:
    """The status of the party's latest fact for the purpose, by (recorded_on, sequence)."""
    relevant = [fact for fact in consents if fact.party == party and fact.purpose == purpose]
    if not relevant:
        return None
    latest = max(relevant, key=lambda f: (f.recorded_on, f.sequence, _CAUTION[f.status]))
    return latest.status


def missing_consent(
    consents: Iterable[ConsentFact], required: frozenset[Party], purpose: Purpose
) -> frozenset[Party]:
    """The required parties whose latest answer for the purpose is not GIVEN."""
    facts = list(consents)
    return frozenset(
        party for party in required if latest_status(facts, party, purpose) != ConsentStatus.GIVEN
    )


def sharing_decision(
    *,
    purpose: Purpose,
    basis: LegalBasis,
    required: frozenset[Party],
    consents: Iterable[ConsentFact],
    justification: str = "",
) -> SharingDecision:
    """Whether sharing for ``purpose`` on ``basis`` is allowed, and if not, why."""
    if not required:
        # The age rule always names someone; an empty set is a caller's bug, not consent.
        raise ValueError("required must name at least one party")
    # Plain strings from stored records are accepted, but an unknown value must not fall through.
    purpose, basis = Purpose(purpose), LegalBasis(basis)
    if purpose is Purpose.COMENSHA and basis is not LegalBasis.CONSENT:
        return _refused(Refusal.COMENSHA_NEEDS_CONSENT)
    if basis is LegalBasis.MELDRECHT:
        if purpose is Purpose.VEILIG_THUIS:
            return ALLOWED
        return _refused(Refusal.MELDRECHT_ONLY_VEILIG_THUIS)
    if basis is LegalBasis.CONFLICT_OF_DUTIES:
        if justification.strip():
            return ALLOWED
        return _refused(Refusal.JUSTIFICATION_MISSING)
    facts = list(consents)
    missing = missing_consent(facts, required, purpose)
    if missing:
        refused = frozenset(
            party
            for party in missing
            if latest_status(facts, party, purpose)
            in (ConsentStatus.REFUSED, ConsentStatus.WITHDRAWN)
        )
        return _refused(Refusal.CONSENT_MISSING, missing, refused)
    return ALLOWED

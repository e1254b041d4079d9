"""Recording consent, and sharing information only when the age rule's consent or a legal basis allows."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext as _

from signaalwijzer.audit.models import AccessEvent
from signaalwijzer.cases.access import CaseAccess
from signaalwijzer.cases.models import Case
from signaalwijzer.cases.services import record_created, require_open
from signaalwijzer.consent.age_rules import (
    ConsentPolicy,
    Party,
    comensha_signatories,
    required_consenters,
)
from signaalwijzer.consent.models import ConsentRecord, PartyChoice, PurposeChoice, ShareRecord
from signaalwijzer.consent.sharing import (
    ConsentFact,
    ConsentStatus,
    LegalBasis,
    Purpose,
    Refusal,
    sharing_decision,
)


def consent_facts(records: list[ConsentRecord]) -> list[ConsentFact]:
    return [
        ConsentFact(
            party=Party(record.party),
            purpose=Purpose(record.purpose),
            status=ConsentStatus(record.status),
            recorded_on=record.recorded_on,
            sequence=record.pk,
        )
        for record in records
    ]


def consent_policy(case: Case) -> ConsentPolicy:
    """The policy of the case's organisation for a competent young person of 12 to 15."""
    return ConsentPolicy(case.organisation.consent_policy)


def parents_may_be_involved(case: Case) -> bool:
    """The dossier says the parents or family may be involved in the exploitation (False while the case
    has no such field)."""
    return bool(getattr(case, "parents_involved", False))


def required_parties(
    case: Case,
    day: date,
    *,
    competent: bool = True,
    parents_involved: bool | None = None,
) -> frozenset[Party] | None:
    """Who must consent on ``day`` under the organisation's policy; None while the date of birth is
    unknown. ``parents_involved`` defaults to what the case says."""
    if case.date_of_birth is None or day < case.date_of_birth:
        return None
    return required_consenters(
        case.date_of_birth,
        day,
        competent=competent,
        policy=consent_policy(case),
        parents_involved=(
            parents_may_be_involved(case) if parents_involved is None else parents_involved
        ),
    )


def comensha_parties(case: Case, day: date, *, competent: bool = True) -> frozenset[Party] | None:
    """Who signs CoMensha's consent form on ``day``; None while the date of birth is unknown."""
    if case.date_of_birth is None or day < case.date_of_birth:
        return None
    return comensha_signatories(case.date_of_birth, day, competent=competent)


def lowfirst(text: Any) -> str:
    """Lower-case the first letter only: names inside stay as they are ("met Veilig Thuis", "CoMensha")."""
    text = str(text)
    return text[:1].lower() + text[1:]


def party_labels(parties: frozenset[Party]) -> str:
    labels = dict(PartyChoice.choices)
    return _(" and ").join(lowfirst(labels[party.value]) for party in sorted(parties))


def _young_person_competent(records: list[ConsentRecord], purpose: str) -> bool:
    """The competence judged at the latest consent record for this purpose (default: competent)."""
    relevant = [record for record in records if record.purpose == purpose]
    return relevant[-1].young_person_competent if relevant else True


@transaction.atomic
def record_consent(access: CaseAccess, **data: Any) -> ConsentRecord:
    require_open(access)
    if data["recorded_on"] > timezone.localdate():
        raise ValidationError({"recorded_on": _("The date cannot be in the future.")})
    if access.case.date_of_birth and data["recorded_on"] < access.case.date_of_birth:
        raise ValidationError({"recorded_on": _("The date is before the date of birth.")})
    if (
        data["status"] == ConsentRecord.Status.NOT_ASKED
        and not data.get("not_asked_reason", "").strip()
    ):
        raise ValidationError({"not_asked_reason": _("Write down why consent was not asked.")})
    record = ConsentRecord.objects.create(case=access.case, recorded_by=access.user, **data)
    summary = f"{record.get_party_display()}: {record.get_purpose_display()} – {record.get_status_display()}"
    record_created(access, record, kind="consent", purpose="consent.create", summary=summary)
    return record


def refusal_message(
    refusal: Refusal,
    purpose: str,
    missing: frozenset[Party],
    refused: frozenset[Party] = frozenset(),
) -> str:
    """Why sharing is not allowed. A party who refused or withdrew consent is named as such: a refusal is a
    recorded answer, not missing consent."""
    purpose_label = lowfirst(dict(PurposeChoice.choices)[purpose])
    if refusal is Refusal.CONSENT_MISSING:
        parts = []
        if refused:
            parts.append(
                str(
                    format_lazy(
                        _("Consent for “{purpose}” was refused or withdrawn by: {parties}."),
                        purpose=purpose_label,
                        parties=party_labels(refused),
                    )
                )
            )
        if missing - refused:
            parts.append(
                str(
                    format_lazy(
                        _("Consent for “{purpose}” is missing from: {parties}."),
                        purpose=purpose_label,
                        parties=party_labels(missing - refused),
                    )
                )
            )
        return " ".join(
            [
                _("Sharing is not allowed yet."),
                *parts,
                _("Record their consent in step 3, or choose another legal basis."),
            ]
        )
    if refusal is Refusal.MELDRECHT_ONLY_VEILIG_THUIS:
        return _("Meldrecht only allows giving information to Veilig Thuis.")
    if refusal is Refusal.JUSTIFICATION_MISSING:
        return _("Write down why the conflict of duties justifies sharing without consent.")
    return _(
        "Registration with CoMensha always needs written consent: from 16 the young person signs, "
        "under 16 the parents or guardian, for an adult who cannot decide the representative."
    )


def check_sharing(
    case: Case, *, purpose: str, basis: str, day: date, justification: str = ""
) -> None:
    """Raise a ValidationError that says what is missing, unless sharing is allowed."""
    records = list(ConsentRecord.objects.filter(case=case).order_by("recorded_on", "pk"))
    needs_consent = basis == LegalBasis.CONSENT or purpose == Purpose.COMENSHA
    competent = _young_person_competent(records, purpose)
    if purpose == Purpose.COMENSHA:
        # CoMensha's own form says who signs, whatever the organisation's policy.
        required = comensha_parties(case, day, competent=competent)
    else:
        required = required_parties(case, day, competent=competent)
    if required is None:
        if needs_consent:
            raise ValidationError(
                _(
                    "Fill in the young person's date of birth first: who must consent depends on their age."
                )
            )
        required = frozenset({Party.YOUNG_PERSON})  # not used: this basis does not rest on consent
    decision = sharing_decision(
        purpose=Purpose(purpose),
        basis=LegalBasis(basis),
        required=required,
        consents=consent_facts(records),
        justification=justification,
    )
    if not decision.allowed:
        assert decision.refusal is not None
        raise ValidationError(
            refusal_message(
                decision.refusal, purpose, decision.missing_parties, decision.refused_parties
            )
        )


@transaction.atomic
def record_share(access: CaseAccess, **data: Any) -> ShareRecord:
    require_open(access)
    if data["shared_on"] > timezone.localdate():
        raise ValidationError({"shared_on": _("The date cannot be in the future.")})
    check_sharing(
        access.case,
        purpose=data["purpose"],
        basis=data["basis"],
        day=data["shared_on"],
        justification=data.get("justification", ""),
    )
    record = ShareRecord.objects.create(case=access.case, recorded_by=access.user, **data)
    summary = f"{record.recipient} ({record.get_purpose_display()}; {record.get_basis_display()})"
    record_created(
        access,
        record,
        kind="share",
        purpose="share.create",
        summary=summary,
        action=AccessEvent.Action.SHARE,
    )
    return record

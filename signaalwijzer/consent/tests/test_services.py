"""Sharing with another organisation: only with the consent the age rule requires, or a legal basis."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from signaalwijzer.audit.models import AccessEvent
from signaalwijzer.consent import services
from signaalwijzer.consent.models import ShareRecord
from signaalwijzer.meldcode import services as meldcode_services

TODAY = dt.date.today()


def _share(access, **changes):
    data = {
        "recipient": "Zorgcoördinatie Limburg-Noord",
        "purpose": "care_coordinator",
        "basis": "consent",
        "shared_on": TODAY,
        "justification": "",
        "what_was_shared": "Signalen en afweging",
    }
    return services.record_share(access, **{**data, **changes})


def _consent(access, party, status, purpose="care_coordinator", **extra):
    return services.record_consent(
        access, party=party, purpose=purpose, status=status, recorded_on=TODAY, **extra
    )


def test_without_consent_sharing_is_refused_naming_who_is_missing(owner_access):
    # The young person of the fixture is 12-15 today: both must consent.
    _consent(owner_access, "young_person", "given")
    with pytest.raises(ValidationError) as error:
        _share(owner_access)
    message = " ".join(error.value.messages)
    assert "ouders" in message.lower() or "parents" in message.lower()
    assert not ShareRecord.objects.exists()


def test_with_consent_of_everyone_required_sharing_is_recorded_and_audited(owner_access, case):
    _consent(owner_access, "young_person", "given")
    _consent(owner_access, "parents", "given")
    share = _share(owner_access)
    event = AccessEvent.objects.get(record_id=share.pk, record_type="consent.sharerecord")
    assert event.action == "share"


def test_withdrawn_consent_stops_sharing(owner_access):
    _consent(owner_access, "young_person", "given")
    _consent(owner_access, "parents", "given")
    _consent(owner_access, "parents", "withdrawn")
    with pytest.raises(ValidationError):
        _share(owner_access)


def test_meldrecht_allows_veilig_thuis_without_consent_but_nobody_else(owner_access):
    _share(owner_access, purpose="veilig_thuis", basis="meldrecht", recipient="Veilig Thuis")
    with pytest.raises(ValidationError):
        _share(owner_access, purpose="partners", basis="meldrecht")


def test_a_conflict_of_duties_needs_a_written_justification(owner_access):
    with pytest.raises(ValidationError):
        _share(owner_access, basis="conflict_of_duties")
    _share(
        owner_access, basis="conflict_of_duties", justification="Acuut gevaar; ouders onbereikbaar."
    )
    assert ShareRecord.objects.count() == 1


def test_without_a_date_of_birth_the_system_asks_for_it(owner_access, case):
    case.date_of_birth = None
    case.save()
    with pytest.raises(ValidationError) as error:
        _share(owner_access)
    assert "geboortedatum" in " ".join(error.value.messages).lower() or "birth" in " ".join(
        error.value.messages
    )


def test_a_young_person_who_cannot_decide_is_represented_by_the_parents(owner_access):
    _consent(owner_access, "parents", "given", young_person_competent=False)
    _share(owner_access)
    assert ShareRecord.objects.count() == 1


def test_comensha_registration_needs_the_required_consent(owner_access, professional):
    with pytest.raises(ValidationError):
        meldcode_services.add_action(owner_access, kind="comensha", owner=professional)
    _consent(owner_access, "young_person", "given", purpose="comensha")
    _consent(owner_access, "parents", "given", purpose="comensha")
    meldcode_services.add_action(owner_access, kind="comensha", owner=professional)


def test_not_asking_needs_a_reason(owner_access):
    with pytest.raises(ValidationError):
        _consent(owner_access, "parents", "not_asked")
    _consent(owner_access, "parents", "not_asked", not_asked_reason="Ouders zijn onbereikbaar.")

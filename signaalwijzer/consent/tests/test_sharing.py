from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from signaalwijzer.consent.age_rules import Party
from signaalwijzer.consent.sharing import (
    ConsentFact,
    ConsentStatus,
    LegalBasis,
    Purpose,
    Refusal,
    SharingDecision,
    latest_status,
    sharing_decision,
)

DAY = date(2025, 3, 10)
BOTH = frozenset({Party.YOUNG_PERSON, Party.PARENTS})
YOUNG_PERSON = frozenset({Party.YOUNG_PERSON})
NOTHING_MISSING: frozenset[Party] = frozenset()


def fact(party, status, *, purpose=Purpose.CARE_COORDINATOR, day=DAY, sequence=0):
    return ConsentFact(
        party=party, purpose=purpose, status=status, recorded_on=day, sequence=sequence
    )


def decide(consents=(), *, purpose=Purpose.CARE_COORDINATOR, basis=LegalBasis.CONSENT, **kwargs):
    kwargs.setdefault("required", BOTH)
    return sharing_decision(purpose=purpose, basis=basis, consents=consents, **kwargs)


def refused(refusal, missing=NOTHING_MISSING, answered_no=NOTHING_MISSING):
    return SharingDecision(
        allowed=False,
        refusal=refusal,
        missing_parties=frozenset(missing),
        refused_parties=frozenset(answered_no),
    )


ALLOWED = SharingDecision(allowed=True, refusal=None, missing_parties=NOTHING_MISSING)

facts = st.builds(
    ConsentFact,
    party=st.sampled_from(Party),
    purpose=st.sampled_from(Purpose),
    status=st.sampled_from(ConsentStatus),
    # A narrow range of days and sequences makes same-day and same-moment records likely.
    recorded_on=st.dates(min_value=DAY, max_value=DAY + timedelta(days=3)),
    sequence=st.integers(min_value=0, max_value=3),
)
required_sets = st.sampled_from([YOUNG_PERSON, frozenset({Party.PARENTS}), BOTH])


# latest_status


def test_without_any_record_there_is_no_status():
    assert latest_status([], Party.PARENTS, Purpose.VEILIG_THUIS) is None


def test_the_latest_day_wins():
    consents = [
        fact(Party.PARENTS, ConsentStatus.GIVEN, day=DAY + timedelta(days=1)),
        fact(Party.PARENTS, ConsentStatus.REFUSED, day=DAY, sequence=9),
    ]
    assert latest_status(consents, Party.PARENTS, Purpose.CARE_COORDINATOR) == ConsentStatus.GIVEN


def test_on_the_same_day_the_higher_sequence_wins():
    consents = [
        fact(Party.PARENTS, ConsentStatus.WITHDRAWN, sequence=2),
        fact(Party.PARENTS, ConsentStatus.GIVEN, sequence=1),
    ]
    assert (
        latest_status(consents, Party.PARENTS, Purpose.CARE_COORDINATOR) == ConsentStatus.WITHDRAWN
    )


def test_two_records_of_the_same_moment_resolve_to_the_least_permissive():
    consents = [
        fact(Party.PARENTS, ConsentStatus.GIVEN),
        fact(Party.PARENTS, ConsentStatus.REFUSED),
    ]
    assert latest_status(consents, Party.PARENTS, Purpose.CARE_COORDINATOR) == ConsentStatus.REFUSED


def test_the_status_of_another_party_or_purpose_is_not_the_status_asked_for():
    consents = [
        fact(Party.YOUNG_PERSON, ConsentStatus.GIVEN),
        fact(Party.PARENTS, ConsentStatus.GIVEN, purpose=Purpose.PARTNERS),
    ]
    assert latest_status(consents, Party.PARENTS, Purpose.CARE_COORDINATOR) is None


# the consent basis


def test_consent_of_every_required_party_allows_sharing():
    consents = [
        fact(Party.YOUNG_PERSON, ConsentStatus.GIVEN),
        fact(Party.PARENTS, ConsentStatus.GIVEN),
    ]
    assert decide(consents) == ALLOWED


def test_without_any_consent_every_required_party_is_missing():
    assert decide([]) == refused(Refusal.CONSENT_MISSING, BOTH)


def test_consent_of_the_young_person_alone_does_not_suffice_when_the_parents_are_required():
    consents = [fact(Party.YOUNG_PERSON, ConsentStatus.GIVEN)]
    assert decide(consents) == refused(Refusal.CONSENT_MISSING, {Party.PARENTS})


def test_consent_of_a_party_that_is_not_required_is_not_needed():
    consents = [fact(Party.YOUNG_PERSON, ConsentStatus.GIVEN)]
    assert decide(consents, required=YOUNG_PERSON) == ALLOWED


@pytest.mark.parametrize(
    "status", [ConsentStatus.REFUSED, ConsentStatus.WITHDRAWN, ConsentStatus.NOT_ASKED]
)
def test_anything_but_given_counts_as_missing(status):
    consents = [fact(Party.YOUNG_PERSON, status)]
    decision = decide(consents, required=YOUNG_PERSON)
    assert (decision.allowed, decision.refusal) == (False, Refusal.CONSENT_MISSING)
    assert decision.missing_parties == YOUNG_PERSON
    # A refusal or withdrawal is a recorded answer, said as such; "not asked" is not an answer.
    answered = status in (ConsentStatus.REFUSED, ConsentStatus.WITHDRAWN)
    assert decision.refused_parties == (YOUNG_PERSON if answered else frozenset())


@pytest.mark.parametrize("status", [ConsentStatus.REFUSED, ConsentStatus.WITHDRAWN])
def test_a_later_refusal_or_withdrawal_overrides_an_earlier_consent(status):
    consents = [
        fact(Party.YOUNG_PERSON, ConsentStatus.GIVEN),
        fact(Party.YOUNG_PERSON, status, day=DAY + timedelta(days=7)),
    ]
    assert decide(consents, required=YOUNG_PERSON) == refused(
        Refusal.CONSENT_MISSING, YOUNG_PERSON, YOUNG_PERSON
    )


def test_consent_given_after_a_refusal_allows_sharing():
    consents = [
        fact(Party.YOUNG_PERSON, ConsentStatus.REFUSED),
        fact(Party.YOUNG_PERSON, ConsentStatus.GIVEN, sequence=1),
    ]
    assert decide(consents, required=YOUNG_PERSON) == ALLOWED


def test_consent_for_another_purpose_does_not_count():
    consents = [fact(Party.YOUNG_PERSON, ConsentStatus.GIVEN, purpose=Purpose.PARTNERS)]
    assert decide(consents, required=YOUNG_PERSON) == refused(Refusal.CONSENT_MISSING, YOUNG_PERSON)


def test_registration_with_comensha_is_allowed_with_consent():
    consents = [fact(Party.YOUNG_PERSON, ConsentStatus.GIVEN, purpose=Purpose.COMENSHA)]
    assert decide(consents, purpose=Purpose.COMENSHA, required=YOUNG_PERSON) == ALLOWED


def test_an_empty_set_of_required_parties_is_a_programming_error_not_consent():
    with pytest.raises(ValueError):
        decide([], required=frozenset())


# the meldrecht


def test_the_meldrecht_allows_informing_veilig_thuis_without_consent():
    assert decide([], purpose=Purpose.VEILIG_THUIS, basis=LegalBasis.MELDRECHT) == ALLOWED


def test_the_meldrecht_allows_informing_veilig_thuis_even_after_a_refusal():
    consents = [fact(Party.YOUNG_PERSON, ConsentStatus.REFUSED, purpose=Purpose.VEILIG_THUIS)]
    assert decide(consents, purpose=Purpose.VEILIG_THUIS, basis=LegalBasis.MELDRECHT) == ALLOWED


@pytest.mark.parametrize("purpose", [Purpose.CARE_COORDINATOR, Purpose.PARTNERS])
def test_the_meldrecht_covers_only_veilig_thuis(purpose):
    assert decide([], purpose=purpose, basis=LegalBasis.MELDRECHT) == refused(
        Refusal.MELDRECHT_ONLY_VEILIG_THUIS
    )


# a conflict of duties


@pytest.mark.parametrize(
    "purpose", [Purpose.VEILIG_THUIS, Purpose.CARE_COORDINATOR, Purpose.PARTNERS]
)
def test_a_justified_conflict_of_duties_allows_sharing_without_consent(purpose):
    decision = decide(
        [],
        purpose=purpose,
        basis=LegalBasis.CONFLICT_OF_DUTIES,
        justification="Acuut gevaar: jongere wordt vanavond opgehaald.",
    )
    assert decision == ALLOWED


@pytest.mark.parametrize("justification", ["", "   ", "\n\t"])
def test_a_conflict_of_duties_without_a_justification_is_refused(justification):
    decision = decide([], basis=LegalBasis.CONFLICT_OF_DUTIES, justification=justification)
    assert decision == refused(Refusal.JUSTIFICATION_MISSING)


# CoMensha


@pytest.mark.parametrize("basis", [LegalBasis.MELDRECHT, LegalBasis.CONFLICT_OF_DUTIES])
def test_registration_with_comensha_always_needs_consent(basis):
    decision = decide(
        [], purpose=Purpose.COMENSHA, basis=basis, justification="Zwaarwegend belang."
    )
    assert decision == refused(Refusal.COMENSHA_NEEDS_CONSENT)


# values from stored records


def test_plain_string_values_from_stored_records_are_understood():
    assert (
        sharing_decision(purpose="veilig_thuis", basis="meldrecht", required=BOTH, consents=[])
        == ALLOWED
    )


def test_an_unknown_legal_basis_is_refused_rather_than_guessed():
    with pytest.raises(ValueError):
        sharing_decision(purpose="partners", basis="gut_feeling", required=BOTH, consents=[])


# properties


@given(
    st.sampled_from(Purpose),
    st.sampled_from(LegalBasis),
    required_sets,
    st.lists(facts, max_size=8),
    st.sampled_from(["", " ", "reden"]),
)
def test_sharing_is_allowed_exactly_when_there_is_no_refusal(
    purpose, basis, required, consents, justification
):
    decision = sharing_decision(
        purpose=purpose,
        basis=basis,
        required=required,
        consents=consents,
        justification=justification,
    )
    assert decision.allowed == (decision.refusal is None)
    assert decision.missing_parties <= required
    assert bool(decision.missing_parties) == (decision.refusal == Refusal.CONSENT_MISSING)


@given(st.sampled_from(Purpose), required_sets, st.lists(facts, max_size=8), st.randoms())
def test_the_order_of_the_records_does_not_matter(purpose, required, consents, random):
    shuffled = list(consents)
    random.shuffle(shuffled)
    for party in Party:
        assert latest_status(shuffled, party, purpose) == latest_status(consents, party, purpose)
    assert decide(shuffled, purpose=purpose, required=required) == decide(
        consents, purpose=purpose, required=required
    )


@given(st.sampled_from(Purpose), required_sets, st.lists(facts, max_size=8), st.lists(facts))
def test_consent_recorded_for_another_purpose_never_counts(purpose, required, consents, others):
    unrelated = [other for other in others if other.purpose != purpose]
    assert decide(consents + unrelated, purpose=purpose, required=required) == decide(
        consents, purpose=purpose, required=required
    )


@given(st.sampled_from(Purpose), required_sets, st.lists(facts, max_size=8), st.data())
def test_withdrawing_after_giving_blocks_sharing_on_consent(purpose, required, consents, data):
    party = data.draw(st.sampled_from(sorted(required)))
    last = max((c.recorded_on for c in consents), default=DAY)
    given_consent = fact(party, ConsentStatus.GIVEN, purpose=purpose, day=last)
    withdrawal = fact(party, ConsentStatus.WITHDRAWN, purpose=purpose, day=last + timedelta(days=1))
    decision = decide([*consents, given_consent, withdrawal], purpose=purpose, required=required)
    assert not decision.allowed
    assert party in decision.missing_parties


@given(st.sampled_from(Purpose), required_sets, st.lists(facts, max_size=8))
def test_the_meldrecht_never_depends_on_consent(purpose, required, consents):
    with_records = decide(consents, purpose=purpose, basis=LegalBasis.MELDRECHT, required=required)
    without = decide([], purpose=purpose, basis=LegalBasis.MELDRECHT, required=required)
    assert with_records == without
    assert with_records.allowed == (purpose == Purpose.VEILIG_THUIS)


@given(st.sampled_from(Purpose), required_sets, st.lists(facts, max_size=8))
def test_on_consent_a_refusal_names_exactly_the_parties_without_current_consent(
    purpose, required, consents
):
    decision = decide(consents, purpose=purpose, required=required)
    current = {party: latest_status(consents, party, purpose) for party in required}
    assert decision.missing_parties == {
        party for party, status in current.items() if status != ConsentStatus.GIVEN
    }

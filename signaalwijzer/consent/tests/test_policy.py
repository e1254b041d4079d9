"""Consent by age, competence, the organisation's policy and parents who may be involved, on real cases."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from signaalwijzer.accounts.models import ConsentPolicyChoice, Organisation
from signaalwijzer.cases import services as case_services
from signaalwijzer.cases.access import CaseAccess
from signaalwijzer.cases.models import CaseMember
from signaalwijzer.consent import services
from signaalwijzer.consent.age_rules import ConsentPolicy, Party
from signaalwijzer.consent.models import ShareRecord
from signaalwijzer.meldcode.models import Action

TODAY = dt.date.today()


def born_aged(years: int) -> dt.date:
    """A date of birth that makes someone ``years`` old today (the birthday a month ago)."""
    day = TODAY - dt.timedelta(days=30)
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _access(professional, years: int) -> CaseAccess:
    case = case_services.open_case(
        user=professional, pseudonym="K.", concern="Signalen.", date_of_birth=born_aged(years)
    )
    return CaseAccess(case=case, user=professional, basis=CaseMember.Role.OWNER)


def _consent(access, party, *, purpose="care_coordinator", competent=True):
    return services.record_consent(
        access,
        party=party,
        purpose=purpose,
        status="given",
        recorded_on=TODAY,
        young_person_competent=competent,
    )


def _share(access):
    return services.record_share(
        access,
        recipient="Zorgcoördinatie",
        purpose="care_coordinator",
        basis="consent",
        shared_on=TODAY,
        justification="",
        what_was_shared="Signalen",
    )


def test_the_organisation_choices_are_the_policies_of_the_rule(db):
    assert sorted(ConsentPolicyChoice.values) == sorted(policy.value for policy in ConsentPolicy)
    assert Organisation._meta.get_field("consent_policy").default == ConsentPolicy.DUAL_FROM_12


def test_a_new_organisation_asks_both_from_12(organisation, professional):
    access = _access(professional, 14)
    assert organisation.consent_policy == "dual_from_12"
    assert services.required_parties(access.case, TODAY) == {Party.YOUNG_PERSON, Party.PARENTS}


def test_an_organisation_that_follows_the_legal_minimum_asks_only_the_young_person_of_14(
    organisation, professional
):
    organisation.consent_policy = ConsentPolicy.YOUNG_PERSON_FROM_12
    organisation.save()
    access = _access(professional, 14)
    assert services.required_parties(access.case, TODAY) == {Party.YOUNG_PERSON}
    _consent(access, "young_person")
    _share(access)
    assert ShareRecord.objects.filter(case=access.case).exists()


def test_a_19_year_old_who_is_not_competent_asks_the_representative_not_the_parents(professional):
    access = _access(professional, 19)
    assert services.required_parties(access.case, TODAY, competent=False) == {Party.REPRESENTATIVE}
    _consent(access, "parents", competent=False)
    with pytest.raises(ValidationError) as error:
        _share(access)
    assert "vertegenwoordiger" in " ".join(error.value.messages).lower()
    _consent(access, "representative", competent=False)
    _share(access)
    assert ShareRecord.objects.filter(case=access.case).count() == 1


def test_a_14_year_old_whose_parents_may_be_involved_needs_only_the_young_persons_consent(
    professional,
):
    access = _access(professional, 14)
    # Works before and after the case has its own field: the service reads it when it is there.
    access.case.parents_involved = True
    assert services.required_parties(access.case, TODAY) == {Party.YOUNG_PERSON}
    _consent(access, "young_person")
    _share(access)
    assert ShareRecord.objects.filter(case=access.case).exists()


def test_the_caller_may_say_the_parents_may_be_involved(professional):
    access = _access(professional, 14)
    assert services.required_parties(access.case, TODAY, parents_involved=True) == {
        Party.YOUNG_PERSON
    }
    assert services.required_parties(access.case, TODAY) == {Party.YOUNG_PERSON, Party.PARENTS}


def test_without_parents_involved_a_14_year_olds_own_consent_is_not_enough(professional):
    access = _access(professional, 14)
    _consent(access, "young_person")
    with pytest.raises(ValidationError):
        _share(access)


def test_the_consent_page_says_dual_consent_is_practice_not_law(signed_in_client, case):
    page = signed_in_client.get(reverse("cases:consent_create", args=[case.pk]))
    text = page.content.decode()
    assert (
        "In uw organisatie vragen we vanaf 12 jaar toestemming aan de jongere én de ouders. "
        "Dat is gebruikelijk, maar de wet vraagt het niet: vanaf 12 beslist de jongere zelf."
    ) in text
    assert "curator" in text


def test_the_consent_page_shows_the_legal_minimum_policy(signed_in_client, organisation, case):
    organisation.consent_policy = ConsentPolicy.YOUNG_PERSON_FROM_12
    organisation.save()
    page = signed_in_client.get(reverse("cases:consent_create", args=[case.pk]))
    text = page.content.decode()
    assert "In uw organisatie beslist de jongere vanaf 12 jaar zelf" in text
    assert "gebruikelijk" not in text
    assert page.context["required_today_labels"] == "de jongere"


def test_the_representative_can_be_chosen_on_the_consent_form(signed_in_client, case):
    page = signed_in_client.get(reverse("cases:consent_create", args=[case.pk]))
    assert 'value="representative"' in page.content.decode()


# CoMensha: its own form, its own signatories


def test_comensha_under_16_the_parents_sign_without_the_young_person(
    signed_in_client, professional
):
    access = _access(professional, 14)
    _consent(access, "parents", purpose="comensha")
    response = signed_in_client.post(
        reverse("cases:comensha", args=[access.case.pk]), {"nationality": "Nederlandse"}
    )
    assert response.status_code == 200
    assert Action.objects.filter(case=access.case, kind="comensha").exists()


def test_comensha_under_16_the_young_persons_signature_alone_is_not_enough(
    signed_in_client, professional
):
    access = _access(professional, 14)
    _consent(access, "young_person", purpose="comensha")
    page = signed_in_client.get(reverse("cases:comensha", args=[access.case.pk]))
    assert "ouders" in page.context["refusal"].lower()
    assert "Wie tekent vandaag het formulier van CoMensha:" in page.content.decode()
    response = signed_in_client.post(
        reverse("cases:comensha", args=[access.case.pk]), {"nationality": "Nederlandse"}
    )
    assert response.status_code == 403
    assert not Action.objects.filter(case=access.case, kind="comensha").exists()


def test_comensha_for_an_adult_who_is_not_competent_the_representative_signs(
    signed_in_client, professional
):
    access = _access(professional, 19)
    _consent(access, "parents", purpose="comensha", competent=False)
    page = signed_in_client.get(reverse("cases:comensha", args=[access.case.pk]))
    assert "vertegenwoordiger" in page.context["refusal"].lower()
    _consent(access, "representative", purpose="comensha", competent=False)
    response = signed_in_client.post(
        reverse("cases:comensha", args=[access.case.pk]), {"nationality": "Nederlandse"}
    )
    assert response.status_code == 200
    assert Action.objects.filter(case=access.case, kind="comensha").exists()


def test_comensha_ignores_the_organisations_policy_and_parents_involved(professional, organisation):
    organisation.consent_policy = ConsentPolicy.YOUNG_PERSON_FROM_12
    organisation.save()
    access = _access(professional, 14)
    access.case.parents_involved = True
    _consent(access, "young_person", purpose="comensha")
    with pytest.raises(ValidationError):
        services.check_sharing(access.case, purpose="comensha", basis="consent", day=TODAY)
    _consent(access, "parents", purpose="comensha")
    services.check_sharing(access.case, purpose="comensha", basis="consent", day=TODAY)


def test_the_admin_shows_the_consent_policy(client, professional, organisation):
    from tests.factories import sign_in

    professional.is_staff = professional.is_superuser = True
    professional.save()
    sign_in(client, professional)
    page = client.get(reverse("admin:accounts_organisation_change", args=[organisation.pk]))
    assert page.status_code == 200
    assert 'name="consent_policy"' in page.content.decode()


def test_the_case_page_part_asks_the_representative_once_an_adult_was_judged_not_competent(
    professional,
):
    from signaalwijzer.consent.selectors import case_part

    access = _access(professional, 19)
    assert case_part(access, TODAY).required_today == {Party.YOUNG_PERSON}
    _consent(access, "representative", competent=False)
    part = case_part(access, TODAY)
    assert part.required_today == {Party.REPRESENTATIVE}
    assert part.consent_recorded()

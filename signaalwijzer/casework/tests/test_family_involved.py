"""A family that may be involved: the parents are not asked, not told beforehand, and a parent's export hides it."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from signaalwijzer.cases import services
from signaalwijzer.cases.models import Case
from signaalwijzer.casework.export import subject_access_data
from signaalwijzer.consent.age_rules import Party
from signaalwijzer.consent.services import required_parties

TODAY = dt.date.today()


def _involve(owner_access):
    case = services.update_case(
        owner_access,
        expected_version=owner_access.case.version,
        changes={"parents_involved": True, "parents_involved_reason": "Moeder haalt geld op."},
    )
    return services.CaseAccess(case=case, user=owner_access.user, basis=owner_access.basis)


def test_the_flag_needs_a_reason(owner_access):
    with pytest.raises(ValidationError) as raised:
        services.update_case(
            owner_access,
            expected_version=owner_access.case.version,
            changes={"parents_involved": True},
        )
    assert "parents_involved_reason" in raised.value.message_dict
    assert not Case.objects.get(pk=owner_access.case.pk).parents_involved


def test_a_fourteen_year_old_whose_parents_may_be_involved_decides_alone(owner_access):
    born = TODAY.replace(year=TODAY.year - 14) - dt.timedelta(days=5)
    case = services.update_case(
        owner_access, expected_version=owner_access.case.version, changes={"date_of_birth": born}
    )
    assert required_parties(case, TODAY) == {Party.YOUNG_PERSON, Party.PARENTS}
    access = services.CaseAccess(case=case, user=owner_access.user, basis=owner_access.basis)
    involved = _involve(access).case
    assert required_parties(involved, TODAY) == {Party.YOUNG_PERSON}


def test_the_veilig_thuis_package_page_says_not_to_tell_them(signed_in_client, owner_access):
    access = _involve(owner_access)
    page = signed_in_client.get(reverse("cases:veilig_thuis_package", args=[access.case.pk]))
    assert 'id="parents-involved"' in page.content.decode()
    assert "conflict van plichten" in page.content.decode()


def test_a_parents_export_hides_the_flag_and_what_may_be_about_them(owner_access):
    services.record_observation(
        owner_access,
        observed_on=TODAY,
        description="Moeder neemt zijn geld af.",
        source="own",
        nature="fact",
    )
    access = _involve(owner_access)
    for_young_person = subject_access_data(access)
    for_parent = subject_access_data(access, for_parents=True)
    assert for_young_person["case"]["parents_involved"] is True
    assert any("Moeder" in signal["description"] for signal in for_young_person["signals"])
    text = repr(for_parent)
    assert "parents_involved" not in text and "Moeder" not in text and "geld" not in text
    assert for_parent["left_out"]


def test_without_the_flag_a_parent_gets_the_records(owner_access):
    services.record_observation(
        owner_access, observed_on=TODAY, description="Tweede telefoon.", source="own", nature="fact"
    )
    data = subject_access_data(owner_access, for_parents=True)
    assert "parents_involved" not in data["case"]
    assert [signal["description"] for signal in data["signals"]] == ["Tweede telefoon."]


@pytest.mark.parametrize("name", ["conversation_create", "consent_create"])
def test_step_3_pages_say_to_leave_the_parents_out(signed_in_client, owner_access, name):
    before = signed_in_client.get(reverse(f"cases:{name}", args=[owner_access.case.pk]))
    assert 'id="parents-involved"' not in before.content.decode()
    access = _involve(owner_access)
    after = signed_in_client.get(reverse(f"cases:{name}", args=[access.case.pk]))
    assert 'id="parents-involved"' in after.content.decode()

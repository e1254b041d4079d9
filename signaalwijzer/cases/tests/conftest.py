import datetime as dt

import pytest

from signaalwijzer.cases import services
from signaalwijzer.cases.access import CaseAccess
from signaalwijzer.cases.models import CaseMember
from signaalwijzer.meldcode import services as meldcode_services


@pytest.fixture
def case(professional):
    return services.open_case(
        user=professional,
        pseudonym="J.",
        concern="Heeft sinds kort dure kleding en een tweede telefoon.",
        date_of_birth=dt.date(2011, 3, 14),
    )


@pytest.fixture
def owner_access(case, professional):
    return CaseAccess(case=case, user=professional, basis=CaseMember.Role.OWNER)


@pytest.fixture
def report_action(owner_access, professional):
    return meldcode_services.add_action(
        owner_access,
        kind="report_veilig_thuis",
        owner=professional,
        reported_on=dt.date.today(),
        channel="phone",
        reference="VT-2026-123",
        informed_beforehand=False,
        not_informed_reason="Vertellen brengt de jongere in gevaar.",
    )

"""Cases whose owner left: the administrator hands them over through the case's own handover, on an audited
access path that opens only such cases and reads no content; every other case stays a 404."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext

from signaalwijzer.accounts.services import set_active
from signaalwijzer.audit.models import AccessEvent
from signaalwijzer.cases import services as case_services
from signaalwijzer.cases.access import (
    ADMIN_REASSIGNMENT,
    awaiting_handover,
    case_access_for_reassignment,
    case_access_for_user,
)
from signaalwijzer.cases.models import CaseMember, TimelineEntry
from signaalwijzer.orgadmin import selectors, services
from signaalwijzer.orgadmin.models import AdminChange


def _owners(case):
    return set(
        CaseMember.objects.filter(case=case, role=CaseMember.Role.OWNER).values_list(
            "user_id", flat=True
        )
    )


@pytest.fixture
def departed(professional):
    set_active(professional, False)
    return professional


def test_only_open_cases_without_an_active_owner_wait(
    administrator, case, professional, outsider_org
):
    assert list(awaiting_handover(administrator)) == []
    set_active(professional, False)
    assert [c.pk for c in awaiting_handover(administrator)] == [case.pk]
    foreign = case_services.open_case(user=outsider_org, pseudonym="Z.", concern="Zorgen.")
    set_active(outsider_org, False)
    assert foreign.pk not in {c.pk for c in awaiting_handover(administrator)}


def test_nobody_but_the_administrator_gets_the_list(case, departed, colleague, officer):
    assert list(awaiting_handover(colleague)) == []
    assert list(awaiting_handover(officer)) == []
    with pytest.raises(Http404):
        case_access_for_reassignment(colleague, case.pk, purpose="test")


def test_the_list_shows_number_step_dates_and_departed_owner_with_one_event_each(
    administrator, case, departed
):
    before = AccessEvent.objects.count()
    (row,) = selectors.handover_rows(administrator)
    assert (row.number, row.step, row.departed, row.teams) == (case.pk, 1, ("Sanne",), ("Team A",))
    event = AccessEvent.objects.order_by("-pk").first()
    assert AccessEvent.objects.count() == before + 1
    assert (event.action, event.basis, event.case_id, event.user_id) == (
        AccessEvent.Action.LIST,
        ADMIN_REASSIGNMENT,
        case.pk,
        administrator.pk,
    )


def test_the_list_reads_no_encrypted_column(administrator, case, departed):
    with CaptureQueriesContext(connection) as queries:
        selectors.handover_rows(administrator)
    case_selects = [q["sql"] for q in queries if 'FROM "cases_case"' in q["sql"]]
    assert case_selects  # the check looked at the query
    for sql in case_selects:
        head = sql.split(" FROM ")[0]
        for column in ("pseudonym", "concern", "reference", "date_of_birth", "close_reason"):
            assert f'"cases_case"."{column}"' not in head


def test_reassign_hands_the_case_over_and_logs_it(administrator, case, departed, colleague):
    change = services.reassign_case(administrator, case.pk, new_owner_id=colleague.pk)
    assert _owners(case) == {colleague.pk}
    assert CaseMember.objects.get(case=case, user=departed).role == CaseMember.Role.MEMBER
    assert change.kind == AdminChange.Kind.CASE_REASSIGNED and change.target_id == case.pk
    assert change.changes == {"owner": ["Sanne", "Mo"]}
    assert "concern" not in str(change.changes) and case.concern not in str(change.__dict__)
    timeline = TimelineEntry.objects.filter(case=case, kind="owner_changed").get()
    assert timeline.actor == administrator
    events = AccessEvent.objects.filter(case=case, user=administrator).order_by("pk")
    assert {e.basis for e in events} == {ADMIN_REASSIGNMENT}
    assert [e.purpose for e in events] == [
        "orgadmin.handover.reassign",
        "case.owner.previous",
        "case.owner.transfer",
    ]
    # The new owner has the case as if it was handed over; the administrator still is no member.
    assert case_access_for_user(colleague, case.pk).is_owner
    with pytest.raises(Http404):
        case_access_for_user(administrator, case.pk)
    # Handed over: no longer waiting, so the reassignment path is closed again.
    with pytest.raises(Http404):
        case_access_for_reassignment(administrator, case.pk, purpose="test")


def test_the_new_owner_must_be_an_active_case_worker_of_the_organisation(
    administrator, case, departed, outsider_org, officer
):
    for candidate in (outsider_org, administrator, departed):
        with pytest.raises(ValidationError):
            services.reassign_case(administrator, case.pk, new_owner_id=candidate.pk)
    assert _owners(case) == {departed.pk}
    assert not AdminChange.objects.exists()
    services.reassign_case(
        administrator, case.pk, new_owner_id=officer.pk
    )  # a meldcode officer may
    assert _owners(case) == {officer.pk}


def test_a_case_with_an_active_owner_or_closed_or_elsewhere_is_a_404(
    administrator, case, professional, colleague, outsider_org
):
    with pytest.raises(Http404):
        services.reassign_case(administrator, case.pk, new_owner_id=colleague.pk)
    access = case_access_for_user(professional, case.pk)
    case_services.close_case(access, reason="Klaar.")
    set_active(professional, False)
    with pytest.raises(Http404):
        services.reassign_case(administrator, case.pk, new_owner_id=colleague.pk)
    foreign = case_services.open_case(user=outsider_org, pseudonym="Z.", concern="Zorgen.")
    set_active(outsider_org, False)
    with pytest.raises(Http404):
        services.reassign_case(administrator, foreign.pk, new_owner_id=colleague.pk)
    assert _owners(case) == {professional.pk}

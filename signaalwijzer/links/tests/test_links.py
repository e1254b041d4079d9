"""Linked cases: a code within one organisation, shown only to the team, gone with the last case."""

import datetime as dt
import re

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse

from signaalwijzer.audit.models import AccessEvent
from signaalwijzer.cases import services as case_services
from signaalwijzer.cases.access import CaseAccess
from signaalwijzer.cases.models import Case, CaseMember
from signaalwijzer.casework.veilig_thuis_package import ADVICE, MELDRECHT, build_package
from signaalwijzer.links import selectors, services
from signaalwijzer.links.models import CaseLink, LinkedEntity
from tests.factories import sign_in

HIDDEN = "Er is nog een casus in uw organisatie gekoppeld"


def _open(user, pseudonym="K."):
    case = case_services.open_case(
        user=user, pseudonym=pseudonym, concern="Zorgen.", date_of_birth=dt.date(2010, 1, 1)
    )
    return CaseAccess(case=case, user=user, basis=CaseMember.Role.OWNER)


def test_link_and_reuse_within_the_organisation(owner_access, professional, outsider_org):
    link = services.link_case(owner_access, kind="exploiter", label="P1")
    other = _open(professional)
    again = services.link_case(other, kind="exploiter", label=" p1 ")
    assert again.entity_id == link.entity_id
    # Another kind, or another organisation, is another entity.
    assert services.link_case(other, kind="recruiter", label="P1").entity_id != link.entity_id
    foreign = services.link_case(_open(outsider_org), kind="exploiter", label="P1")
    assert foreign.entity_id != link.entity_id
    with pytest.raises(ValidationError):
        services.link_case(other, kind="exploiter", label="P1")  # already linked
    with pytest.raises(ValidationError):
        services.link_case(other, kind="nonsense", label="P2")


def test_the_code_is_encrypted_in_the_row(owner_access):
    link = services.link_case(owner_access, kind="online_account", label="snap-geheim-77")
    with connection.cursor() as cursor:
        cursor.execute("SELECT label FROM links_linkedentity WHERE id = %s", [link.entity_id])
        raw = cursor.fetchone()[0]
    assert "snap-geheim-77" not in str(raw)
    assert LinkedEntity.objects.get(pk=link.entity_id).label == "snap-geheim-77"


def test_another_team_sees_only_that_another_case_is_linked(
    client, owner_access, case, outsider_team
):
    services.link_case(owner_access, kind="exploiter", label="P1")
    theirs = _open(outsider_team, pseudonym="Z.")
    services.link_case(theirs, kind="exploiter", label="P1")
    rows = selectors.case_part(theirs)
    assert [(r.visible_others, r.hidden_others) for r in rows] == [(0, True)]
    sign_in(client, outsider_team)
    page = client.get(reverse("cases:detail", args=[theirs.case.pk])).content.decode()
    assert HIDDEN in page and "P1" in page
    assert f"/cases/{case.pk}/" not in page and not re.search(rf"{case!s}\b", page)
    # The owner of the first case is in neither team of the other: the same message, no number.
    mine = selectors.case_part(owner_access)
    assert [(r.visible_others, r.hidden_others) for r in mine] == [(0, True)]


def test_a_member_of_both_sees_the_count(owner_access, professional):
    services.link_case(owner_access, kind="address", label="A1")
    other = _open(professional)
    services.link_case(other, kind="address", label="A1")
    assert [(r.visible_others, r.hidden_others) for r in selectors.case_part(other)] == [(1, False)]


def test_the_page_links_and_writes_an_access_event(signed_in_client, case):
    url = reverse("cases:link_create", args=[case.pk])
    assert signed_in_client.get(url).status_code == 200
    response = signed_in_client.post(url, {"kind": "recruiter", "label": "R2"})
    assert response.status_code == 302 and response.url.endswith("#links")
    link = CaseLink.objects.get(case=case)
    assert AccessEvent.objects.filter(
        case_id=case.pk, action=AccessEvent.Action.CREATE, purpose="case_link.create"
    ).exists()
    assert link.entity.label == "R2"
    assert signed_in_client.post(url, {"kind": "recruiter", "label": ""}).status_code == 400


def test_a_stranger_gets_a_404(client, case, outsider_team, outsider_org):
    url = reverse("cases:link_create", args=[case.pk])
    for user in (outsider_team, outsider_org):
        client.logout()
        sign_in(client, user)
        assert client.get(url).status_code == 404
        assert client.post(url, {"kind": "exploiter", "label": "P1"}).status_code == 404
    assert not CaseLink.objects.exists()


def test_the_package_lists_the_codes(owner_access):
    services.link_case(owner_access, kind="exploiter", label="P1")
    text = build_package(owner_access, basis=MELDRECHT, data={}).as_text()
    assert "P1" in text
    assert "P1" not in build_package(owner_access, basis=ADVICE, data={}).as_text()


def test_the_entity_goes_with_its_last_case(owner_access, professional):
    link = services.link_case(owner_access, kind="exploiter", label="P1")
    other = _open(professional)
    services.link_case(other, kind="exploiter", label="P1")
    Case.objects.filter(pk=owner_access.case.pk).delete()
    assert LinkedEntity.objects.filter(pk=link.entity_id).exists()
    Case.objects.filter(pk=other.case.pk).delete()
    assert not LinkedEntity.objects.filter(pk=link.entity_id).exists()


def test_linking_gives_the_other_linked_case_a_new_stamp(owner_access, professional):
    services.link_case(owner_access, kind="exploiter", label="P1")
    before = Case.objects.values_list("content_stamp", flat=True).get(pk=owner_access.case.pk)
    services.link_case(_open(professional), kind="exploiter", label="P1")
    after = Case.objects.values_list("content_stamp", flat=True).get(pk=owner_access.case.pk)
    assert after != before

"""Platform staff are not the organisation administrator's to see or change; a deliberate (de)activation by the
administrator removes the single sign-on sweep's mark, so the next sign-in does not undo it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from signaalwijzer.accounts.models import User
from signaalwijzer.accounts.roles import Role
from signaalwijzer.orgadmin import selectors, services
from signaalwijzer.sso.models import SsoUser
from signaalwijzer.sso.services import Mapping, save_provider, set_group_mappings
from signaalwijzer.sso.sign_in import SignInRefused, sign_in
from tests.factories import make_user


@pytest.fixture
def staff_member(organisation):
    user = make_user("platform@example.org", organisation=organisation)
    User.objects.filter(pk=user.pk).update(is_staff=True)
    user.refresh_from_db()
    return user


@pytest.fixture
def superuser(organisation):
    user = make_user("root@example.org", organisation=organisation)
    User.objects.filter(pk=user.pk).update(is_superuser=True)
    user.refresh_from_db()
    return user


def test_staff_are_not_on_the_user_screens(
    admin_client, administrator, professional, staff_member, superuser
):
    listed = selectors.users_of(administrator.organisation_id)
    assert professional in listed
    assert staff_member not in listed and superuser not in listed
    page = admin_client.get(reverse("orgadmin:users")).content.decode()
    assert "platform@example.org" not in page and "root@example.org" not in page
    for user in (staff_member, superuser):
        assert selectors.user_of(administrator.organisation_id, user.pk) is None
        url = reverse("orgadmin:user_detail", kwargs={"user_id": user.pk})
        assert admin_client.get(url).status_code == 404
        url = reverse("orgadmin:user_deactivate", kwargs={"user_id": user.pk})
        assert admin_client.post(url, {"reason": "weg"}).status_code == 404


@pytest.mark.parametrize(
    "action",
    [
        lambda admin, pk: services.deactivate_user(admin, pk),
        lambda admin, pk: services.reactivate_user(admin, pk),
        lambda admin, pk: services.change_user(
            admin, pk, full_name="X", roles=["professional"], team_ids=[]
        ),
        lambda admin, pk: services.reset_second_factor(admin, pk, reason="telefoon kwijt"),
        lambda admin, pk: services.send_new_invitation(admin, pk),
    ],
)
def test_staff_cannot_be_changed_through_the_services(administrator, staff_member, action):
    before = User.objects.filter(pk=staff_member.pk).values().get()
    with pytest.raises(Http404):
        action(administrator, staff_member.pk)
    assert User.objects.filter(pk=staff_member.pk).values().get() == before


# --- The sweep's mark ----------------------------------------------------------------------------------------


@pytest.fixture
def provider(organisation, team, monkeypatch):
    monkeypatch.setenv("SSO_SECRET_STAFFTEST", "x")
    provider = save_provider(
        None,
        organisation,
        domains="example.org",
        slug="jeugdzorg-test",
        issuer="https://login.example.nl/tenant/v2.0",
        client_id="c",
        secret_env="SSO_SECRET_STAFFTEST",
        password_login_enabled=False,
    )
    set_group_mappings(None, provider, [Mapping("sw", Role.PROFESSIONAL, team)])
    return provider


CLAIMS = {"email": "sanne@example.org", "email_verified": True, "groups": ["sw"]}


def _swept(user: User, provider) -> SsoUser:
    User.objects.filter(pk=user.pk).update(is_active=False)
    return SsoUser.objects.create(
        user=user,
        provider=provider,
        last_sign_in_at=timezone.now() - dt.timedelta(days=40),
        deactivated_by_sweep_at=timezone.now(),
    )


def test_a_sign_in_after_the_administrator_deactivated_does_not_reactivate(
    administrator, professional, provider
):
    record = _swept(professional, provider)
    services.reactivate_user(administrator, professional.pk)
    record.refresh_from_db()
    assert record.deactivated_by_sweep_at is None
    services.deactivate_user(administrator, professional.pk, reason="uit dienst")
    record.refresh_from_db()
    assert record.deactivated_by_sweep_at is None
    sign_in(provider, CLAIMS, linked=None)
    assert not User.objects.get(pk=professional.pk).is_active


def test_deactivating_a_swept_user_clears_the_mark(administrator, professional, provider):
    # Swept, then the administrator reactivates and deactivates again: the deliberate choice stays.
    record = _swept(professional, provider)
    User.objects.filter(pk=professional.pk).update(is_active=True)
    services.deactivate_user(administrator, professional.pk, reason="uit dienst")
    record.refresh_from_db()
    assert record.deactivated_by_sweep_at is None
    sign_in(provider, CLAIMS, linked=None)
    assert not User.objects.get(pk=professional.pk).is_active


def test_only_the_sweeps_own_deactivation_is_undone_by_a_sign_in(professional, provider):
    _swept(professional, provider)
    sign_in(provider, CLAIMS, linked=None)
    assert User.objects.get(pk=professional.pk).is_active


def test_staff_are_refused_by_the_sign_in_itself(staff_member, provider):
    with pytest.raises(SignInRefused):
        sign_in(provider, {**CLAIMS, "email": staff_member.email}, linked=None)

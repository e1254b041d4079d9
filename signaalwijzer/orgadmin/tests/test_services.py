"""The administrator's services: each change is checked, limited to the own organisation, and logged; bad input
changes nothing."""

from __future__ import annotations

import pytest
from allauth.mfa.models import Authenticator
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django_tasks_db.models import DBTaskResult

from signaalwijzer.accounts.models import Membership, Organisation, RoleGrant, Team, User
from signaalwijzer.accounts.roles import Role
from signaalwijzer.orgadmin import services
from signaalwijzer.orgadmin.models import AdminChange


def _kinds(organisation) -> list[str]:
    return list(
        AdminChange.objects.filter(organisation=organisation)
        .order_by("pk")
        .values_list("kind", flat=True)
    )


def test_only_an_administrator_may_change_anything(professional, team):
    with pytest.raises(PermissionDenied):
        services.create_team(professional, name="Team C")
    assert not Team.objects.filter(name="Team C").exists()


def test_invite_makes_an_account_without_password_and_queues_the_email(
    administrator, team, organisation, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        user = services.invite_user(
            administrator,
            email=" Nieuw@Example.org ",
            full_name="Nina  Nieuw",
            roles=["professional", "meldcode_officer"],
            team_ids=[team.pk],
        )
    user.refresh_from_db()
    assert user.email == "nieuw@example.org" and user.full_name == "Nina Nieuw"
    assert user.organisation == organisation and not user.has_usable_password()
    assert user.roles == {Role.PROFESSIONAL, Role.MELDCODE_OFFICER}
    assert list(user.teams.all()) == [team]
    change = AdminChange.objects.get(kind=AdminChange.Kind.USER_INVITED)
    assert change.actor == administrator and change.target_id == user.pk
    assert change.changes["roles"] == [[], ["meldcode_officer", "professional"]]
    assert change.changes["teams"] == [[], ["Team A"]]
    assert DBTaskResult.objects.filter(task_path__endswith="send_invitation").count() == 1


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"email": "geen-adres"}, "email"),
        ({"email": "sanne@example.org"}, "email"),  # taken
        ({"full_name": "   "}, "full_name"),
        ({"roles": []}, "roles"),
        ({"roles": ["superuser"]}, "roles"),
    ],
)
def test_a_bad_invitation_changes_nothing(administrator, professional, data, field):
    users_before = User.objects.count()
    arguments = {
        "email": "nieuw@example.org",
        "full_name": "Nina",
        "roles": ["professional"],
        **data,
    }
    with pytest.raises(ValidationError) as raised:
        services.invite_user(administrator, **arguments)
    assert field in raised.value.message_dict
    assert User.objects.count() == users_before
    assert not AdminChange.objects.exists()


def test_a_team_of_another_organisation_is_refused(administrator, outsider_org):
    foreign_team = outsider_org.teams.first()
    with pytest.raises(ValidationError) as raised:
        services.invite_user(
            administrator,
            email="nieuw@example.org",
            full_name="Nina",
            roles=["professional"],
            team_ids=[foreign_team.pk],
        )
    assert "teams" in raised.value.message_dict
    assert not User.objects.filter(email="nieuw@example.org").exists()


def test_change_roles_and_teams_logs_old_and_new(administrator, professional, team, other_team):
    change = services.change_user(
        administrator,
        professional.pk,
        full_name="Sanne de Vries",
        roles=["meldcode_officer"],
        team_ids=[other_team.pk],
    )
    assert change.changes == {
        "full_name": ["Sanne", "Sanne de Vries"],
        "roles": [["professional"], ["meldcode_officer"]],
        "teams": [["Team A"], ["Team B"]],
    }
    professional.refresh_from_db()
    assert set(RoleGrant.objects.filter(user=professional).values_list("role", flat=True)) == {
        "meldcode_officer"
    }
    assert list(Membership.objects.filter(user=professional).values_list("team", flat=True)) == [
        other_team.pk
    ]
    # The same again is no change and no log line.
    assert (
        services.change_user(
            administrator,
            professional.pk,
            full_name="Sanne de Vries",
            roles=["meldcode_officer"],
            team_ids=[other_team.pk],
        )
        is None
    )
    assert AdminChange.objects.count() == 1


def test_an_administrator_keeps_their_own_admin_role(administrator):
    with pytest.raises(ValidationError) as raised:
        services.change_user(
            administrator, administrator.pk, full_name="Beheer", roles=["professional"], team_ids=[]
        )
    assert "own role of organisation administrator" in str(raised.value.message_dict["roles"])
    assert RoleGrant.objects.filter(user=administrator, role=Role.ORGANISATION_ADMIN).exists()
    assert not RoleGrant.objects.filter(user=administrator, role=Role.PROFESSIONAL).exists()


def test_another_organisations_user_is_not_found(administrator, outsider_org):
    for call in (
        lambda: services.change_user(
            administrator, outsider_org.pk, full_name="X", roles=["professional"], team_ids=[]
        ),
        lambda: services.deactivate_user(administrator, outsider_org.pk),
        lambda: services.reset_second_factor(
            administrator, outsider_org.pk, reason="Telefoon kwijt"
        ),
    ):
        with pytest.raises(Http404):
            call()
    outsider_org.refresh_from_db()
    assert outsider_org.is_active and outsider_org.full_name == "Kees"
    assert Authenticator.objects.filter(user=outsider_org).exists()


def test_deactivate_and_reactivate(administrator, professional):
    services.deactivate_user(administrator, professional.pk, reason="Uit dienst")
    professional.refresh_from_db()
    assert not professional.is_active
    with pytest.raises(ValidationError):
        services.deactivate_user(administrator, professional.pk)
    services.reactivate_user(administrator, professional.pk)
    professional.refresh_from_db()
    assert professional.is_active
    assert _kinds(professional.organisation) == ["user_deactivated", "user_reactivated"]
    assert AdminChange.objects.get(kind="user_deactivated").reason == "Uit dienst"


def test_no_one_deactivates_themselves(administrator):
    with pytest.raises(ValidationError, match="your own account"):
        services.deactivate_user(administrator, administrator.pk)
    administrator.refresh_from_db()
    assert administrator.is_active and not AdminChange.objects.exists()


def test_reset_second_factor_needs_a_reason_and_removes_every_factor(administrator, professional):
    with pytest.raises(ValidationError) as raised:
        services.reset_second_factor(administrator, professional.pk, reason="  ")
    assert "reason" in raised.value.message_dict
    assert Authenticator.objects.filter(user=professional).exists()
    change = services.reset_second_factor(
        administrator, professional.pk, reason="Telefoon kwijt, gebeld op bekend nummer"
    )
    assert not Authenticator.objects.filter(user=professional).exists()
    assert change.reason == "Telefoon kwijt, gebeld op bekend nummer"
    assert change.changes == {"second_factor": [True, False]}
    with pytest.raises(ValidationError, match="nothing to reset"):
        services.reset_second_factor(administrator, professional.pk, reason="Nog een keer graag")


def test_an_administrator_cannot_reset_their_own_second_factor(administrator):
    with pytest.raises(ValidationError, match="your own second step"):
        services.reset_second_factor(administrator, administrator.pk, reason="Mijn telefoon is weg")
    assert Authenticator.objects.filter(user=administrator).exists()


def test_a_new_invitation_only_without_a_password(
    administrator, professional, django_capture_on_commit_callbacks
):
    with pytest.raises(ValidationError, match="chosen a password already"):
        services.send_new_invitation(administrator, professional.pk)
    with django_capture_on_commit_callbacks(execute=True):
        invited = services.invite_user(
            administrator, email="n@example.org", full_name="N", roles=["professional"]
        )
        services.send_new_invitation(administrator, invited.pk)
    assert DBTaskResult.objects.filter(task_path__endswith="send_invitation").count() == 2


def test_teams_create_rename_and_remove_only_when_empty(
    administrator, organisation, professional, team
):
    created = services.create_team(administrator, name=" Team  Noord ")
    assert created.name == "Team Noord" and created.organisation == organisation
    with pytest.raises(ValidationError) as raised:
        services.create_team(administrator, name="team noord")
    assert "name" in raised.value.message_dict
    with pytest.raises(ValidationError):
        services.rename_team(administrator, created.pk, name="Team A")  # taken
    services.rename_team(administrator, created.pk, name="Team Zuid")
    assert services.rename_team(administrator, created.pk, name="Team Zuid") is None
    with pytest.raises(ValidationError, match="still has members"):
        services.remove_team(administrator, team.pk)
    assert Team.objects.filter(pk=team.pk).exists()
    services.remove_team(administrator, created.pk)
    assert not Team.objects.filter(pk=created.pk).exists()
    assert _kinds(organisation) == ["team_created", "team_renamed", "team_removed"]
    assert AdminChange.objects.get(kind="team_renamed").changes == {
        "name": ["Team Noord", "Team Zuid"]
    }


def test_another_organisations_team_is_not_found(administrator, outsider_org):
    foreign_team = outsider_org.teams.first()
    with pytest.raises(Http404):
        services.rename_team(administrator, foreign_team.pk, name="Overgenomen")
    with pytest.raises(Http404):
        services.remove_team(administrator, foreign_team.pk)


def test_settings_change_logs_old_and_new(administrator, organisation):
    change = services.change_settings(
        administrator,
        consent_policy="young_person_from_12",
        retention_years=25,
        signal_register_months=6,
    )
    assert change.changes == {
        "consent_policy": ["dual_from_12", "young_person_from_12"],
        "retention_years": [20, 25],
    }
    organisation.refresh_from_db()
    assert (organisation.consent_policy, organisation.retention_years) == (
        "young_person_from_12",
        25,
    )


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"retention_years": 19}, "retention_years"),
        ({"retention_years": 51}, "retention_years"),
        ({"signal_register_months": 0}, "signal_register_months"),
        ({"signal_register_months": 13}, "signal_register_months"),
        ({"consent_policy": "parents_only"}, "consent_policy"),
    ],
)
def test_settings_out_of_bounds_change_nothing(administrator, organisation, values, field):
    arguments = {
        "consent_policy": "dual_from_12",
        "retention_years": 30,
        "signal_register_months": 3,
        **values,
    }
    with pytest.raises(ValidationError) as raised:
        services.change_settings(administrator, **arguments)
    assert set(raised.value.message_dict) == {field}
    fresh = Organisation.objects.get(pk=organisation.pk)
    assert (fresh.retention_years, fresh.signal_register_months) == (20, 6)
    assert not AdminChange.objects.exists()

"""Configuring an organisation's single sign-on: validated, and every change in the log."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings

from signaalwijzer.accounts.roles import Role
from signaalwijzer.sso.models import EmailDomain, GroupMapping, IdentityProvider, SsoChange
from signaalwijzer.sso.services import Mapping, save_provider, set_group_mappings, validate_provider

FIELDS = {
    "slug": "jeugdzorg-test",
    "issuer": "https://login.example.nl/tenant/v2.0",
    "client_id": "abc",
    "secret_env": "SSO_SECRET_UNIT",
}


@pytest.fixture(autouse=True)
def _secret(monkeypatch):
    monkeypatch.setenv("SSO_SECRET_UNIT", "s3cret")


def test_a_provider_is_created_with_its_domains_and_logged(organisation, professional):
    provider = save_provider(
        professional, organisation, domains="Jeugdzorg-Test.nl, school.nl", **FIELDS
    )
    assert sorted(provider.domains.values_list("domain", flat=True)) == [
        "jeugdzorg-test.nl",
        "school.nl",
    ]
    change = SsoChange.objects.get()
    assert change.action == SsoChange.Action.CREATED
    assert change.user == professional
    assert change.changes["issuer"] == [None, FIELDS["issuer"]]
    # The log holds the variable's name, never the secret.
    assert "s3cret" not in str(change.changes)


def test_an_update_logs_only_what_changed(organisation):
    provider = save_provider(None, organisation, domains="a.nl", **FIELDS)
    save_provider(
        None, organisation, domains="a.nl b.nl", **{**FIELDS, "password_login_enabled": False}
    )
    change = SsoChange.objects.filter(action=SsoChange.Action.UPDATED).get()
    assert change.changes == {
        "password_login_enabled": [True, False],
        "domains": ["a.nl", "a.nl, b.nl"],
    }
    assert IdentityProvider.objects.get() == provider
    # Saving the same again writes no change.
    save_provider(
        None, organisation, domains="a.nl, b.nl", **{**FIELDS, "password_login_enabled": False}
    )
    assert SsoChange.objects.count() == 2


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"issuer": "http://login.example.nl"}, "issuer"),
        ({"issuer": "https://login.example.nl/?q=1"}, "issuer"),
        ({"secret_env": "lower-case"}, "secret_env"),
        ({"secret_env": "SSO_NOT_SET"}, "secret_env"),
        ({"slug": "Geen slug!"}, "slug"),
        ({"session_hours": 0}, "session_hours"),
        ({"inactive_days": 1000}, "inactive_days"),
    ],
)
def test_bad_configuration_is_refused_and_writes_nothing(organisation, changes, field):
    with pytest.raises(ValidationError) as error:
        save_provider(None, organisation, domains="a.nl", **{**FIELDS, **changes})
    assert field in error.value.message_dict
    assert not IdentityProvider.objects.exists()
    assert not SsoChange.objects.exists()


@pytest.mark.parametrize("domains", ["", "geen domein", "jan@a.nl"])
def test_bad_domains_are_refused(organisation, domains):
    with pytest.raises(ValidationError) as error:
        validate_provider(organisation, domains=domains, **FIELDS)
    assert "domains" in error.value.message_dict


def test_a_domain_of_another_organisation_is_refused(organisation, other_organisation):
    save_provider(None, other_organisation, domains="gedeeld.nl", **{**FIELDS, "slug": "andere"})
    with pytest.raises(ValidationError) as error:
        save_provider(None, organisation, domains="eigen.nl, gedeeld.nl", **FIELDS)
    assert "gedeeld.nl" in str(error.value.message_dict["domains"])
    assert EmailDomain.objects.count() == 1


def test_a_secret_from_a_file_counts(organisation, monkeypatch, tmp_path):
    secret = tmp_path / "secret"
    secret.write_text("uit-een-bestand\n")
    monkeypatch.setenv("SSO_SECRET_FILEONLY_FILE", str(secret))
    save_provider(
        None, organisation, domains="a.nl", **{**FIELDS, "secret_env": "SSO_SECRET_FILEONLY"}
    )


@override_settings(PRODUCTION=True, DEBUG=False)
def test_production_refuses_a_local_http_issuer(organisation):
    with pytest.raises(ValidationError):
        save_provider(
            None, organisation, domains="a.nl", **{**FIELDS, "issuer": "http://127.0.0.1:8001/o"}
        )


def test_group_mappings_are_replaced_and_logged(organisation, team, other_organisation):
    provider = save_provider(None, organisation, domains="a.nl", **FIELDS)
    set_group_mappings(None, provider, [Mapping("g1", Role.PROFESSIONAL, team)])
    set_group_mappings(None, provider, [Mapping("g2", Role.MELDCODE_OFFICER)])
    assert list(GroupMapping.objects.values_list("group", "role", "team")) == [
        ("g2", "meldcode_officer", None)
    ]
    change = SsoChange.objects.filter(action=SsoChange.Action.MAPPINGS).first()  # newest first
    assert change.changes == {
        "group_mappings": [["g1 -> professional / Team A"], ["g2 -> meldcode_officer / -"]]
    }


def test_a_team_of_another_organisation_is_refused(organisation, other_organisation):
    from tests.factories import TeamFactory

    provider = save_provider(None, organisation, domains="a.nl", **FIELDS)
    foreign = TeamFactory(organisation=other_organisation)
    with pytest.raises(ValidationError):
        set_group_mappings(None, provider, [Mapping("g1", Role.PROFESSIONAL, foreign)])
    assert not GroupMapping.objects.exists()

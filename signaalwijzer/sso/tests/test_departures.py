"""The departure sweep: SSO users not seen for inactive_days are deactivated; others are left alone."""

from __future__ import annotations

import datetime as dt

from django.core.management import call_command
from django.utils import timezone

from signaalwijzer.sso.departures import sweep
from signaalwijzer.sso.models import SsoChange, SsoUser
from signaalwijzer.sso.services import save_provider
from tests.factories import OrganisationFactory, make_user


def _provider(organisation, monkeypatch, *, password_login: bool, slug: str, domain: str):
    monkeypatch.setenv("SSO_SECRET_SWEEP", "x")
    return save_provider(
        None,
        organisation,
        domains=[domain],
        slug=slug,
        issuer="https://idp.example.nl",
        client_id="c",
        secret_env="SSO_SECRET_SWEEP",
        password_login_enabled=password_login,
        inactive_days=30,
    )


def _sso_user(email, team, provider, last_seen):
    user = make_user(email, team=team)
    SsoUser.objects.create(user=user, provider=provider, last_sign_in_at=last_seen)
    return user


def test_the_sweep_deactivates_who_has_not_signed_in_for_inactive_days(
    organisation, team, monkeypatch
):
    provider = _provider(organisation, monkeypatch, password_login=False, slug="a", domain="a.nl")
    now = timezone.now()
    gone = _sso_user("weg@a.nl", team, provider, now - dt.timedelta(days=31))
    recent = _sso_user("er@a.nl", team, provider, now - dt.timedelta(days=29))
    password_user = make_user("wachtwoord@a.nl", team=team)  # never signed in through SSO

    assert sweep(now) == 1
    for user in (gone, recent, password_user):
        user.refresh_from_db()
    assert not gone.is_active
    assert recent.is_active and password_user.is_active
    assert SsoUser.objects.get(user=gone).deactivated_by_sweep_at == now
    change = SsoChange.objects.get(action=SsoChange.Action.DEACTIVATED)
    assert change.changes["user_id"] == gone.pk and change.user is None
    # Run again: nothing more to do.
    assert sweep(now) == 0


def test_the_sweep_leaves_organisations_that_still_allow_passwords(organisation, team, monkeypatch):
    provider = _provider(organisation, monkeypatch, password_login=True, slug="a", domain="a.nl")
    user = _sso_user("weg@a.nl", team, provider, timezone.now() - dt.timedelta(days=300))
    assert sweep() == 0
    user.refresh_from_db()
    assert user.is_active


def test_inactive_days_is_per_organisation(team, monkeypatch):
    other = OrganisationFactory(name="Kort geheugen")
    provider = _provider(other, monkeypatch, password_login=False, slug="b", domain="b.nl")
    provider.inactive_days = 7
    provider.save()
    from tests.factories import TeamFactory

    user = _sso_user(
        "weg@b.nl", TeamFactory(organisation=other), provider, timezone.now() - dt.timedelta(days=8)
    )
    assert sweep() == 1
    user.refresh_from_db()
    assert not user.is_active


def test_the_command_runs_the_sweep(organisation, team, monkeypatch, capsys):
    provider = _provider(organisation, monkeypatch, password_login=False, slug="a", domain="a.nl")
    _sso_user("weg@a.nl", team, provider, timezone.now() - dt.timedelta(days=31))
    call_command("sso", "sweep")
    assert "1 user(s) deactivated." in capsys.readouterr().out


def test_the_scheduler_runs_the_sweep_daily_as_a_recorded_job(organisation, team, monkeypatch):
    from signaalwijzer.jobruns.models import JobRun
    from signaalwijzer.jobs import registry
    from signaalwijzer.jobs.tasks import run_job

    provider = _provider(organisation, monkeypatch, password_login=False, slug="a", domain="a.nl")
    gone = _sso_user("weg@a.nl", team, provider, timezone.now() - dt.timedelta(days=31))
    assert registry.get("sso-sweep").period() == dt.timedelta(days=1)
    assert run_job.call("sso-sweep") is True
    gone.refresh_from_db()
    assert not gone.is_active
    assert JobRun.objects.get(name="sso-sweep").status == "ok"

"""The demo organisation with single sign-on: only when the test provider answers."""

from __future__ import annotations

from django.test import override_settings

from signaalwijzer.sso import demo
from signaalwijzer.sso.models import IdentityProvider
from tests.oidc_provider import demo as provider_demo


def test_the_demo_matches_what_the_test_provider_sets_up():
    assert demo.DEMO_CLIENT_ID == provider_demo.CLIENT_ID
    assert demo.DEMO_SECRET == provider_demo.CLIENT_SECRET
    assert demo.DEMO_SLUG == provider_demo.SLUG
    assert demo.DEMO_DOMAIN == provider_demo.DOMAIN
    groups = {group for claims in provider_demo.USERS.values() for group in claims["groups"]}
    assert groups <= set(demo.DEMO_GROUPS)


def test_configured_when_the_provider_answers(db, oidc_provider, monkeypatch):
    monkeypatch.setenv(demo.DEMO_SECRET_ENV, demo.DEMO_SECRET)
    with override_settings(SSO_DEMO_ISSUER=oidc_provider.issuer):
        provider = demo.configure_demo_sso()
        again = demo.configure_demo_sso()  # idempotent
    assert provider is not None and again == provider
    assert provider.issuer == oidc_provider.issuer
    assert not provider.password_login_enabled
    assert list(provider.domains.values_list("domain", flat=True)) == [demo.DEMO_DOMAIN]
    assert provider.group_mappings.count() == len(demo.DEMO_GROUPS)


def test_nothing_when_the_provider_does_not_answer_or_is_not_set(db, monkeypatch):
    monkeypatch.setenv(demo.DEMO_SECRET_ENV, demo.DEMO_SECRET)
    with override_settings(SSO_DEMO_ISSUER="http://127.0.0.1:9/o"):
        assert demo.configure_demo_sso() is None
    with override_settings(SSO_DEMO_ISSUER=None):
        assert demo.configure_demo_sso() is None
    assert not IdentityProvider.objects.exists()

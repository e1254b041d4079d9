"""The platform operator configures an organisation's single sign-on in the Django admin."""

from __future__ import annotations

from django.urls import reverse

from signaalwijzer.sso.models import IdentityProvider, SsoChange
from tests.factories import enrol_totp, make_user, sign_in


def test_the_operator_adds_a_provider_through_the_service(client, organisation, monkeypatch):
    monkeypatch.setenv("SSO_SECRET_ADMIN", "x")
    operator = make_user("beheer@platform.example", roles=())
    operator.is_staff = operator.is_superuser = True
    operator.save()
    enrol_totp(operator)
    sign_in(client, operator)
    data = {
        "organisation": organisation.pk,
        "slug": "jeugdzorg-test",
        "issuer": "https://login.example.nl/t/v2.0",
        "client_id": "abc",
        "secret_env": "SSO_SECRET_ADMIN",
        "enabled": "on",
        "groups_claim": "groups",
        "mfa_amr_values": "mfa",
        "mfa_acr_values": "",
        "session_hours": 10,
        "inactive_days": 30,
        "domains_text": "jeugdzorg-test.nl",
        "group_mappings-TOTAL_FORMS": 0,
        "group_mappings-INITIAL_FORMS": 0,
    }
    response = client.post(
        reverse("admin:sso_identityprovider_add"), {**data, "domains_text": "geen domein"}
    )
    assert response.status_code == 200  # the form again, with the error
    assert not IdentityProvider.objects.exists()

    response = client.post(reverse("admin:sso_identityprovider_add"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    provider = IdentityProvider.objects.get()
    assert list(provider.domains.values_list("domain", flat=True)) == ["jeugdzorg-test.nl"]
    assert SsoChange.objects.get().user == operator

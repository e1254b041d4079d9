"""Account pages around login that the security review found broken or too talkative."""

from allauth.mfa.models import Authenticator
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from tests.factories import sign_in


def test_the_passkey_page_shows_an_enrolled_users_keys(client, professional):
    """Finding 9: the page needs django.contrib.humanize ('Last used 2 hours ago')."""
    Authenticator.objects.create(
        user=professional,
        type=Authenticator.Type.WEBAUTHN,
        data={
            "name": "Sleutel van Sanne",
            "credential": {"clientExtensionResults": {"credProps": {"rk": True}}},
        },
        last_used_at=timezone.now() - timezone.timedelta(hours=2),
    )
    sign_in(client, professional)
    response = client.get(reverse("mfa_list_webauthn"))
    assert response.status_code == 200
    assert "Sleutel van Sanne" in response.content.decode()


def test_a_password_reset_for_an_unknown_address_sends_nothing(client, db):
    response = client.post(reverse("account_reset_password"), {"email": "onbekend@example.org"})
    # The same answer as for a known address (no enumeration), but no mail at all.
    assert response.status_code == 302
    assert mail.outbox == []


def test_a_password_reset_for_a_known_address_sends_the_link(client, professional):
    response = client.post(reverse("account_reset_password"), {"email": professional.email})
    assert response.status_code == 302
    assert [message.to for message in mail.outbox] == [[professional.email]]

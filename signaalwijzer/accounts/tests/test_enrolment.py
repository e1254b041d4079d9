"""A new professional sets up their second factor and can then work."""

import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse

from tests.factories import PASSWORD


# A real transaction: allauth announces the new factor on commit, inside the request.
@pytest.mark.django_db(transaction=True)
def test_enrolling_totp_after_the_first_login_opens_the_dashboard(client, unenrolled):
    import pyotp

    client.post(reverse("account_login"), {"login": unenrolled.email, "password": PASSWORD})
    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200
    secret = page.context["form"].secret
    response = client.post(reverse("mfa_activate_totp"), {"code": pyotp.TOTP(secret).now()})
    assert response.status_code == 302
    assert Authenticator.objects.filter(user=unenrolled, type=Authenticator.Type.TOTP).exists()
    # Enrolling proved the factor: no second login needed in this session.
    assert client.get(reverse("cases:dashboard")).status_code == 200


def test_a_wrong_enrolment_code_enrols_nothing(client, unenrolled):
    client.post(reverse("account_login"), {"login": unenrolled.email, "password": PASSWORD})
    client.get(reverse("mfa_activate_totp"))
    response = client.post(reverse("mfa_activate_totp"), {"code": "12345"})
    assert response.status_code == 200
    assert not Authenticator.objects.filter(user=unenrolled).exists()
    assert client.get(reverse("cases:dashboard"))["Location"] == reverse("mfa_activate_totp")

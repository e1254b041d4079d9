from __future__ import annotations

import pytest
from django.utils import translation

from signaalwijzer.accounts.roles import Role
from tests.factories import enrol_totp, make_user, sign_in


@pytest.fixture
def administrator(organisation):
    user = make_user(
        "beheer@example.org", organisation=organisation, roles=(Role.ORGANISATION_ADMIN,)
    )
    enrol_totp(user)
    return user


@pytest.fixture
def admin_client(client, administrator):
    sign_in(client, administrator)
    client.cookies["django_language"] = "en"
    return client


@pytest.fixture(autouse=True)
def _english_messages():
    """Service messages are checked in their source language (the Dutch comes from the .po file)."""
    with translation.override("en"):
        yield

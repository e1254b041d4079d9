"""How allauth behaves in Signaalwijzer: no open sign-up, MFA secrets encrypted at rest."""

import time
from typing import Any

from allauth.account import app_settings as account_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.flows.login import get_authentication_records
from allauth.mfa.adapter import DefaultMFAAdapter
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from signaalwijzer.client_address import address_of
from signaalwijzer.encryption import decrypt_text, encrypt_text


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        # Accounts are made by the organisation's administrator (see docs/operations.md).
        return False

    def get_client_ip(self, request: HttpRequest) -> str:
        # The same address as the access log and django-axes (behind PROXY_COUNT proxies), so that
        # allauth's per-address limits count clients, not the proxy.
        address = address_of(request)
        if not address:
            raise PermissionDenied("Unable to determine client IP address")
        return address

    def is_reauthentication_required(self, *, app: str, **kwargs: Any) -> bool:
        # Having logged in a moment ago counts as having just re-entered the password: otherwise a
        # new user is asked for their password twice in a row before they can set up MFA.
        if self.request is not None and self._logged_in_recently():
            return False
        return super().is_reauthentication_required(app=app, **kwargs)

    def _logged_in_recently(self) -> bool:
        records = get_authentication_records(self.request, self.request.user)
        if not records:
            return False
        return time.time() - records[-1]["at"] < account_settings.REAUTHENTICATION_TIMEOUT


class MFAAdapter(DefaultMFAAdapter):
    def encrypt(self, text: str) -> str:
        return encrypt_text(text)

    def decrypt(self, encrypted_text: str) -> str:
        return decrypt_text(encrypted_text)

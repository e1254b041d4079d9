"""People who left: an OpenID Connect provider does not tell us when it disables a user, so the sweep
deactivates SSO users of organisations without password login who have not signed in through the provider
for ``IdentityProvider.inactive_days``. Run daily (``manage.py sso sweep``).

A deactivated user cannot sign in; their open cases are to be handed over (the organisation administrator's
list of inactive users). A later sign-in through the provider reactivates an account the sweep deactivated.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from signaalwijzer.accounts.services import set_active
from signaalwijzer.sso.models import IdentityProvider, SsoChange, SsoUser


def sweep(now: dt.datetime | None = None) -> int:
    """Deactivate the departed users; returns how many. Each deactivation is an SsoChange row."""
    now = now or timezone.now()
    count = 0
    providers = IdentityProvider.objects.filter(enabled=True, password_login_enabled=False)
    for provider in providers:
        cutoff = now - dt.timedelta(days=provider.inactive_days)
        stale = SsoUser.objects.filter(
            provider=provider, last_sign_in_at__lt=cutoff, user__is_active=True
        ).select_related("user")
        for record in stale:
            with transaction.atomic():
                if not set_active(record.user, False):
                    continue
                record.deactivated_by_sweep_at = now
                record.save(update_fields=["deactivated_by_sweep_at"])
                SsoChange.objects.create(
                    organisation_id=provider.organisation_id,
                    user=None,
                    at=now,
                    action=SsoChange.Action.DEACTIVATED,
                    changes={
                        "user_id": record.user_id,
                        "last_sign_in_at": record.last_sign_in_at.isoformat(),
                    },
                )
                count += 1
    return count

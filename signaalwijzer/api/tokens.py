"""Personal access tokens: made by the user after a fresh second step, listed, revoked."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from signaalwijzer.accounts.models import User
from signaalwijzer.api.models import PersonalAccessToken

MAX_DAYS = 365


def tokens_of(user: User) -> list[PersonalAccessToken]:
    return list(PersonalAccessToken.objects.filter(user=user))


def create_token(
    user: User, *, name: str, scope: str, days: int
) -> tuple[PersonalAccessToken, str]:
    if not name.strip():
        raise ValidationError(
            {"name": _("Give the token a name, for example the system that uses it.")}
        )
    if not 1 <= days <= MAX_DAYS:
        raise ValidationError({"days": _("A token lasts at most a year.")})
    return PersonalAccessToken.issue(user=user, name=name.strip(), scope=scope, days=days)


def revoke_token(user: User, token_id: int) -> bool:
    return bool(
        PersonalAccessToken.objects.filter(pk=token_id, user=user, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
    )

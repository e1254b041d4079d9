"""Password rules beyond Django's: Django's list of common passwords is English only."""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# Bases of passwords Dutch users often choose; with digits and symbols around them they are still guessable.
DUTCH_COMMON_BASES = frozenset(
    {
        "wachtwoord",
        "welkom",
        "welkom01",
        "geheim",
        "voetbal",
        "ajax",
        "feyenoord",
        "psv",
        "zomer",
        "winter",
        "lente",
        "herfst",
        "liefde",
        "schatje",
        "prinses",
        "nederland",
        "holland",
        "amsterdam",
        "rotterdam",
        "jeugdzorg",
        "signaalwijzer",
        "wachtwoordje",
    }
)


def password_base(password: str) -> str:
    """The letters of a password, lowercased: 'Wachtwoord123!' -> 'wachtwoord'."""
    return re.sub(r"[^a-z]", "", password.lower())


class DutchCommonPasswordValidator:
    def validate(self, password: str, user: Any = None) -> None:
        if password_base(password) in DUTCH_COMMON_BASES:
            raise ValidationError(
                _("This password is too easy to guess. Choose a longer sentence of your own."),
                code="password_too_common",
            )

    def get_help_text(self) -> str:
        return _(
            "Your password cannot be a common word such as 'wachtwoord' or 'welkom' with a few digits."
        )

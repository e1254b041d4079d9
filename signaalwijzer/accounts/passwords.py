"""Password rules beyond Django's: Django's list of common passwords is English only, and length alone
lets through passwords such as 'aaaaaaaaaaaa' or 'Signaalwijzer1'."""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from zxcvbn import zxcvbn

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


# Words an attacker of this system tries first: the product, the field it works in, and everyday Dutch
# words that zxcvbn's (English) dictionaries do not know.
PRODUCT_WORDS = ("signaalwijzer", "signaal", "wijzer", "meldcode", "veilig", "thuis", "veiligthuis")
COMMON_DUTCH_WORDS = (
    *sorted(DUTCH_COMMON_BASES),
    "hallo",
    "welkom",
    "wachtwoord",
    "geheim",
    "inloggen",
    "gebruiker",
    "beheerder",
    "jeugd",
    "zorg",
    "wijkteam",
    "gemeente",
    "school",
    "kinderen",
    "familie",
    "moeder",
    "vader",
    "schat",
    "lieverd",
    "hond",
    "poes",
    "oranje",
    "maandag",
    "dinsdag",
    "woensdag",
    "donderdag",
    "vrijdag",
    "zaterdag",
    "zondag",
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)
# zxcvbn refuses longer input (its run time grows fast); the first 72 characters decide.
ESTIMATE_MAX_LENGTH = 72
MIN_SCORE = 3


def _words(text: str) -> list[str]:
    return [word for word in re.split(r"[^\w]+", text.lower()) if len(word) >= 3]


def personal_words(user: Any) -> list[str]:
    """The parts of the user's own e-mail address, name and organisation name."""
    if user is None:
        return []
    words: list[str] = []
    email = getattr(user, "email", "") or ""
    local, _at, domain = email.partition("@")
    words += [local.lower(), *_words(local), *_words(domain)]
    words += _words(getattr(user, "full_name", "") or "")
    organisation = getattr(user, "organisation", None)
    if organisation is not None:
        words += [organisation.name.lower().replace(" ", ""), *_words(organisation.name)]
    return [word for word in words if word]


def password_score(password: str, user: Any = None) -> int:
    """zxcvbn's score, 0 (guessed at once) to 4 (very hard), knowing our words and the user's own."""
    # zxcvbn ranks a word by its place in this list: the user's own words first.
    inputs = list(dict.fromkeys([*personal_words(user), *PRODUCT_WORDS, *COMMON_DUTCH_WORDS]))
    result = zxcvbn(
        password[:ESTIMATE_MAX_LENGTH], user_inputs=inputs, max_length=ESTIMATE_MAX_LENGTH
    )
    return int(result["score"])


class StrengthValidator:
    """Refuses what a guessing attack finds quickly: repeats, keyboard rows, words with a digit."""

    def validate(self, password: str, user: Any = None) -> None:
        if password_score(password, user) < MIN_SCORE:
            raise ValidationError(
                _(
                    "This password is too easy to guess. Choose a longer sentence of your own, "
                    "for example four words that do not belong together."
                ),
                code="password_too_weak",
            )

    def get_help_text(self) -> str:
        return _(
            "Your password must be hard to guess: no repeated letters, keyboard rows, or the name "
            "of Signaalwijzer or your organisation with a few digits."
        )

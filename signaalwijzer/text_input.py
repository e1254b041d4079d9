"""Checks for free text typed into any form or API field (the rule itself is in ``free_text.py``)."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from signaalwijzer import free_text


def validate_free_text(value: object) -> None:
    """Refuse invisible direction/control characters and text over the limit, with a clear message."""
    text = str(value)
    if free_text.too_long(text):
        raise ValidationError(
            _("This text is too long: at most %(limit)s characters."),
            code="too_long",
            params={"limit": f"{free_text.MAX_FREE_TEXT:,}".replace(",", ".")},
        )
    forbidden = free_text.forbidden_characters(text)
    if forbidden:
        raise ValidationError(
            _(
                "This text contains invisible characters that change how it reads (%(codes)s). "
                "Type the text again without copying it from elsewhere."
            ),
            code="hidden_characters",
            params={"codes": ", ".join(forbidden)},
        )


class FreeTextField(forms.CharField):
    """A form field for free text: ``validate_free_text`` and the length limit in the browser too."""

    default_validators = [validate_free_text]

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("max_length", free_text.MAX_FREE_TEXT)
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]

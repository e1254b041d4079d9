"""Choice labels translated once per field and language, for the ``get_<field>_display()`` of our models.

Django's own ``get_<field>_display()`` builds a dict of every choice of the field on each call, and hashing
each lazy label translates it: a case page called it about a hundred times, a thousand translations per build.
The labels come from the code (``TextChoices``), never from the database, so keeping them per process holds no
personal data and cannot go stale.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable
from django.utils.translation import get_language

_labels: dict[tuple[int, str | None], dict[Any, str]] = {}


def choice_label(field: models.Field[Any, Any], value: Any) -> Any:
    """What ``get_<field>_display()`` returns: the label of ``value`` in the active language, else ``value``."""
    key = (id(field), get_language())
    labels = _labels.get(key)
    if labels is None:
        labels = {
            make_hashable(choice): force_str(label, strings_only=True)
            for choice, label in field.flatchoices
        }
        _labels[key] = labels
    return force_str(labels.get(make_hashable(value), value), strings_only=True)


class CachedChoiceLabels:
    """Put before ``models.Model`` in a model's bases: its ``get_<field>_display()`` use ``choice_label``."""

    def _get_FIELD_display(self, field: models.Field[Any, Any]) -> Any:
        return choice_label(field, getattr(self, field.attname))

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from signaalwijzer.links.models import LinkedEntity
from signaalwijzer.links.services import MAX_LABEL
from signaalwijzer.text_input import FreeTextField


class CaseLinkForm(forms.Form):
    kind = forms.ChoiceField(label=_("What it is"), choices=LinkedEntity.Kind.choices)
    label = FreeTextField(
        label=_("Code"),
        max_length=MAX_LABEL,
        help_text=_(
            "A code your team chooses, for example P1. Not a name: the same code links the cases."
        ),
    )

"""The form of the signal register. The service checks the date and the text again."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from signaalwijzer.cases.forms import DateInput
from signaalwijzer.cases.models import Setting
from signaalwijzer.text_input import FreeTextField


class LooseSignalForm(forms.Form):
    observed_on = forms.DateField(label=_("When did you see or hear it?"), widget=DateInput())
    description = FreeTextField(
        label=_("What did you see or hear?"),
        help_text=_("A few sentences are enough. You do not need to write a name."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    setting = forms.ChoiceField(
        label=_("Where was it?"),
        choices=[("", _("Not filled in")), *Setting.choices],
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["observed_on"].initial = timezone.localdate()


class ConvertForm(forms.Form):
    pseudonym = forms.CharField(label=_("Pseudonym for the case"), max_length=100, required=False)

from django import forms
from django.utils.translation import gettext_lazy as _

from signaalwijzer.api.models import PersonalAccessToken


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"), max_length=100, help_text=_("For example the system that uses it.")
    )
    scope = forms.ChoiceField(
        label=_("What it may do"),
        choices=PersonalAccessToken.Scope.choices,
        widget=forms.RadioSelect,
    )
    days = forms.IntegerField(label=_("Valid for (days)"), min_value=1, max_value=365, initial=90)

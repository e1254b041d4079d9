from django import forms
from django.utils.translation import gettext_lazy as _

from signaalwijzer.audit.models import AccessEvent
from signaalwijzer.cases.forms import DateInput


class LogSearchForm(forms.Form):
    case = forms.IntegerField(label=_("Case number"), required=False, min_value=1)
    user = forms.EmailField(label=_("E-mail address of the user"), required=False)
    start = forms.DateField(label=_("From"), required=False, widget=DateInput())
    end = forms.DateField(label=_("Up to and including"), required=False, widget=DateInput())
    action = forms.ChoiceField(
        label=_("What happened"),
        required=False,
        choices=[("", _("Everything")), *AccessEvent.Action.choices],
    )

    def clean(self) -> dict:
        data = super().clean() or {}
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            self.add_error("end", _("The end date is before the start date."))
        return data


class ReviewForm(forms.Form):
    note = forms.CharField(label=_("Your conclusion"), widget=forms.Textarea(attrs={"rows": 2}))

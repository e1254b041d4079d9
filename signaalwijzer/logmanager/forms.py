from datetime import date
from typing import Any, cast

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from signaalwijzer.accounts.models import User
from signaalwijzer.audit.models import AccessEvent
from signaalwijzer.cases.forms import DateInput

# The largest id the database holds (a 64-bit integer): a bigger case number is a form error, not a 500.
LARGEST_ID = 2**63 - 1
# The log can only hold dates in this range; outside it (year 1, year 9999) date arithmetic overflows.
EARLIEST = date(2000, 1, 1)
LATEST = date(2999, 12, 31)


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return f"{obj.full_name} ({obj.email})" if obj.full_name else obj.email


class LogSearchForm(forms.Form):
    """Search by case, person, dates and kind. A GET form: the person is chosen by id, so no e-mail address
    lands in a URL, the browser history or a server log."""

    case = forms.IntegerField(
        label=_("Case number"), required=False, min_value=1, max_value=LARGEST_ID
    )
    user = StaffChoiceField(
        label=_("Who"), required=False, queryset=User.objects.none(), empty_label=_("Everyone")
    )
    start = forms.DateField(label=_("From"), required=False, widget=DateInput())
    end = forms.DateField(label=_("Up to and including"), required=False, widget=DateInput())
    action = forms.ChoiceField(
        label=_("What happened"),
        required=False,
        choices=[("", _("Everything")), *AccessEvent.Action.choices],
    )

    def __init__(self, *args: Any, organisation_id: int | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(StaffChoiceField, self.fields["user"])
        if organisation_id is not None:
            field.queryset = User.objects.filter(organisation_id=organisation_id).order_by(
                "full_name", "email"
            )

    def _in_range(self, name: str) -> date | None:
        day: date | None = self.cleaned_data.get(name)
        if day is not None and not EARLIEST <= day <= LATEST:
            raise forms.ValidationError(
                _("Choose a date between %(earliest)s and %(latest)s.")
                % {"earliest": date_format(EARLIEST), "latest": date_format(LATEST)}
            )
        return day

    def clean_start(self) -> date | None:
        return self._in_range("start")

    def clean_end(self) -> date | None:
        return self._in_range("end")

    def clean(self) -> dict:
        data = super().clean() or {}
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            self.add_error("end", _("The end date is before the start date."))
        return data


class ReviewForm(forms.Form):
    note = forms.CharField(label=_("Your conclusion"), widget=forms.Textarea(attrs={"rows": 2}))

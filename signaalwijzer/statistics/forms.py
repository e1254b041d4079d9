"""The query parameters of the statistics pages and downloads, checked: bad input is a form error, never a 500."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

YEARS_SHOWN = 6  # this year and the five before


def offered_years() -> list[int]:
    this_year = timezone.localdate().year
    return list(range(this_year, this_year - YEARS_SHOWN, -1))


class StatisticsFilter(forms.Form):
    """Year and area (own organisation or national). Empty means this year, own organisation."""

    year = forms.TypedChoiceField(
        label=_("Year"),
        required=False,
        coerce=int,
        empty_value=None,
        error_messages={"invalid_choice": _("Choose a year from the list.")},
    )
    scope = forms.ChoiceField(
        label=_("Area"),
        required=False,
        choices=[
            ("organisation", _("My organisation")),
            ("national", _("All organisations (national)")),
        ],
        error_messages={"invalid_choice": _("Choose an area from the list.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["year"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [(str(year), str(year)) for year in offered_years()]

    def chosen_year(self) -> int:
        year = self.cleaned_data.get("year")
        return year if year is not None else offered_years()[0]

    def chosen_national(self) -> bool:
        return self.cleaned_data.get("scope") == "national"

"""The query parameters of the statistics pages and downloads, checked: bad input is a form error, never a 500.

Period: one year, or the fixed three-year block that contains it (``block_of``). Area: the user's own
organisation, national, or one safety region (VR01..VR25). Whether the user may see an area is the view's check.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from signaalwijzer.statistics import selectors
from signaalwijzer.statistics.dimensions import safety_region_names

YEARS_SHOWN = 6  # this year and the five before
ORGANISATION = "organisation"
NATIONAL = "national"


def offered_years() -> list[int]:
    this_year = timezone.localdate().year
    return list(range(this_year, this_year - YEARS_SHOWN, -1))


def period_label(years: tuple[int, ...]) -> str:
    return str(years[0]) if len(years) == 1 else f"{years[0]}–{years[-1]}"


def area_choices() -> list[tuple[str, Any]]:
    regions = [
        (code, _("Safety region %(name)s") % {"name": name})
        for code, name in safety_region_names().items()
    ]
    return [
        (ORGANISATION, _("My organisation")),
        (NATIONAL, _("All organisations (national)")),
        *regions,
    ]


def area_label(area: str) -> str:
    return str(dict(area_choices()).get(area, area))


class StatisticsFilter(forms.Form):
    """Year, period and area. Empty means this year, one year, own organisation."""

    year = forms.TypedChoiceField(
        label=_("Year"),
        required=False,
        coerce=int,
        empty_value=None,
        error_messages={"invalid_choice": _("Choose a year from the list.")},
    )
    period = forms.ChoiceField(
        label=_("Period"),
        required=False,
        choices=[("year", _("Only this year")), ("block", _("Its three-year block"))],
        error_messages={"invalid_choice": _("Choose a period from the list.")},
    )
    scope = forms.ChoiceField(
        label=_("Area"),
        required=False,
        error_messages={"invalid_choice": _("Choose an area from the list.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["year"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [(str(year), str(year)) for year in offered_years()]
        area = self.fields["scope"]
        assert isinstance(area, forms.ChoiceField)
        area.choices = area_choices()

    def chosen_year(self) -> int:
        year = self.cleaned_data.get("year")
        return year if year is not None else offered_years()[0]

    def chosen_years(self) -> tuple[int, ...]:
        year = self.chosen_year()
        return selectors.block_of(year) if self.cleaned_data.get("period") == "block" else (year,)

    def chosen_area(self) -> str:
        return self.cleaned_data.get("scope") or ORGANISATION

    def chosen_national(self) -> bool:
        return self.chosen_area() == NATIONAL

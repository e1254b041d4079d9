from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from signaalwijzer.cases.forms import DateInput
from signaalwijzer.safety.models import MissingEpisode, SafetyPlan


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


def _text(rows: int = 3) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


class MissingEpisodeForm(forms.ModelForm):
    class Meta:
        model = MissingEpisode
        fields = [
            "missing_from",
            "missing_until",
            "reported_to_police_at",
            "police_reference",
            "whereabouts",
            "return_interview_on",
            "return_interview_by",
            "learned",
        ]
        widgets = {
            "missing_from": DateTimeInput(),
            "missing_until": DateTimeInput(),
            "reported_to_police_at": DateTimeInput(),
            "police_reference": forms.TextInput,
            "whereabouts": _text(),
            "return_interview_on": DateInput(),
            "return_interview_by": forms.TextInput,
            "learned": _text(),
        }
        help_texts = {
            "reported_to_police_at": _(
                "A missing young person under 18 is always reported to the police (112, or 0900-8844)."
            ),
            "whereabouts": _("Fill in after the return, as far as you know."),
            "learned": _(
                "What the young person told in the return interview: what happened, who they were "
                "with, what could help next time."
            ),
        }


class MissingEpisodeUpdateForm(MissingEpisodeForm):
    version = forms.IntegerField(widget=forms.HiddenInput)


class SafetyPlanForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = SafetyPlan
        fields = [
            "risks",
            "agreements_phone",
            "agreements_online",
            "agreements_going_out",
            "agreements_return_home",
            "whom_to_call",
            "review_on",
        ]
        widgets = {
            "risks": _text(),
            "agreements_phone": _text(2),
            "agreements_online": _text(2),
            "agreements_going_out": _text(2),
            "agreements_return_home": _text(2),
            "whom_to_call": _text(2),
            "review_on": DateInput(),
        }
        help_texts = {
            "risks": _("In plain words, so the young person can read it too."),
            "whom_to_call": _("Names and numbers, also at night and at the weekend."),
            "review_on": _("You get an e-mail on that day (without details of the case)."),
        }

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.utils.translation import gettext_lazy as _

from signaalwijzer.cases.forms import DateInput, FormConventions, today
from signaalwijzer.consent.models import ConsentRecord, ShareRecord


class ConsentForm(FormConventions, forms.ModelForm):
    required_when: ClassVar[dict[str, Any]] = {
        "not_asked_reason": _("required when consent was not asked"),
    }

    class Meta:
        model = ConsentRecord
        fields = [
            "party",
            "purpose",
            "status",
            "recorded_on",
            "young_person_competent",
            "not_asked_reason",
            "note",
        ]
        widgets = {
            "party": forms.RadioSelect,
            "purpose": forms.RadioSelect,
            "status": forms.RadioSelect,
            "recorded_on": DateInput(),
            "not_asked_reason": forms.Textarea(attrs={"rows": 2}),
            "note": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "not_asked_reason": _("Only when consent was not asked."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["recorded_on"].initial = today()


class ShareForm(FormConventions, forms.ModelForm):
    class Meta:
        model = ShareRecord
        fields = ["recipient", "purpose", "basis", "justification", "shared_on", "what_was_shared"]
        widgets = {
            "recipient": forms.TextInput,
            "purpose": forms.RadioSelect,
            "basis": forms.RadioSelect,
            "justification": forms.Textarea(attrs={"rows": 3}),
            "shared_on": DateInput(),
            "what_was_shared": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "justification": _("Needed for a conflict of duties; useful for meldrecht."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["shared_on"].initial = today()

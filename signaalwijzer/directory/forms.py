"""The organisation administrator's forms for a directory entry."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from signaalwijzer.directory.coordinators import normalise_phones, phone_is_plausible
from signaalwijzer.directory.models import CoordinatorEntry
from signaalwijzer.text_input import FreeTextField, validate_free_text


class CorrectionForm(forms.Form):
    organisation = forms.CharField(
        label=_("Organisation"), max_length=200, validators=[validate_free_text]
    )
    phones = forms.CharField(
        label=_("Phone numbers"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "One number per line. Only a number you found on the organisation's own page or heard from them."
        ),
    )
    email = forms.EmailField(label=_("E-mail"), required=False)
    website = forms.URLField(
        label=_("Website"), required=False, max_length=200, assume_scheme="https"
    )
    note = FreeTextField(
        label=_("Note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Shown with the contact, e.g. that the coordination moved to another organisation."
        ),
    )
    source = forms.CharField(
        label=_("Source"),
        required=False,
        max_length=300,
        validators=[validate_free_text],
        help_text=_("Where the data come from, e.g. 'phone call with the coordinator' or a page."),
    )
    source_url = forms.URLField(
        label=_("Address of the source"), required=False, max_length=500, assume_scheme="https"
    )
    comment = FreeTextField(
        label=_("Why this change"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Kept in the change log; not shown to professionals."),
    )

    @classmethod
    def for_entry(cls, entry: CoordinatorEntry, data: Any = None) -> CorrectionForm:
        initial = {
            "organisation": entry.organisation,
            "phones": "\n".join(entry.phones or ()),
            "email": entry.email,
            "website": entry.website,
            "note": entry.note,
            "source": entry.source,
            "source_url": entry.source_url,
        }
        return cls(data, initial=initial)

    def clean_phones(self) -> list[str]:
        phones = normalise_phones(self.cleaned_data.get("phones") or "")
        wrong = [phone for phone in phones if not phone_is_plausible(phone)]
        if wrong:
            raise ValidationError(
                _("This is not a phone number: %(phones)s. Use digits, spaces and hyphens."),
                params={"phones": ", ".join(wrong)},
            )
        return phones

    def clean_website(self) -> str:
        return _https_only(self.cleaned_data.get("website") or "")

    def clean_source_url(self) -> str:
        return _https_only(self.cleaned_data.get("source_url") or "")

    def values(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.fields if name != "comment"}


def _https_only(url: str) -> str:
    if url and not url.startswith("https://"):
        raise ValidationError(_("Give an address that starts with https://."))
    return url


class VerifyForm(forms.Form):
    comment = FreeTextField(
        label=_("How did you verify it?"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For example: called the number on 30 November, or checked the live list."),
    )

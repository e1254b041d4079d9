"""Reading contact data for display, in the active language."""

from functools import cache

from django.utils import translation

from signaalwijzer.directory.national_contacts import NationalContact, load_contacts


@cache
def national_contacts() -> tuple[NationalContact, ...]:
    return load_contacts()


def contacts_for_display(*, contact_bar_only: bool = False) -> list[dict[str, str]]:
    language = translation.get_language() or "nl"
    return [
        {
            "phone": contact.phone,
            "tel_uri": contact.tel_uri,
            "label": contact.label_in(language),
            "when": contact.when_in(language),
        }
        for contact in national_contacts()
        if contact.contact_bar or not contact_bar_only
    ]

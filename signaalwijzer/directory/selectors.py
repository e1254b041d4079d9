"""Reading contact data for display, in the active language."""

from functools import cache

from django.utils import translation

from signaalwijzer.directory.coordinators import Coordinator, for_young_person
from signaalwijzer.directory.coordinators import load as load_coordinators
from signaalwijzer.directory.models import CoordinatorEntry
from signaalwijzer.directory.municipalities import safety_regions
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


@cache
def shipped_coordinators() -> tuple[Coordinator, ...]:
    """The data file as shipped, parsed once per process (parsing it took half the case page's time)."""
    return tuple(load_coordinators())


def coordinators_for(municipality_code: str, age: int | None) -> list[Coordinator]:
    """The zorgcoördinator(s) for a young person, from the (admin-corrected) directory; one query."""
    # Before `load_directory` has run, the shipped data file is the directory.
    entries = [entry.as_value() for entry in CoordinatorEntry.objects.all()] or list(
        shipped_coordinators()
    )
    region = safety_regions().get(municipality_code) if municipality_code else None
    return for_young_person(entries, safety_region=region, age=age)

"""Reading contact data for display, in the active language."""

from dataclasses import dataclass, field
from functools import cache

from django.utils import translation

from signaalwijzer.directory.coordinators import Coordinator, for_young_person
from signaalwijzer.directory.coordinators import live_list as read_live_list
from signaalwijzer.directory.coordinators import load as load_coordinators
from signaalwijzer.directory.models import ContactChange, CoordinatorEntry
from signaalwijzer.directory.municipalities import municipality_name, safety_regions
from signaalwijzer.directory.national_contacts import NationalContact, load_contacts
from signaalwijzer.directory.veilig_thuis import VeiligThuisRegion, for_safety_region


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
    entries = [
        entry.as_value()
        for entry in CoordinatorEntry.objects.select_related("verified_by_organisation")
    ] or list(shipped_coordinators())
    if not any(entry.national_fallback for entry in entries):
        # A directory without CoMensha (half loaded, or trimmed by hand) still answers: the shipped one.
        entries += [entry for entry in shipped_coordinators() if entry.national_fallback]
    region = safety_regions().get(municipality_code) if municipality_code else None
    return for_young_person(entries, safety_region=region, age=age)


@cache
def live_list() -> str:
    """The live list of zorgcoördinatoren on wegwijzermensenhandel.nl (named in the data file)."""
    return read_live_list()


@dataclass(frozen=True)
class RegionalContacts:
    """What the case page and the public page show for a municipality: no query beyond the coordinators'."""

    municipality: str | None
    coordinators: list[Coordinator] = field(default_factory=list)
    veilig_thuis: list[VeiligThuisRegion] = field(default_factory=list)
    live_list: str = ""


def regional_contacts(municipality_code: str | None, age: int | None) -> RegionalContacts:
    """The zorgcoördinator(s) and the Veilig Thuis region of a municipality (unknown code: none)."""
    name = municipality_name(municipality_code) if municipality_code else None
    code = (municipality_code or "") if name else ""
    region = safety_regions().get(code) if code else None
    return RegionalContacts(
        municipality=name,
        coordinators=coordinators_for(code, age),
        veilig_thuis=for_safety_region(region),
        live_list=live_list(),
    )


def entries_for_administrator() -> list[CoordinatorEntry]:
    return list(
        CoordinatorEntry.objects.select_related("verified_by_organisation").order_by(
            "region", "organisation"
        )
    )


def entry_for_administrator(entry_id: int) -> CoordinatorEntry | None:
    return (
        CoordinatorEntry.objects.select_related("verified_by_organisation", "verified_by")
        .filter(pk=entry_id)
        .first()
    )


def changes_of(entry_id: int) -> list[ContactChange]:
    return list(
        ContactChange.objects.filter(entry_id=entry_id).select_related("user", "organisation")
    )

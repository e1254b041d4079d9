"""National contact numbers: loading and checking the data file. Pure: no Django imports."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

LANGUAGES = ("nl", "en")
PHONE_PATTERN = re.compile(r"^\+?[0-9][0-9 -]*[0-9]$")
DATA_FILE = Path(__file__).parent / "data" / "national_contacts.yaml"


class ContactDataError(ValueError):
    """The contacts file is not as it should be; the message says where."""


@dataclass(frozen=True)
class NationalContact:
    key: str
    phone: str
    label: dict[str, str]
    when: dict[str, str]
    contact_bar: bool
    source: str

    @property
    def tel_uri(self) -> str:
        return tel_uri(self.phone)

    def label_in(self, language: str) -> str:
        return self.label.get(language, self.label["nl"])

    def when_in(self, language: str) -> str:
        return self.when.get(language, self.when["nl"])


def tel_uri(phone: str) -> str:
    """A ``tel:`` link for a Dutch phone number as people write it ('0800-2000' → 'tel:08002000')."""
    if not PHONE_PATTERN.match(phone):
        raise ContactDataError(f"not a phone number: {phone!r}")
    return "tel:" + re.sub(r"[ -]", "", phone)


def _bilingual(entry: dict[str, object], field: str, key: str) -> dict[str, str]:
    value = entry.get(field)
    if not isinstance(value, dict) or any(
        not isinstance(value.get(lang), str) or not value[lang].strip() for lang in LANGUAGES
    ):
        raise ContactDataError(f"contact {key!r}: {field} needs Dutch and English text")
    return {lang: value[lang] for lang in LANGUAGES}


def parse_contacts(document: object) -> tuple[NationalContact, ...]:
    if not isinstance(document, dict) or not isinstance(document.get("contacts"), list):
        raise ContactDataError("the file needs a list under 'contacts'")
    contacts = []
    seen: set[str] = set()
    for entry in document["contacts"]:
        key = entry.get("key") if isinstance(entry, dict) else None
        if not isinstance(key, str) or not key:
            raise ContactDataError("every contact needs a key")
        if key in seen:
            raise ContactDataError(f"contact {key!r} appears twice")
        seen.add(key)
        phone = str(entry.get("phone", ""))
        tel_uri(phone)  # raises on a malformed number
        source = entry.get("source")
        if not isinstance(source, str) or not source.startswith("http"):
            raise ContactDataError(f"contact {key!r}: a source address is required")
        contacts.append(
            NationalContact(
                key=key,
                phone=phone,
                label=_bilingual(entry, "label", key),
                when=_bilingual(entry, "when", key),
                contact_bar=bool(entry.get("contact_bar", False)),
                source=source,
            )
        )
    return tuple(contacts)


def load_contacts(path: Path = DATA_FILE) -> tuple[NationalContact, ...]:
    with path.open(encoding="utf-8") as file:
        return parse_contacts(yaml.safe_load(file))

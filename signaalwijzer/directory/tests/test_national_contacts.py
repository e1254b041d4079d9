import pytest
from hypothesis import given
from hypothesis import strategies as st

from signaalwijzer.directory.national_contacts import (
    ContactDataError,
    load_contacts,
    parse_contacts,
    tel_uri,
)

REQUIRED_IN_BAR = {"112", "0800-2000", "0900-8844", "0800-7000"}


def test_the_shipped_file_loads_and_has_the_four_numbers_for_the_bar():
    contacts = load_contacts()
    assert {contact.phone for contact in contacts if contact.contact_bar} == REQUIRED_IN_BAR


def test_every_shipped_contact_names_its_source_and_speaks_both_languages():
    for contact in load_contacts():
        assert contact.source.startswith("https://")
        assert contact.label_in("nl") and contact.label_in("en")


@pytest.mark.parametrize(
    ("phone", "uri"),
    [("112", "tel:112"), ("0800-2000", "tel:08002000"), ("033 448 11 86", "tel:0334481186")],
)
def test_tel_links_keep_only_the_digits(phone, uri):
    assert tel_uri(phone) == uri


@given(st.from_regex(r"\A\+?[0-9][0-9 -]{0,12}[0-9]\Z"))
def test_a_tel_link_dials_exactly_the_digits_written(phone):
    digits = "".join(ch for ch in phone if ch.isdigit() or ch == "+")
    assert tel_uri(phone) == f"tel:{digits}"


@pytest.mark.parametrize("phone", ["", "bel ons", "0800-", "12a4"])
def test_malformed_numbers_are_refused(phone):
    with pytest.raises(ContactDataError):
        tel_uri(phone)


def _entry(**changes):
    entry = {
        "key": "vt",
        "phone": "0800-2000",
        "label": {"nl": "Veilig Thuis", "en": "Veilig Thuis"},
        "when": {"nl": "Dag en nacht", "en": "Day and night"},
        "source": "https://example.org",
    }
    entry.update(changes)
    return entry


@pytest.mark.parametrize(
    "document",
    [
        None,
        {"contacts": "no list"},
        {"contacts": [_entry(), _entry()]},
        {"contacts": [_entry(label={"nl": "Alleen Nederlands"})]},
        {"contacts": [_entry(source="")]},
        {"contacts": [_entry(phone="onbekend")]},
    ],
)
def test_a_broken_contacts_file_is_refused(document):
    with pytest.raises(ContactDataError):
        parse_contacts(document)


def test_the_contact_bar_is_on_public_and_error_pages(client, db):
    for url in ("/", "/accounts/login/", "/bestaat-niet/"):
        html = client.get(url).content.decode()
        assert 'aria-label="Hulp- en noodnummers"' in html, url
        for phone in REQUIRED_IN_BAR:
            assert phone in html, (url, phone)

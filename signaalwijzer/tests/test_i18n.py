"""Dutch by default; English complete and one click away."""

from pathlib import Path

from django.urls import reverse

PO_FILE = Path(__file__).resolve().parents[1] / "locale" / "nl" / "LC_MESSAGES" / "django.po"


def test_pages_are_dutch_even_for_an_english_browser(client, db):
    response = client.get(reverse("public:home"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    html = response.content.decode()
    assert '<html lang="nl"' in html
    assert "Uitbuiting van jongeren herkennen" in html


def test_the_language_switch_turns_the_site_english(client, db):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"}, follow=True)
    html = response.content.decode()
    assert '<html lang="en"' in html
    assert "Recognise and act on exploitation of young people" in html
    assert response.headers["Content-Language"] == "en"


def test_an_unknown_language_falls_back_to_dutch(client, db):
    client.cookies["django_language"] = "de"
    html = client.get(reverse("public:home")).content.decode()
    assert '<html lang="nl"' in html


def _po_entries(text):
    """(msgid, msgstr, flags) for every entry of a .po file; enough of the format for this check."""
    entries = []
    for block in text.split("\n\n"):
        lines = [line for line in block.strip().splitlines() if line]
        flags = " ".join(line for line in lines if line.startswith("#,"))
        fields: dict[str, str] = {}
        current = None
        for line in lines:
            if line.startswith("#"):
                continue
            if line.startswith(("msgid ", "msgid_plural ", "msgstr ", "msgstr[")):
                current, _space, value = line.partition(" ")
                fields[current] = value.strip('"')
            elif line.startswith('"') and current:
                fields[current] += line.strip('"')
        if "msgid" in fields:
            msgstrs = [value for key, value in fields.items() if key.startswith("msgstr")]
            entries.append((fields["msgid"], msgstrs, flags))
    return entries


def test_every_interface_text_has_a_dutch_translation():
    entries = [entry for entry in _po_entries(PO_FILE.read_text(encoding="utf-8")) if entry[0]]
    assert len(entries) > 50
    untranslated = [msgid for msgid, msgstrs, _flags in entries if not all(msgstrs)]
    fuzzy = [msgid for msgid, _msgstrs, flags in entries if "fuzzy" in flags]
    assert untranslated == []
    assert fuzzy == []

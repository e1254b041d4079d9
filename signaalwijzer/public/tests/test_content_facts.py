"""The public texts promise nothing that may not hold, and carry the facts, links and numbers they must (nl and en)."""

import datetime
import re

import pytest
import yaml
from django.urls import reverse

from signaalwijzer.directory.national_contacts import DATA_FILE, load_contacts
from signaalwijzer.meldcode.sector_guidance import guidance, sectors_with_own_guidance
from signaalwijzer.public.content import ContentError, Page, all_slugs, load_page, parse_page

CONTACT_KEYS = frozenset(contact.key for contact in load_contacts())
LANGUAGES = ("nl", "en")


def _page(slug: str) -> Page:
    return load_page(slug, CONTACT_KEYS)


def _everything(page: Page, language: str) -> str:
    """All text of a page in one language, headings, link texts and link addresses included."""
    parts = [page.title[language], *page.texts(language)]
    for section in page.sections:
        parts.append(section.heading[language])
        for link in section.links:
            parts.extend([link.text[language], link.url or link.slug or ""])
    return "\n".join(parts)


def _has(text: str, *needles: str) -> None:
    for needle in needles:
        assert needle.lower() in text.lower(), needle


# Promises that may not hold: the non-punishment principle is no guarantee, and "open melden, tenzij" has
# exceptions (DOMAIN §6, §7b). None of these may come back on any public page.
BROKEN_PROMISES = [
    r"niet in de problemen",
    r"not in trouble",
    r"niet stiekem",
    r"not do it in secret",
    r"niet straffen",
    r"not punish",
    r"niet om straf",
    r"not punishment",
    r"^Ze vertellen jou wat ze doen",
    r"^They tell you what they do",
    r"^De hulpverlener vertelt je wat die doet",
    r"^The care worker tells you what they do",
    r"samen met Movisie",
    r"together with Movisie",
]


@pytest.mark.parametrize("slug", all_slugs())
@pytest.mark.parametrize("language", LANGUAGES)
def test_no_page_makes_a_promise_that_may_not_hold(slug, language):
    page = _page(slug)
    texts = [*page.texts(language), *(s.heading[language] for s in page.sections)]
    for text in texts:
        for sentence in re.split(r"(?<=[.!?])\s+", text):
            for promise in BROKEN_PROMISES:
                assert not re.search(promise, sentence, re.IGNORECASE), (slug, sentence)


def test_the_promises_check_catches_the_old_texts():
    old = "Ze doen het niet stiekem. Ze vertellen jou wat ze doen."
    sentences = re.split(r"(?<=[.!?])\s+", old)
    assert any(re.search(p, s, re.IGNORECASE) for p in BROKEN_PROMISES for s in sentences)


TELLING_FIRST = {
    "nl": "Meestal vertellen ze het jou eerst.",
    "en": "They usually tell you first.",
}
UNSAFE_AT_HOME = {
    "nl": "Zeg dat. Dan kijkt de hulpverlener met jou wat veilig is.",
    "en": "Say so. Then the care worker looks with you at what is safe.",
}
UNDER_18 = {
    "nl": ("18", "geld, spullen, drugs of een slaapplek", "altijd uitbuiting", "ja zei"),
    "en": ("18", "money, things, drugs or a place to sleep", "always exploitation", "said yes"),
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_young_people_hear_what_to_do_when_home_is_not_safe(language):
    for slug in ("jongeren-wat-gebeurt-er", "jongeren-jouw-mening"):
        _has(_everything(_page(slug), language), UNSAFE_AT_HOME[language])
    _has(_everything(_page("jongeren-jouw-mening"), language), TELLING_FIRST[language])


@pytest.mark.parametrize("language", LANGUAGES)
def test_under_18_sex_for_things_is_always_exploitation(language):
    for slug in ("jongeren-wat-is-uitbuiting", "jongeren-niet-jouw-schuld", "ouders"):
        _has(_everything(_page(slug), language), *UNDER_18[language])


@pytest.mark.parametrize("language", LANGUAGES)
def test_help_is_also_there_for_things_that_are_not_allowed(language):
    text = _everything(_page("jongeren-niet-jouw-schuld"), language)
    _has(
        text,
        {"nl": "dingen deed die niet mogen", "en": "did things that are not allowed"}[language],
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_pooierboy_stands_beside_loverboy(language):
    for slug in ("jongeren-wat-is-uitbuiting", "ouders"):
        _has(_everything(_page(slug), language), "loverboy", "pooierboy")


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_online_page_says_what_to_do(language):
    text = _everything(_page("jongeren-online"), language)
    _has(text, "https://www.helpwanted.nl", "Fraudehelpdesk")
    _has(
        text,
        *{
            "nl": (
                "naaktfoto",
                "snel geld",
                "gamegeld",
                "bankpas",
                "Betaal niet",
                "Stuur niets meer",
                "Bewaar bewijs",
                "iemand die je vertrouwt",
            ),
            "en": (
                "nude photo",
                "easy money",
                "game money",
                "bank card",
                "Do not pay",
                "Do not send anything more",
                "Keep proof",
                "someone you trust",
            ),
        }[language],
    )
    assert "jongeren-online" in [link.slug for s in _page("jongeren").sections for link in s.links]


@pytest.mark.parametrize(
    "slug", ["jongeren-wie-kun-je-bellen", "jongeren", "ouders", "hulp-en-informatie"]
)
def test_the_centrum_seksueel_geweld_is_on_the_youth_parents_and_resources_pages(slug):
    page = _page(slug)
    assert any("centrum_seksueel_geweld" in section.contacts for section in page.sections)
    for language in LANGUAGES:
        _has(_everything(page, language), "Centrum Seksueel Geweld")


def test_the_centrum_seksueel_geweld_number_is_shown_from_the_data(client, db):
    html = client.get(reverse("public:parents")).content.decode()
    assert 'href="tel:08000188"' in html


def test_the_centrum_seksueel_geweld_entry_has_its_source_and_verified_date():
    with DATA_FILE.open(encoding="utf-8") as file:
        entries = {entry["key"]: entry for entry in yaml.safe_load(file)["contacts"]}
    entry = entries["centrum_seksueel_geweld"]
    assert entry["phone"] == "0800-0188"
    assert entry["source"].startswith("https://")
    assert isinstance(entry["verified"], datetime.date)
    assert "dag en nacht" in entry["when"]["nl"] and "day and night" in entry["when"]["en"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_young_adults_from_18_find_their_own_routes(language):
    page = _page("jongeren-wie-kun-je-bellen")
    adults = next(
        s
        for s in page.sections
        if s.heading[language].startswith(
            {"nl": "Ben je 18 of ouder", "en": "Are you 18 or older"}[language]
        )
    )
    assert {"veilig_thuis", "fier", "centrum_seksueel_geweld"} <= set(adults.contacts)
    _has(" ".join(p[language] for p in adults.paragraphs), "Kindertelefoon", "18")
    _has(
        _everything(_page("hulp-en-informatie"), language),
        {"nl": "18 tot 23", "en": "18 to 23"}[language],
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_parents_page_speaks_to_relatives_and_is_honest_about_the_police(language):
    text = _everything(_page("ouders"), language)
    _has(
        text,
        *{
            "nl": ("opa, oma", "samenwerken met de politie", "zorgcoördinator"),
            "en": ("grandparent", "work with the police", "care coordinator"),
        }[language],
    )


NEW_QUESTIONS = {"sexual_images", "sex_for_goods", "criminal_errands"}


def test_the_quick_check_asks_about_images_sex_for_things_and_criminal_errands_each_with_advice():
    check = _page("ouders-check")
    questions = {q.key: q for q in check.questions}
    assert set(questions) >= NEW_QUESTIONS
    for key in NEW_QUESTIONS:
        assert questions[key].advice, key
        for language in LANGUAGES:
            assert questions[key].advice[language].strip()
    _has(questions["criminal_errands"].text["nl"], "pakketjes", "bankpas")
    _has(questions["criminal_errands"].text["en"], "packages", "bank card")
    _has(questions["sexual_images"].advice["nl"], "Helpwanted", "niet betalen")
    _has(questions["sex_for_goods"].advice["en"], "always exploitation", "Centrum Seksueel Geweld")


def test_a_question_advice_without_english_is_refused():
    with pytest.raises(ContentError, match=r"questions\[0\]\.advice\.en"):
        parse_page(
            {
                "slug": "x",
                "audience": "parents",
                "title": {"nl": "T", "en": "T"},
                "intro": {"nl": "I", "en": "I"},
                "questions": [
                    {"key": "a", "text": {"nl": "Q", "en": "Q"}, "advice": {"nl": "Doe dit."}}
                ],
            },
            slug="x",
            contact_keys=CONTACT_KEYS,
        )


RESOURCES = {
    "nl": (
        "Zie jij het ook?",
        "https://ziejijhetook.nl",
        "herkennen, erkennen en duiden",
        "professionals in de zorg",
        "leraren",
        "speciaal onderwijs",
        "https://www.koraal.nl/over-koraal/koraalkennis/interventies-en-innovaties/uitbuiting-en-lvb",
        "Factsheetoverzicht Koraal",
        "Kwetsbaarheden, signalen en beschermende factoren jongens",
        "11VB Signaleringstool",
        "YIP!",
        "seksuele uitbuiting",
        "licentie",
        "Vraag Koraal",
        "RIS-L",
        "Sensoa in België ontwikkelde het. Movisie bracht het naar Nederland.",
        "beoordeelt één gedrag, niet het risico van de jongere",
    ),
    "en": (
        "Zie jij het ook?",
        "https://ziejijhetook.nl",
        "recognise, acknowledge and qualify",
        "professionals in care",
        "teachers",
        "special education",
        "Factsheetoverzicht Koraal",
        "YIP!",
        "sexual exploitation",
        "licence",
        "Ask Koraal",
        "RIS-L",
        "Sensoa in Belgium developed it. Movisie brought it to the Netherlands.",
        "judges one behaviour, not the young person's risk",
    ),
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_resources_page_is_complete(language):
    _has(_everything(_page("hulp-en-informatie"), language), *RESOURCES[language])


@pytest.mark.parametrize("sector", [*sorted(sectors_with_own_guidance()), "childcare", "other"])
@pytest.mark.parametrize("language", LANGUAGES)
def test_step_1_guidance_names_the_training_zie_jij_het_ook(sector, language):
    _has(guidance(sector, 1, language), "Zie jij het ook?", "ziejijhetook.nl")

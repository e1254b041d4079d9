"""Public content: every file is valid, plain enough for its readers, and served without login or cookies."""

from html import escape

import pytest
from django.urls import reverse

from signaalwijzer.directory.selectors import national_contacts
from signaalwijzer.meldcode.sector_guidance import STEPS, guidance, sectors_with_own_guidance
from signaalwijzer.public.content import (
    READABILITY_LIMITS,
    ContentError,
    all_slugs,
    load_page,
    parse_page,
    readability,
)

CONTACT_KEYS = frozenset(contact.key for contact in national_contacts())
PUBLIC_URLS = [
    ("public:parents", {}),
    ("public:quick_check", {}),
    ("public:young_people", {}),
    ("public:resources", {}),
    ("public:accessibility", {}),
    ("public:safe_browsing", {}),
    *[
        ("public:young_people_topic", {"topic": slug.removeprefix("jongeren-")})
        for slug in all_slugs()
        if slug.startswith("jongeren-")
    ],
]


@pytest.mark.parametrize("slug", all_slugs())
def test_every_content_file_is_valid(slug):
    page = load_page(slug, CONTACT_KEYS)
    assert page.title["nl"] and page.title["en"]


@pytest.mark.parametrize("slug", all_slugs())
@pytest.mark.parametrize("language", ["nl", "en"])
def test_every_page_is_plain_enough_for_its_readers(slug, language):
    page = load_page(slug, CONTACT_KEYS)
    measured = readability(list(page.texts(language)))
    max_sentence, max_long = READABILITY_LIMITS[page.audience]
    assert measured.words > 20
    assert measured.average_sentence_length <= max_sentence, (slug, language, measured)
    assert measured.long_word_share <= max_long, (slug, language, measured)


def test_readability_counts_sentences_and_long_words():
    measured = readability(["Dit is kort. Dit ook!", "Kinderbeschermingsmaatregel"])
    assert (measured.sentences, measured.words, measured.long_words) == (3, 6, 1)


def test_a_page_with_a_missing_english_text_is_refused():
    with pytest.raises(ContentError, match=r"x\.intro\.en"):
        parse_page(
            {
                "slug": "x",
                "audience": "parents",
                "title": {"nl": "T", "en": "T"},
                "intro": {"nl": "I"},
            },
            slug="x",
            contact_keys=CONTACT_KEYS,
        )


def test_an_unknown_contact_key_is_refused():
    with pytest.raises(ContentError, match="contacts"):
        parse_page(
            {
                "slug": "x",
                "audience": "parents",
                "title": {"nl": "T", "en": "T"},
                "intro": {"nl": "I", "en": "I"},
                "sections": [{"heading": {"nl": "H", "en": "H"}, "contacts": ["geheim_nummer"]}],
            },
            slug="x",
            contact_keys=CONTACT_KEYS,
        )


def test_pages_write_no_phone_numbers_themselves():
    import re

    for slug in all_slugs():
        page = load_page(slug, CONTACT_KEYS)
        for language in ("nl", "en"):
            text = " ".join(page.texts(language))
            numbers = re.findall(r"\b0\d{2,3}[- ]?\d{3,}", text)
            assert numbers == [], (slug, numbers)


@pytest.mark.parametrize(("name", "kwargs"), PUBLIC_URLS)
def test_public_pages_need_no_login_and_set_no_cookie(client, db, name, kwargs):
    response = client.get(reverse(name, kwargs=kwargs))
    assert response.status_code == 200
    assert dict(response.cookies) == {}


def test_the_contact_numbers_on_public_pages_come_from_the_data(client, db):
    html = client.get(
        reverse("public:young_people_topic", kwargs={"topic": "wie-kun-je-bellen"})
    ).content.decode()
    assert 'href="tel:08000432"' in html  # Kindertelefoon, from national_contacts.yaml


def test_an_unknown_young_people_page_is_404(client, db):
    assert (
        client.get(
            reverse("public:young_people_topic", kwargs={"topic": "bestaat-niet"})
        ).status_code
        == 404
    )


def test_the_language_link_only_redirects_inside_the_site(client, db):
    response = client.get(
        reverse("public:switch_language", args=["en"]), {"next": "https://evil.example/"}
    )
    assert response["Location"] == "/"
    assert response.cookies["django_language"].value == "en"
    assert client.get(reverse("public:switch_language", args=["de"])).status_code == 404


@pytest.mark.parametrize("step", STEPS)
def test_every_step_has_guidance_for_every_sector(step):
    for sector in [*sectors_with_own_guidance(), "childcare", "other"]:
        assert guidance(sector, step, "nl") and guidance(sector, step, "en")


def test_education_step_5_names_the_duty_for_staff_offences():
    text = guidance("education", 5, "nl").lower()
    assert "schoolbestuur" in text or "bevoegd gezag" in text
    assert "vertrouwensinspecteur" in text


def test_the_case_page_shows_the_sector_guidance(signed_in_client, case):
    html = signed_in_client.get(case.get_absolute_url()).content.decode()
    assert guidance(case.organisation.sector, 1, "nl").split(".")[0] in html


@pytest.mark.parametrize(("name", "kwargs"), [("public:home", {}), *PUBLIC_URLS])
def test_every_public_page_has_the_quick_exit_first_after_the_skip_link(
    client, db, settings, name, kwargs
):
    settings.QUICK_EXIT_URL = "https://weer.example/"
    html = client.get(reverse(name, kwargs=kwargs)).content.decode()
    body = html[html.index("<body") :]
    skip, quick_exit = body.index('href="#main"'), body.index('<a id="quick-exit"')
    assert skip < quick_exit
    assert "<a " not in body[skip + len('href="#main"') : quick_exit]  # nothing focusable between
    assert (
        '<a id="quick-exit" class="sw-quick-exit__button" href="https://weer.example/" '
        'rel="noreferrer" aria-keyshortcuts="Escape">'
    ) in body
    assert 'target="' not in body[quick_exit : body.index("</a>", quick_exit)]
    assert reverse("public:safe_browsing") in body
    assert "js/quick-exit.js" in body


def test_professional_pages_have_no_quick_exit(client, db):
    assert 'id="quick-exit"' not in client.get(reverse("account_login")).content.decode()


def test_the_home_page_links_to_browsing_safely(client, db):
    html = client.get(reverse("public:home")).content.decode()
    main = html[html.index('<main id="main"') :]
    assert f'href="{reverse("public:safe_browsing")}"' in main


def test_the_quick_check_has_no_form_and_shows_every_question_and_advice(client, db):
    check = load_page("ouders-check", CONTACT_KEYS)
    client.cookies["django_language"] = "en"
    html = client.get(reverse("public:quick_check")).content.decode()
    assert "<form" not in html[html.index('<main id="main"') : html.index("</main>")]
    for question in check.questions:
        assert f'id="q-{question.key}-yes"' in html
    noscript = html[html.index("<noscript>") : html.index("</noscript>")]
    for level in ("none", "talk", "act", "urgent"):
        assert escape(check.advice[level]["en"]) in noscript
    urgent = [str(n) for n, q in enumerate(check.questions, start=1) if q.urgent]
    numbers = ", ".join(urgent[:-1]) + " or " + urgent[-1] if len(urgent) > 1 else urgent[0]
    assert f"Did you answer yes to question {numbers}?" in noscript

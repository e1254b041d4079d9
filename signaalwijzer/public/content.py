"""Public page content as bilingual data files, and the plain-language measures for them. Pure: no Django.

Format: docs/content.md. Every text is {nl: ..., en: ...}; phone numbers come from the contacts data by key.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

CONTENT_DIR = Path(__file__).parent / "content"
AUDIENCES = ("parents", "young_people", "professionals", "everyone")
ICONS = ("phone", "heart", "shield", "talk", "question", "info", "warning")
LANGUAGES = ("nl", "en")
LONG_WORD = 13  # letters: a word of 13 or more counts as long

# Plain-language limits per audience: (average words per sentence, share of long words). docs/accessibility.md
READABILITY_LIMITS = {
    "young_people": (10.0, 0.08),
    "parents": (15.0, 0.12),
    "everyone": (15.0, 0.12),
    "professionals": (20.0, 0.20),
}


class ContentError(ValueError):
    pass


@dataclass(frozen=True)
class Link:
    text: dict[str, str]
    slug: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class Section:
    heading: dict[str, str]
    icon: str | None
    paragraphs: tuple[dict[str, str], ...]
    items: tuple[dict[str, str], ...]
    contacts: tuple[str, ...]
    links: tuple[Link, ...]


@dataclass(frozen=True)
class Question:
    key: str
    text: dict[str, str]
    urgent: bool
    advice: dict[str, str] | None = None  # what to do when the answer is yes (optional)


@dataclass(frozen=True)
class Page:
    slug: str
    audience: str
    title: dict[str, str]
    intro: dict[str, str]
    sections: tuple[Section, ...] = ()
    questions: tuple[Question, ...] = ()
    advice: dict[str, dict[str, str]] | None = None

    def texts(self, language: str) -> Iterator[str]:
        """Every running text of the page in one language (headings and link texts excluded)."""
        yield self.intro[language]
        for section in self.sections:
            for paragraph in section.paragraphs:
                yield paragraph[language]
            for item in section.items:
                yield item[language]
        for question in self.questions:
            yield question.text[language]
            if question.advice:
                yield question.advice[language]
        for advice in (self.advice or {}).values():
            yield advice[language]


def _text(value: Any, where: str) -> dict[str, str]:
    if not isinstance(value, dict):
        raise ContentError(f"{where}: needs nl and en")
    for language in LANGUAGES:
        if not isinstance(value.get(language), str) or not value[language].strip():
            raise ContentError(f"{where}.{language}: missing or empty")
    return {language: value[language].strip() for language in LANGUAGES}


def parse_page(document: Any, *, slug: str, contact_keys: frozenset[str]) -> Page:
    if not isinstance(document, dict):
        raise ContentError(f"{slug}: not a mapping")
    if document.get("slug") != slug:
        raise ContentError(f"{slug}: slug must equal the file name")
    audience = document.get("audience")
    if audience not in AUDIENCES:
        raise ContentError(f"{slug}.audience: one of {', '.join(AUDIENCES)}")
    sections = []
    for index, raw in enumerate(document.get("sections") or []):
        where = f"{slug}.sections[{index}]"
        icon = raw.get("icon")
        if icon is not None and icon not in ICONS:
            raise ContentError(f"{where}.icon: one of {', '.join(ICONS)}")
        contacts = tuple(raw.get("contacts") or ())
        unknown = set(contacts) - contact_keys
        if unknown:
            raise ContentError(f"{where}.contacts: unknown {sorted(unknown)}")
        links = []
        for number, link in enumerate(raw.get("links") or []):
            link_where = f"{where}.links[{number}]"
            if bool(link.get("slug")) == bool(link.get("url")):
                raise ContentError(f"{link_where}: give a slug or an https url")
            if link.get("url") and not str(link["url"]).startswith("https://"):
                raise ContentError(f"{link_where}.url: must start with https://")
            links.append(
                Link(
                    _text(link.get("text"), f"{link_where}.text"), link.get("slug"), link.get("url")
                )
            )
        sections.append(
            Section(
                heading=_text(raw.get("heading"), f"{where}.heading"),
                icon=icon,
                paragraphs=tuple(
                    _text(p, f"{where}.paragraphs[{i}]")
                    for i, p in enumerate(raw.get("paragraphs") or [])
                ),
                items=tuple(
                    _text(p, f"{where}.list[{i}]") for i, p in enumerate(raw.get("list") or [])
                ),
                contacts=contacts,
                links=tuple(links),
            )
        )
    questions = tuple(
        Question(
            key=str(q["key"]),
            text=_text(q.get("text"), f"{slug}.questions[{i}].text"),
            urgent=bool(q.get("urgent")),
            advice=_text(q["advice"], f"{slug}.questions[{i}].advice") if "advice" in q else None,
        )
        for i, q in enumerate(document.get("questions") or [])
    )
    advice = None
    if "advice" in document:
        advice = {
            level: _text(document["advice"].get(level), f"{slug}.advice.{level}")
            for level in ("none", "talk", "act", "urgent")
        }
    return Page(
        slug=slug,
        audience=audience,
        title=_text(document.get("title"), f"{slug}.title"),
        intro=_text(document.get("intro"), f"{slug}.intro"),
        sections=tuple(sections),
        questions=questions,
        advice=advice,
    )


def load_page(slug: str, contact_keys: frozenset[str], directory: Path = CONTENT_DIR) -> Page:
    path = directory / f"{slug}.yaml"
    if not path.exists():
        raise ContentError(f"{slug}: no such page")
    with path.open(encoding="utf-8") as file:
        return parse_page(yaml.safe_load(file), slug=slug, contact_keys=contact_keys)


@cache
def all_slugs(directory: Path = CONTENT_DIR) -> tuple[str, ...]:
    return tuple(sorted(path.stem for path in directory.glob("*.yaml")))


SENTENCE_END = re.compile(r"[.!?]+(?:\s|$)")
WORD = re.compile(r"[A-Za-zÀ-ÿ'’-]+")


@dataclass(frozen=True)
class Readability:
    sentences: int
    words: int
    long_words: int

    @property
    def average_sentence_length(self) -> float:
        return self.words / self.sentences if self.sentences else 0.0

    @property
    def long_word_share(self) -> float:
        return self.long_words / self.words if self.words else 0.0


def readability(texts: list[str]) -> Readability:
    """Sentences end at . ! or ?; a text without an end mark (a list item) counts as one sentence."""
    sentences = words = long_words = 0
    for text in texts:
        parts = [part for part in SENTENCE_END.split(text) if WORD.search(part)]
        sentences += max(1, len(parts))
        found = WORD.findall(text)
        words += len(found)
        long_words += sum(1 for word in found if len(word.strip("'’-")) >= LONG_WORD)
    return Readability(sentences, words, long_words)

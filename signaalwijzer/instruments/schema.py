"""The instrument definition format: checking a parsed YAML document and turning it into values.

Pure: no Django. Every problem is reported with its path inside the file
(``areas[3].signals[2].label.nl: must not be empty``) and all problems are collected, never a traceback.
The format is documented in docs/instruments.md.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Union

FORMAT_VERSION = 1
LANGUAGES = ("nl", "en")
KEY_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]*$")  # a digit first allows keys like 11vb-…
VERSION_PATTERN = re.compile(r"^\d+\.\d+\.\d+$")
KINDS = ("signal_checklist", "structured_judgement")
STATUSES = ("draft", "released")
SUMMARY_RULES = ("highest",)


class DefinitionError(Exception):
    """The definition is not valid; ``problems`` lists each one as 'path: what is wrong'."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Text:
    nl: str
    en: str

    def get(self, language: str) -> str:
        return self.en if language == "en" else self.nl


@dataclass(frozen=True)
class Source:
    title: str
    url: str = ""
    note: str = ""


@dataclass(frozen=True)
class Item:
    """A signal or a protective factor."""

    key: str
    label: Text
    weight: float = 1.0


@dataclass(frozen=True)
class Area:
    key: str
    title: Text
    signals: tuple[Item, ...]
    help: Text | None = None


@dataclass(frozen=True)
class Cluster:
    key: str
    title: Text
    factors: tuple[Item, ...]


@dataclass(frozen=True)
class MinScore:
    value: float


@dataclass(frozen=True)
class MinAreasWithSignal:
    value: int


@dataclass(frozen=True)
class AreaMin:
    area: str
    signals: int


@dataclass(frozen=True)
class SignalPresent:
    """One signal on its own: for signals so serious that they should never show as 'no risk'."""

    signal: str


@dataclass(frozen=True)
class AllOf:
    conditions: tuple[Condition, ...]


@dataclass(frozen=True)
class AnyOf:
    conditions: tuple[Condition, ...]


Condition = Union[MinScore, MinAreasWithSignal, AreaMin, SignalPresent, AllOf, AnyOf]  # noqa: UP007


@dataclass(frozen=True)
class Profile:
    key: str
    label: Text
    advice: Text | None = None
    when: Condition | None = None


@dataclass(frozen=True)
class ProfileRule:
    protective_weight: float
    profiles: tuple[Profile, ...]
    indicative_note: Text | None = None


@dataclass(frozen=True)
class Level:
    key: str
    label: Text
    meaning: Text
    reaction: Text


@dataclass(frozen=True)
class Factor:
    key: str
    label: Text
    help: Text | None = None
    anchors: Mapping[str, Text] = field(default_factory=dict)


@dataclass(frozen=True)
class Definition:
    key: str
    version: str
    status: str
    kind: str
    title: Text
    description: Text
    intended_users: Text
    age_min: int
    age_max: int
    validated: bool
    licence: Text
    sources: tuple[Source, ...]
    areas: tuple[Area, ...] = ()
    clusters: tuple[Cluster, ...] = ()
    profile_rule: ProfileRule | None = None
    levels: tuple[Level, ...] = ()
    factors: tuple[Factor, ...] = ()
    summary_rule: str = "highest"

    @property
    def is_checklist(self) -> bool:
        return self.kind == "signal_checklist"

    def fits_age(self, age: int | None) -> bool:
        """Whether the instrument was made for this age (an unknown age or no range: assume it fits)."""
        if age is None or (self.age_min == 0 and self.age_max == 0):
            return True
        return self.age_min <= age <= self.age_max

    @property
    def is_released(self) -> bool:
        return self.status == "released"

    def all_items(self) -> tuple[Item, ...]:
        signals = tuple(signal for area in self.areas for signal in area.signals)
        return signals + tuple(factor for cluster in self.clusters for factor in cluster.factors)

    def level_keys(self) -> tuple[str, ...]:
        return tuple(level.key for level in self.levels)


MISSING: Any = object()


class _Checker:
    """Walks a document, remembers where it is, and collects problems instead of raising at once."""

    def __init__(self) -> None:
        self.path: list[str] = []
        self.problems: list[str] = []

    @contextmanager
    def at(self, part: str | int) -> Iterator[None]:
        self.path.append(f"[{part}]" if isinstance(part, int) else part)
        try:
            yield
        finally:
            self.path.pop()

    def where(self) -> str:
        text = ""
        for part in self.path:
            text += part if part.startswith("[") or not text else f".{part}"
        return text or "(top)"

    def problem(self, message: str) -> None:
        self.problems.append(f"{self.where()}: {message}")

    # --- readers: each returns a usable default after reporting a problem ---------------------

    def mapping(self, value: Any) -> Mapping[str, Any]:
        if value is MISSING:
            return {}
        if isinstance(value, Mapping):
            return value
        self.problem(f"must be a mapping (key: value), not {type(value).__name__}")
        return {}

    def sequence(self, value: Any, *, minimum: int = 0) -> list[Any]:
        if value is MISSING:
            return []
        if not isinstance(value, list):
            self.problem(f"must be a list, not {type(value).__name__}")
            return []
        if len(value) < minimum:
            self.problem(f"needs at least {minimum} item{'s' if minimum != 1 else ''}")
        return value

    def required(self, data: Mapping[str, Any], name: str) -> Any:
        """The value of ``name``; reports it missing (at path.name) and returns MISSING if absent."""
        if name not in data:
            with self.at(name):
                self.problem("is missing")
            return MISSING
        return data[name]

    def read(self, data: Mapping[str, Any], name: str, reader: Any, **options: Any) -> Any:
        """Read a required field with ``reader`` at path.name."""
        value = self.required(data, name)
        with self.at(name):
            return reader(value, **options)

    def string(self, value: Any) -> str:
        if value is MISSING:
            return ""
        if isinstance(value, str) and value.strip():
            return value
        if isinstance(value, str):
            self.problem("must not be empty")
        elif value is not None:
            self.problem(f"must be text, not {type(value).__name__}")
        return ""

    def text(self, value: Any) -> Text:
        if value is MISSING:
            return Text("", "")
        data = self.mapping(value)
        parts = {}
        for language in LANGUAGES:
            with self.at(language):
                if language not in data:
                    self.problem("is missing (every text needs Dutch and English)")
                    parts[language] = ""
                else:
                    parts[language] = self.string(data[language])
        for extra in set(data) - set(LANGUAGES):
            with self.at(str(extra)):
                self.problem("is not a supported language (use nl and en)")
        return Text(**parts)

    def field_text(
        self, data: Mapping[str, Any], name: str, *, optional: bool = False
    ) -> Text | None:
        if optional and name not in data:
            return None
        return self.read(data, name, self.text)

    def key(self, data: Mapping[str, Any], seen: set[str], what: str) -> str:
        value = self.required(data, "key")
        with self.at("key"):
            key = self.string(value)
            if key and not KEY_PATTERN.match(key):
                self.problem("use lowercase letters, digits, '-' and '_' only")
            if key and key in seen:
                self.problem(f"duplicate {what} key {key!r}")
            seen.add(key)
        return key

    def number(self, value: Any, *, minimum: float | None = None, integer: bool = False) -> float:
        if value is MISSING:
            return 0
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.problem(f"must be a number, not {type(value).__name__}")
            return 0
        if integer and not isinstance(value, int):
            self.problem("must be a whole number")
        if minimum is not None and value < minimum:
            self.problem(f"must be at least {minimum:g}")
        return value

    def choice(self, value: Any, options: tuple[str, ...]) -> str:
        text = self.string(value)
        if text and text not in options:
            self.problem(f"must be one of: {', '.join(options)}")
        return text


def _items(checker: _Checker, values: list[Any], seen: set[str], what: str) -> tuple[Item, ...]:
    items = []
    for index, raw in enumerate(values):
        with checker.at(index):
            data = checker.mapping(raw)
            key = checker.key(data, seen, "item")
            label = checker.field_text(data, "label")
            weight = 1.0
            if "weight" in data:
                with checker.at("weight"):
                    weight = float(checker.number(data["weight"], minimum=0))
            items.append(Item(key=key, label=label or Text("", ""), weight=weight))
    return tuple(items)


def _condition(
    checker: _Checker, raw: Any, area_keys: set[str], signal_keys: set[str]
) -> Condition | None:
    data = checker.mapping(raw)
    if len(data) != 1:
        checker.problem(
            "a condition has exactly one of: min_score, min_areas_with_signal, area_min, "
            "signal_present, all, any"
        )
        return None
    ((name, value),) = data.items()
    with checker.at(name):
        if name == "min_score":
            return MinScore(float(checker.number(value)))
        if name == "min_areas_with_signal":
            return MinAreasWithSignal(int(checker.number(value, minimum=1, integer=True)))
        if name == "area_min":
            spec = checker.mapping(value)
            area = checker.read(spec, "area", checker.string)
            with checker.at("area"):
                if area and area not in area_keys:
                    checker.problem(f"refers to an unknown area {area!r}")
            count = int(checker.read(spec, "signals", checker.number, minimum=1, integer=True))
            return AreaMin(area=area, signals=count)
        if name == "signal_present":
            signal = checker.string(value)
            if signal and signal not in signal_keys:
                checker.problem(f"refers to an unknown signal {signal!r}")
            return SignalPresent(signal=signal)
        if name in ("all", "any"):
            parts = []
            for index, part in enumerate(checker.sequence(value, minimum=1)):
                with checker.at(index):
                    condition = _condition(checker, part, area_keys, signal_keys)
                    if condition is not None:
                        parts.append(condition)
            return AllOf(tuple(parts)) if name == "all" else AnyOf(tuple(parts))
        checker.problem(
            "unknown condition (use min_score, min_areas_with_signal, area_min, signal_present, all or any)"
        )
        return None


def _checklist(checker: _Checker, data: Mapping[str, Any], validated: bool) -> dict[str, Any]:
    item_keys: set[str] = set()
    area_keys: set[str] = set()
    areas = []
    raw_areas = checker.read(data, "areas", checker.sequence, minimum=1)
    with checker.at("areas"):
        for index, raw in enumerate(raw_areas):
            with checker.at(index):
                area = checker.mapping(raw)
                key = checker.key(area, area_keys, "area")
                title = checker.field_text(area, "title")
                help_text = checker.field_text(area, "help", optional=True)
                raw_signals = checker.read(area, "signals", checker.sequence, minimum=1)
                with checker.at("signals"):
                    signals = _items(checker, raw_signals, item_keys, "signal")
                areas.append(
                    Area(key=key, title=title or Text("", ""), signals=signals, help=help_text)
                )
    clusters = []
    cluster_keys: set[str] = set()
    with checker.at("protective_clusters"):
        for index, raw in enumerate(checker.sequence(data.get("protective_clusters", []))):
            with checker.at(index):
                cluster = checker.mapping(raw)
                key = checker.key(cluster, cluster_keys, "cluster")
                title = checker.field_text(cluster, "title")
                raw_factors = checker.read(cluster, "factors", checker.sequence, minimum=1)
                with checker.at("factors"):
                    factors = _items(checker, raw_factors, item_keys, "protective factor")
                clusters.append(Cluster(key=key, title=title or Text("", ""), factors=factors))
    rule = checker.read(data, "profile_rule", checker.mapping)
    with checker.at("profile_rule"):
        protective_weight = 0.0
        if "protective_weight" in rule:
            with checker.at("protective_weight"):
                protective_weight = float(checker.number(rule["protective_weight"], minimum=0))
        note = checker.field_text(rule, "indicative_note", optional=validated)
        profiles = []
        profile_keys: set[str] = set()
        raw_profiles = checker.read(rule, "profiles", checker.sequence, minimum=2)
        with checker.at("profiles"):
            for index, raw in enumerate(raw_profiles):
                with checker.at(index):
                    profile = checker.mapping(raw)
                    key = checker.key(profile, profile_keys, "profile")
                    label = checker.field_text(profile, "label")
                    advice = checker.field_text(profile, "advice", optional=True)
                    when = None
                    if index == 0 and "when" in profile:
                        with checker.at("when"):
                            checker.problem(
                                "the first (lowest) profile is the default and has no condition"
                            )
                    elif index > 0:
                        with checker.at("when"):
                            raw_when = profile.get("when")
                            if raw_when is None:
                                checker.problem(
                                    "is missing (every profile but the first needs a condition)"
                                )
                            else:
                                signal_keys = {s.key for area in areas for s in area.signals}
                                when = _condition(checker, raw_when, area_keys, signal_keys)
                    profiles.append(
                        Profile(key=key, label=label or Text("", ""), advice=advice, when=when)
                    )
    return {
        "areas": tuple(areas),
        "clusters": tuple(clusters),
        "profile_rule": ProfileRule(
            protective_weight=protective_weight, profiles=tuple(profiles), indicative_note=note
        ),
    }


def _judgement(checker: _Checker, data: Mapping[str, Any]) -> dict[str, Any]:
    levels = []
    level_keys: set[str] = set()
    raw_levels = checker.read(data, "levels", checker.sequence, minimum=2)
    with checker.at("levels"):
        for index, raw in enumerate(raw_levels):
            with checker.at(index):
                level = checker.mapping(raw)
                key = checker.key(level, level_keys, "level")
                levels.append(
                    Level(
                        key=key,
                        label=checker.field_text(level, "label") or Text("", ""),
                        meaning=checker.field_text(level, "meaning") or Text("", ""),
                        reaction=checker.field_text(level, "reaction") or Text("", ""),
                    )
                )
    factors = []
    factor_keys: set[str] = set()
    raw_judgement_factors = checker.read(data, "factors", checker.sequence, minimum=1)
    with checker.at("factors"):
        for index, raw in enumerate(raw_judgement_factors):
            with checker.at(index):
                factor = checker.mapping(raw)
                key = checker.key(factor, factor_keys, "factor")
                label = checker.field_text(factor, "label")
                help_text = checker.field_text(factor, "help", optional=True)
                anchors: dict[str, Text] = {}
                if "anchors" in factor:
                    with checker.at("anchors"):
                        for level_key, anchor in checker.mapping(factor["anchors"]).items():
                            with checker.at(str(level_key)):
                                if level_key not in level_keys:
                                    checker.problem(f"refers to an unknown level {level_key!r}")
                                anchors[str(level_key)] = checker.text(anchor)
                factors.append(
                    Factor(key=key, label=label or Text("", ""), help=help_text, anchors=anchors)
                )
    with checker.at("summary_rule"):
        summary_rule = checker.choice(data.get("summary_rule", "highest"), SUMMARY_RULES)
    return {"levels": tuple(levels), "factors": tuple(factors), "summary_rule": summary_rule}


def parse_definition(
    document: Any, *, expected_key: str | None = None, expected_version: str | None = None
) -> Definition:
    """Check a parsed YAML document and return the definition, or raise DefinitionError."""
    checker = _Checker()
    data = checker.mapping(document)
    with checker.at("format"):
        if data.get("format") != FORMAT_VERSION:
            checker.problem(f"must be {FORMAT_VERSION}")
    key = checker.read(data, "key", checker.string)
    with checker.at("key"):
        if key and not KEY_PATTERN.match(key):
            checker.problem("use lowercase letters, digits, '-' and '_' only")
        if expected_key is not None and key and key != expected_key:
            checker.problem(f"must match the folder name {expected_key!r}")
    version = checker.read(data, "version", checker.string)
    with checker.at("version"):
        if version and not VERSION_PATTERN.match(version):
            checker.problem("must look like 1.0.0 (and be quoted in YAML)")
        if expected_version is not None and version and version != expected_version:
            checker.problem(f"must match the file name {expected_version!r}")
    status = checker.read(data, "status", checker.choice, options=STATUSES)
    kind = checker.read(data, "kind", checker.choice, options=KINDS)
    texts = {
        name: checker.field_text(data, name) or Text("", "")
        for name in ("title", "description", "intended_users", "licence")
    }
    ages = checker.read(data, "age_range", checker.mapping)
    with checker.at("age_range"):
        age_min = (
            int(checker.read(ages, "min", checker.number, minimum=0, integer=True)) if ages else 0
        )
        age_max = (
            int(checker.read(ages, "max", checker.number, minimum=0, integer=True)) if ages else 0
        )
        if age_min > age_max:
            checker.problem("min must not be above max")
    validated = checker.required(data, "validated")
    with checker.at("validated"):
        if validated is not MISSING and not isinstance(validated, bool):
            checker.problem("must be true or false")
        if not isinstance(validated, bool):
            validated = False
    sources = []
    raw_sources = checker.read(data, "sources", checker.sequence, minimum=1)
    with checker.at("sources"):
        for index, raw in enumerate(raw_sources):
            with checker.at(index):
                source = checker.mapping(raw)
                title = checker.read(source, "title", checker.string)
                sources.append(
                    Source(
                        title=title,
                        url=str(source.get("url") or ""),
                        note=str(source.get("note") or ""),
                    )
                )
    content: dict[str, Any] = {}
    if kind == "signal_checklist":
        content = _checklist(checker, data, validated)
    elif kind == "structured_judgement":
        content = _judgement(checker, data)
    if checker.problems:
        raise DefinitionError(checker.problems)
    return Definition(
        key=key,
        version=version,
        status=status,
        kind=kind,
        age_min=age_min,
        age_max=age_max,
        validated=validated,
        sources=tuple(sources),
        title=texts["title"],
        description=texts["description"],
        intended_users=texts["intended_users"],
        licence=texts["licence"],
        **content,
    )

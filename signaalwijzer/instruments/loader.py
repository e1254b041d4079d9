"""Reading instrument definition files, hashing them, and locking released versions. No Django.

``definitions/released.lock`` lists ``<key> <version> <sha256>`` for every released version. A released file
whose bytes no longer match its line has been edited in place: that is refused (add a new version instead).

Uploaded definitions come from outside, so the YAML reader is strict: no anchors or aliases (no "billion
laughs"), at most ``MAX_DEPTH`` levels of nesting and ``MAX_NODES`` values, and a too deep document is an error,
never a crash. The size limit of an upload is checked before anything is parsed (models.UploadedDefinition).
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from signaalwijzer.instruments.schema import Definition, DefinitionError, parse_definition

DEFINITIONS_DIR = Path(__file__).parent / "definitions"
LOCK_FILE = DEFINITIONS_DIR / "released.lock"

# The shipped definitions nest 9 levels deep and hold about 1,200 values; these leave ample room.
MAX_DEPTH = 20
MAX_NODES = 20_000
# Parsed uploaded definitions kept per process (by the sha256 of their bytes).
CACHE_SIZE = 64


@dataclass(frozen=True)
class LoadedDefinition:
    definition: Definition
    sha256: str
    origin: str  # the file it came from, or "upload:<organisation>" for an uploaded definition


class _StrictLoader(yaml.SafeLoader):
    """YAML that refuses a key given twice in one mapping (PyYAML would silently keep the last), anchors
    and aliases, nesting deeper than ``MAX_DEPTH`` and more than ``MAX_NODES`` values."""

    def __init__(self, stream: Any) -> None:
        super().__init__(stream)
        self._depth = 0
        self._nodes = 0

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node | None:
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent):
            self._refuse("aliases (*name) are not allowed; write the value out", event)
        if getattr(event, "anchor", None) is not None:
            self._refuse("anchors (&name) are not allowed; write the value out", event)
        self._nodes += 1
        if self._nodes > MAX_NODES:
            self._refuse(f"more than {MAX_NODES} values", event)
        self._depth += 1
        if self._depth > MAX_DEPTH:
            self._refuse(f"nested more than {MAX_DEPTH} levels deep", event)
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    @staticmethod
    def _refuse(problem: str, event: yaml.Event) -> None:
        mark = event.start_mark if isinstance(event.start_mark, yaml.error.Mark) else None
        raise yaml.composer.ComposerError(None, None, problem, mark)


def _mapping_without_duplicates(
    loader: _StrictLoader, node: yaml.MappingNode, deep: bool = False
) -> Any:
    seen: set[Any] = set()
    for key_node, _value_node in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"the key {key!r} appears twice", key_node.start_mark
            )
        seen.add(key)
    return loader.construct_mapping(node, deep=deep)


_StrictLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping_without_duplicates
)


def sha256_of(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def parse_yaml(content: bytes | str, *, origin: str) -> Any:
    try:
        # _StrictLoader is a SafeLoader subclass: no arbitrary objects.
        return yaml.load(content, Loader=_StrictLoader)  # noqa: S506  # nosec B506
    except RecursionError as error:
        raise DefinitionError([f"{origin}: nested too deeply"]) from error
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark else ""
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        raise DefinitionError([f"{origin}: not valid YAML{where}: {problem}"]) from error


def load_bytes(
    content: bytes,
    *,
    origin: str,
    expected_key: str | None = None,
    expected_version: str | None = None,
) -> LoadedDefinition:
    document = parse_yaml(content, origin=origin)
    try:
        definition = parse_definition(
            document, expected_key=expected_key, expected_version=expected_version
        )
    except RecursionError as error:
        raise DefinitionError([f"{origin}: nested too deeply"]) from error
    except DefinitionError as error:
        raise DefinitionError([f"{origin}: {problem}" for problem in error.problems]) from error
    return LoadedDefinition(definition=definition, sha256=sha256_of(content), origin=origin)


_parsed: OrderedDict[str, Definition | DefinitionError] = OrderedDict()
_parsed_lock = threading.Lock()


def load_cached(content: bytes, *, origin: str) -> LoadedDefinition:
    """``load_bytes`` once per process for the same bytes (by sha256); a refusal is remembered too.

    Definitions are immutable and a changed text has another hash, so a cached one is never stale.
    """
    sha256 = sha256_of(content)
    with _parsed_lock:
        known = _parsed.get(sha256)
        if known is not None:
            _parsed.move_to_end(sha256)
    if known is None:
        try:
            known = load_bytes(content, origin=origin).definition
        except DefinitionError as error:
            known = error
        with _parsed_lock:
            _parsed[sha256] = known
            while len(_parsed) > CACHE_SIZE:
                _parsed.popitem(last=False)
    if isinstance(known, DefinitionError):
        raise DefinitionError(known.problems)
    return LoadedDefinition(definition=known, sha256=sha256, origin=origin)


def forget_cached() -> None:
    with _parsed_lock:
        _parsed.clear()


def load_file(path: Path) -> LoadedDefinition:
    origin = (
        str(path.relative_to(DEFINITIONS_DIR.parent))
        if path.is_relative_to(DEFINITIONS_DIR.parent)
        else str(path)
    )
    return load_bytes(
        path.read_bytes(), origin=origin, expected_key=path.parent.name, expected_version=path.stem
    )


def definition_files(directory: Path = DEFINITIONS_DIR) -> list[Path]:
    return sorted(directory.glob("*/*.yaml"))


def read_lock(lock_file: Path = LOCK_FILE) -> dict[tuple[str, str], str]:
    entries: dict[tuple[str, str], str] = {}
    if not lock_file.exists():
        return entries
    for number, line in enumerate(lock_file.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split()
        if len(parts) != 3:
            raise DefinitionError(
                [f"{lock_file.name} line {number}: expected '<key> <version> <sha256>'"]
            )
        entries[(parts[0], parts[1])] = parts[2]
    return entries


def lock_problems(loaded: LoadedDefinition, lock: dict[tuple[str, str], str]) -> list[str]:
    definition = loaded.definition
    locked = lock.get((definition.key, definition.version))
    if not definition.is_released:
        return []
    if locked is None:
        return [
            f"{loaded.origin}: released but not in released.lock; run "
            "'manage.py instruments lock' once, when the version is final"
        ]
    if locked != loaded.sha256:
        return [
            f"{loaded.origin}: a released version was changed in place; restore it and add a new "
            "version instead (released versions never change)"
        ]
    return []


def check_directory(
    directory: Path = DEFINITIONS_DIR, lock_file: Path = LOCK_FILE
) -> tuple[list[LoadedDefinition], list[str]]:
    """Load every definition file; return those that loaded and every problem found."""
    loaded: list[LoadedDefinition] = []
    problems: list[str] = []
    try:
        lock = read_lock(lock_file)
    except DefinitionError as error:
        return [], error.problems
    for path in definition_files(directory):
        try:
            item = load_file(path)
        except DefinitionError as error:
            problems.extend(error.problems)
            continue
        problems.extend(lock_problems(item, lock))
        loaded.append(item)
    return loaded, problems


@cache
def shipped_definitions() -> tuple[LoadedDefinition, ...]:
    """The definitions that ship with Signaalwijzer; refuses to serve any if one is broken or unlocked."""
    loaded, problems = check_directory()
    if problems:
        raise DefinitionError(problems)
    return tuple(loaded)


def version_tuple(version: str) -> tuple[int, ...]:
    """ "1.10.0" sorts after "1.9.0"."""
    return tuple(int(part) for part in version.split("."))


def latest_shipped(key: str) -> LoadedDefinition:
    """The newest released shipped version of an instrument (the one offered for new assessments)."""
    return max(
        (
            loaded
            for loaded in shipped_definitions()
            if loaded.definition.key == key and loaded.definition.is_released
        ),
        key=lambda loaded: version_tuple(loaded.definition.version),
    )


def add_to_lock(loaded: LoadedDefinition, lock_file: Path = LOCK_FILE) -> bool:
    """Add a released version to the lock. Never changes an existing line; True if a line was added."""
    lock = read_lock(lock_file)
    key = (loaded.definition.key, loaded.definition.version)
    if key in lock:
        if lock[key] != loaded.sha256:
            raise DefinitionError(lock_problems(loaded, lock))
        return False
    with lock_file.open("a", encoding="utf-8") as file:
        file.write(f"{key[0]} {key[1]} {loaded.sha256}\n")
    return True

"""Build the one NL Design System stylesheet the pages load: only what the templates use.

    python tools/purge_css.py          # write signaalwijzer/static/vendor/nlds/nlds.used.css
    python tools/purge_css.py --check  # exit 1 if that file is not what this script makes now

Input: the vendored, unchanged files in signaalwijzer/static/vendor/nlds (see its README). Output:

- of utrecht-component-library.css, every rule with at least one selector whose classes (outside
  :not(), :is() and the like) are all used somewhere in a template, a JavaScript file or Python code
  of the project; a class written as a prefix in a template (``utrecht-alert--{% if ... %}``) keeps
  every class that starts with it. Rules without an ``utrecht-`` class (the document, :root) stay;
- of voorbeeld-theme.css, only the design tokens (custom properties) that those rules, app.css or
  the templates use, directly or through other tokens;
- the EUPL licence notices of the source files, once each.

Runs offline, with tinycss2 (installed with WeasyPrint). Run it after changing templates that use an
``utrecht-`` class that was not used before (the test in signaalwijzer/tests/test_css.py says so).
"""

from __future__ import annotations

import itertools
import re
import sys
from collections.abc import Iterable
from pathlib import Path

import tinycss2
from tinycss2 import ast

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "signaalwijzer"
NLDS = PACKAGE / "static" / "vendor" / "nlds"
COMPONENTS = NLDS / "utrecht-component-library.css"
THEME = NLDS / "voorbeeld-theme.css"
APP_CSS = PACKAGE / "static" / "css" / "app.css"
OUTPUT = NLDS / "nlds.used.css"

CLASS = re.compile(r"utrecht-[A-Za-z0-9_-]*")
VAR = re.compile(r"var\(\s*(--[A-Za-z0-9_-]+)")
CONTAINER_AT_RULES = {"media", "supports", "container", "layer"}


def project_sources() -> Iterable[Path]:
    for pattern in ("*.html", "*.js", "*.py", "*.txt"):
        for path in PACKAGE.rglob(pattern):
            if "vendor" not in path.parts and "tests" not in path.parts:
                yield path


def used_classes() -> tuple[set[str], set[str]]:
    """(classes used, prefixes used) of the utrecht- classes in the project's sources."""
    classes: set[str] = set()
    prefixes: set[str] = set()
    for path in project_sources():
        text = path.read_text(encoding="utf-8")
        for match in CLASS.finditer(text):
            name = match.group(0)
            if name.endswith("-"):
                prefixes.add(name)
            else:
                classes.add(name)
    return classes, prefixes


def _is_used(name: str, classes: set[str], prefixes: set[str]) -> bool:
    return name in classes or any(name.startswith(prefix) for prefix in prefixes)


def _split_selectors(prelude: list) -> list[list]:
    selectors: list[list] = [[]]
    for token in prelude:
        if token.type == "literal" and token.value == ",":
            selectors.append([])
        else:
            selectors[-1].append(token)
    return [selector for selector in selectors if tinycss2.serialize(selector).strip()]


def _required_classes(selector: list) -> set[str]:
    """The utrecht- classes an element must carry for the selector to match (not inside functions)."""
    required = set()
    for before, token in itertools.pairwise(selector):
        if (
            before.type == "literal"
            and before.value == "."
            and token.type == "ident"
            and token.value.startswith("utrecht-")
        ):
            required.add(token.value)
    return required


def _compact(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    return re.sub(r"\s*([{};,>])\s*", r"\1", text).replace(";}", "}")


def purge_rules(nodes: list, classes: set[str], prefixes: set[str]) -> list[str]:
    out: list[str] = []
    for node in nodes:
        if isinstance(node, ast.QualifiedRule):
            kept = [
                selector
                for selector in _split_selectors(node.prelude)
                if all(_is_used(name, classes, prefixes) for name in _required_classes(selector))
            ]
            if kept:
                prelude = ",".join(_compact(tinycss2.serialize(selector)) for selector in kept)
                out.append(f"{prelude}{{{_compact(tinycss2.serialize(node.content))}}}")
        elif isinstance(node, ast.AtRule):
            keyword = node.lower_at_keyword
            if keyword == "charset":
                continue
            prelude = _compact(tinycss2.serialize(node.prelude))
            if keyword in CONTAINER_AT_RULES and node.content is not None:
                inner = tinycss2.parse_rule_list(
                    node.content, skip_comments=True, skip_whitespace=True
                )
                body = purge_rules(inner, classes, prefixes)
                if body:
                    out.append(f"@{keyword} {prelude}{{{''.join(body)}}}")
            elif node.content is None:
                out.append(f"@{keyword} {prelude};")
            else:
                out.append(f"@{keyword} {prelude}{{{_compact(tinycss2.serialize(node.content))}}}")
    return out


def licence_notices(*texts: str) -> list[str]:
    notices: list[str] = []
    for text in texts:
        for comment in re.findall(r"/\*.*?\*/", text, re.S):
            if "@license" in comment and comment not in notices:
                notices.append(comment)
    return notices


def purge_theme(text: str, needed: set[str]) -> str:
    """The theme's rules with only the custom properties in ``needed`` (closed over var() uses)."""
    nodes = tinycss2.parse_stylesheet(text, skip_comments=True, skip_whitespace=True)
    declarations: dict[str, str] = {}
    for node in nodes:
        if isinstance(node, ast.QualifiedRule):
            for decl in tinycss2.parse_blocks_contents(node.content, skip_comments=True):
                if isinstance(decl, ast.Declaration) and decl.name.startswith("--"):
                    declarations[decl.name] = tinycss2.serialize(decl.value)
    pending = list(needed)
    closed: set[str] = set()
    while pending:
        name = pending.pop()
        if name in closed:
            continue
        closed.add(name)
        pending.extend(VAR.findall(declarations.get(name, "")))
    out = []
    for node in nodes:
        if not isinstance(node, ast.QualifiedRule):
            continue
        kept = []
        for decl in tinycss2.parse_blocks_contents(node.content, skip_comments=True):
            if not isinstance(decl, ast.Declaration):
                continue
            if decl.name.startswith("--") and decl.name not in closed:
                continue
            value = _compact(tinycss2.serialize(decl.value))
            kept.append(f"{decl.name}:{value}{' !important' if decl.important else ''}")
        if kept:
            out.append(f"{_compact(tinycss2.serialize(node.prelude))}{{{';'.join(kept)}}}")
    return "".join(out)


def build() -> str:
    components_text = COMPONENTS.read_text(encoding="utf-8")
    theme_text = THEME.read_text(encoding="utf-8")
    classes, prefixes = used_classes()
    nodes = tinycss2.parse_stylesheet(components_text, skip_comments=True, skip_whitespace=True)
    components = "\n".join(purge_rules(nodes, classes, prefixes))
    sources = [components, APP_CSS.read_text(encoding="utf-8")]
    sources += [path.read_text(encoding="utf-8") for path in project_sources()]
    needed = {name for text in sources for name in VAR.findall(text)}
    theme = purge_theme(theme_text, needed)
    header = [
        '@charset "UTF-8";',
        "/* Built by tools/purge_css.py from voorbeeld-theme.css and utrecht-component-library.css",
        " * (see README.md here): only the rules and design tokens the templates use. Do not edit. */",
        *licence_notices(components_text, theme_text),
    ]
    return "\n".join([*header, theme, components]) + "\n"


def main(argv: list[str]) -> int:
    css = build()
    if "--check" in argv:
        if OUTPUT.read_text(encoding="utf-8") != css:
            print(f"{OUTPUT.relative_to(ROOT)} is out of date: run python tools/purge_css.py")
            return 1
        return 0
    OUTPUT.write_text(css, encoding="utf-8")
    print(f"{OUTPUT.relative_to(ROOT)}: {len(css.encode()):,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

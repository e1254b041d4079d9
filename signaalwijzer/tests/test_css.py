"""The pages load only the CSS they use (docs/performance.md), and pruning cannot break a page."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import signaalwijzer

PACKAGE = Path(signaalwijzer.__file__).parent
ROOT = PACKAGE.parent
STATIC = PACKAGE / "static"

# Bytes of CSS a page loads (all stylesheets in base.html, uncompressed). Before pruning: 629,000.
CSS_BUDGET = 110_000

# Used in a template, but the component library styles it only inside a component we do not use
# (.utrecht-rich-text .utrecht-badge-status): nothing to keep.
STYLED_ONLY_INSIDE_UNUSED = {"utrecht-badge-status"}


def _purge_css():
    spec = importlib.util.spec_from_file_location("purge_css", ROOT / "tools" / "purge_css.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _stylesheets() -> list[Path]:
    base = (PACKAGE / "templates" / "base.html").read_text(encoding="utf-8")
    hrefs = re.findall(r'rel="stylesheet" href="\{% static \'([^\']+)\' %\}"', base)
    assert hrefs
    return [STATIC / href for href in hrefs]


def _has_rule(name: str, css: str) -> bool:
    return re.search(r"\." + re.escape(name) + r"(?![\w-])", css) is not None


def test_the_shipped_nlds_css_is_built_from_the_templates_as_they_are_now():
    purge = _purge_css()
    assert purge.OUTPUT.read_text(encoding="utf-8") == purge.build(), (
        "run: python tools/purge_css.py"
    )


def test_every_utrecht_class_a_template_uses_has_its_rules_in_the_shipped_css():
    purge = _purge_css()
    classes, _prefixes = purge.used_classes()
    original = purge.COMPONENTS.read_text(encoding="utf-8")
    shipped = "".join(path.read_text(encoding="utf-8") for path in _stylesheets())
    assert "utrecht-button" in classes
    missing = [
        name
        for name in sorted(classes - STYLED_ONLY_INSIDE_UNUSED)
        if _has_rule(name, original) and not _has_rule(name, shipped)
    ]
    assert missing == []


def test_the_pages_load_the_pruned_css_within_the_budget():
    sheets = _stylesheets()
    assert STATIC / "vendor" / "nlds" / "nlds.used.css" in sheets
    assert not any(path.name == "utrecht-component-library.css" for path in sheets)
    total = sum(path.stat().st_size for path in sheets)
    assert total <= CSS_BUDGET, f"{total} bytes of CSS per page"


def test_the_licence_notice_ships_with_it():
    shipped = (STATIC / "vendor" / "nlds" / "nlds.used.css").read_text(encoding="utf-8")
    assert "@license EUPL-1.2" in shipped
    assert shipped.startswith('@charset "UTF-8";')

"""House rules that a reviewer would otherwise have to remember."""

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1]
PURE_MODULES = [
    "consent/age_rules.py",
    "consent/sharing.py",
    "meldcode/afwegingskader.py",
    "meldcode/deadlines.py",
    "cases/stappenplan.py",
    "accounts/roles.py",
    "directory/national_contacts.py",
    "directory/municipalities.py",
    "accounts/code_attempt_rules.py",
    "audit/chain.py",
    "audit/checkpoints.py",
    "statistics/disclosure.py",
    "free_text.py",
]


def _view_modules():
    return sorted(PACKAGE.glob("*/views.py"))


def test_views_never_use_a_model_manager():
    """Reads go through access/selectors, writes through services: no `.objects` in views."""
    offenders = []
    for path in _view_modules():
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Attribute) and node.attr in {"objects", "_default_manager"}:
                offenders.append(f"{path.relative_to(PACKAGE)}:{node.lineno}")
    assert offenders == []
    assert len(_view_modules()) >= 4  # the check looked at something


def test_pure_rule_modules_import_no_django():
    for relative in PURE_MODULES:
        tree = ast.parse((PACKAGE / relative).read_text())
        imported = [
            alias.name
            for node in ast.walk(tree)
            if isinstance(node, ast.Import)
            for alias in node.names
        ] + [node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)]
        assert not [name for name in imported if name.startswith("django")], relative

"""Architecture rules, checked on the source: layers, no import cycles between apps, pure rules, thin views.

Each rule is a function over a source tree, so the tests below also plant a violation in a small tree of their
own and show that the rule catches it.
"""

import ast
import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1]
DOCS = PACKAGE.parent / "docs" / "architecture.md"
# Bottom to top (docs/architecture.md): an app may import only from its own layer's lower neighbours.
CORE = "cases"
# The layer below the core; every other app is above it (so a new app is covered without editing this list).
BELOW_CORE = {"accounts", "directory", "audit"}


def _apps(root: Path) -> list[str]:
    return sorted(path.parent.name for path in root.glob("*/apps.py"))


def _modules(root: Path, app: str):
    for path in (root / app).rglob("*.py"):
        parts = path.relative_to(root / app).parts
        if "tests" in parts or "migrations" in parts:
            continue
        yield path


def _imported(path: Path) -> list[str]:
    """Every module the file imports, at module level and inside functions."""
    names = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
            names += [f"{node.module}.{alias.name}" for alias in node.names]
    return names


def app_imports(root: Path) -> dict[str, set[str]]:
    """For each app of the package at ``root``, the other apps it imports."""
    package = root.name
    apps = _apps(root)
    graph: dict[str, set[str]] = {app: set() for app in apps}
    for app in apps:
        for path in _modules(root, app):
            for name in _imported(path):
                parts = name.split(".")
                if len(parts) > 1 and parts[0] == package and parts[1] in graph and parts[1] != app:
                    graph[app].add(parts[1])
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The groups of apps that import each other in a circle (strongly connected, more than one)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in sorted(graph[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def core_violations(root: Path) -> list[str]:
    """Imports from the core (cases) into the apps above it."""
    return sorted(app for app in app_imports(root).get(CORE, set()) if app not in BELOW_CORE)


def documented_pure_modules(doc: Path) -> list[str]:
    """The modules docs/architecture.md calls pure, as paths inside the package."""
    modules = []
    app = ""
    for line in doc.read_text().splitlines():
        folder = re.match(r"^  (\w+)/", line)
        if folder:
            app = folder.group(1)
        match = re.match(r"^(\s+)([\w/]+\.py(?:,\s*[\w/]+\.py)*)\s+pure\b", line)
        if not match:
            continue
        indent, files = len(match.group(1)), match.group(2)
        for name in re.split(r",\s*", files):
            modules.append(name if indent <= 2 or "/" in name else f"{app}/{name}")
    return modules


def django_importers(root: Path, modules: list[str]) -> list[str]:
    return [
        module
        for module in modules
        if any(name.split(".")[0] == "django" for name in _imported(root / module))
    ]


def test_the_core_imports_no_app_above_it():
    assert core_violations(PACKAGE) == []


def test_no_two_apps_import_each_other_in_a_circle():
    assert cycles(app_imports(PACKAGE)) == []


def test_the_modules_the_docs_call_pure_import_no_django():
    modules = documented_pure_modules(DOCS)
    assert len(modules) >= 10  # the docs were read
    assert all((PACKAGE / module).exists() for module in modules), modules
    assert django_importers(PACKAGE, modules) == []


def test_views_never_use_a_model_manager_or_open_transactions():
    """Reads through access/selectors, writes through services and the write path."""
    offenders = []
    views = sorted(PACKAGE.glob("*/views.py"))
    for path in views:
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Attribute) and node.attr in {"objects", "_default_manager"}:
                offenders.append(f"{path.relative_to(PACKAGE)}:{node.lineno} manager")
            if isinstance(node, ast.Attribute) and node.attr == "atomic":
                offenders.append(f"{path.relative_to(PACKAGE)}:{node.lineno} transaction")
            if isinstance(node, ast.keyword) and node.arg == "lock":
                offenders.append(f"{path.relative_to(PACKAGE)}:{node.lineno} lock")
        if any(name.endswith("AccessEvent") for name in _imported(path)):
            offenders.append(f"{path.relative_to(PACKAGE)} imports AccessEvent")
    assert offenders == []
    assert len(views) >= 4  # the check looked at something


# The rules catch what they are meant to catch: a small tree with planted violations.


def _plant(tmp_path: Path, files: dict[str, str]) -> Path:
    root = tmp_path / "pkg"
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root


def test_a_planted_cycle_and_a_core_import_are_caught(tmp_path):
    root = _plant(
        tmp_path,
        {
            "cases/apps.py": "",
            "cases/services.py": "from pkg.meldcode.models import Action\n",
            "meldcode/apps.py": "",
            "meldcode/models.py": "def f():\n    from pkg.cases import services\n",
            "accounts/apps.py": "",
            "accounts/models.py": "import os\n",
            "cases/tests/test_x.py": "from pkg.casework import views\n",  # tests do not count
        },
    )
    assert cycles(app_imports(root)) == [["cases", "meldcode"]]
    assert core_violations(root) == ["meldcode"]


def test_a_planted_impure_module_is_caught(tmp_path):
    root = _plant(
        tmp_path,
        {
            "rules/apps.py": "",
            "rules/rule.py": "from django.db import models\n",
            "free.py": "x = 1\n",
        },
    )
    doc = tmp_path / "architecture.md"
    doc.write_text(
        "  rules/     the rules app\n    rule.py     pure: a rule\n  free.py   pure: free\n"
    )
    assert documented_pure_modules(doc) == ["rules/rule.py", "free.py"]
    assert django_importers(root, documented_pure_modules(doc)) == ["rules/rule.py"]

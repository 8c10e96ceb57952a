"""App layering: no import cycle between first-party apps, and `committee` is the core.

Decided in issue 15: `committee/` must not import `delegates/` or any later app; other apps may
import `committee/`. The apps are discovered from INSTALLED_APPS (those living in this
repository) plus the project package (`config`), so an app added later is checked too.

Every module of every app is read with `ast` (nothing is imported): `import x`, `from x import y`
(also inside functions and under TYPE_CHECKING: a lazy import is still a dependency) and string
model references in ForeignKey / OneToOneField / ManyToManyField ("app.Model"). Migrations are
history and are skipped.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.repo import first_party_apps

CORE_APP = "committee"
RELATION_FIELDS = {"ForeignKey", "OneToOneField", "ManyToManyField"}


@dataclass(frozen=True)
class Edge:
    source: str  # the importing app
    target: str  # the imported app
    module: str  # dotted module doing the import
    line: int
    what: str  # what it imports, as written

    def __str__(self) -> str:
        return f"{self.module}:{self.line} imports {self.what}"


def _modules(package: str, directory: Path) -> Iterable[tuple[str, Path]]:
    for path in sorted(directory.rglob("*.py")):
        relative = path.relative_to(directory)
        if "migrations" in relative.parts or "__pycache__" in relative.parts:
            continue
        parts = [package, *relative.with_suffix("").parts]
        if parts[-1] == "__init__":
            parts.pop()
        yield ".".join(parts), path


def _resolve_relative(module: str, is_package: bool, level: int, name: str | None) -> str:
    base = module.split(".")
    if not is_package:
        base = base[:-1]
    base = base[: len(base) - (level - 1)] if level > 1 else base
    return ".".join([*base, *([name] if name else [])])


def _relation_target(call: ast.Call) -> str | None:
    func = call.func
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
    if name not in RELATION_FIELDS:
        return None
    candidates = list(call.args[:1]) + [kw.value for kw in call.keywords if kw.arg == "to"]
    for node in candidates:
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and "." in node.value:
            return node.value
    return None


def _references(node: ast.AST, module: str, is_package: bool) -> list[tuple[str, str, int]]:
    """(dotted target, how it is written, line) for what `node` imports or names."""
    if isinstance(node, ast.Import):
        return [(alias.name, alias.name, node.lineno) for alias in node.names]
    if isinstance(node, ast.ImportFrom):
        if node.level:
            name = _resolve_relative(module, is_package, node.level, node.module)
        else:
            name = node.module or ""
        return [(name, name, node.lineno)]
    if isinstance(node, ast.Call):
        target = _relation_target(node)
        if target:
            return [(target, f"'{target}' (model reference)", node.lineno)]
    return []


def import_edges(packages: dict[str, Path]) -> list[Edge]:
    """Every reference from one first-party app to another."""
    edges: list[Edge] = []
    for package, directory in packages.items():
        for module, path in _modules(package, directory):
            tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
            is_package = path.name == "__init__.py"
            for node in ast.walk(tree):
                for target, what, line in _references(node, module, is_package):
                    top = target.split(".")[0]
                    if top in packages and top != package:
                        edges.append(Edge(package, top, module, line, what))
    return edges


def cycles(edges: list[Edge]) -> list[list[str]]:
    """The strongly connected groups of more than one app (Tarjan), each sorted."""
    graph: dict[str, set[str]] = {}
    for edge in edges:
        graph.setdefault(edge.source, set()).add(edge.target)
        graph.setdefault(edge.target, set())
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph[node]):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return groups


def describe(groups: list[list[str]], edges: list[Edge]) -> str:
    lines = []
    for group in groups:
        lines.append("import cycle between apps: " + " <-> ".join(group))
        for edge in edges:
            if edge.source in group and edge.target in group:
                lines.append(f"  {edge.source} -> {edge.target}: {edge}")
    return "\n".join(lines)


# --- the checks on this repository -------------------------------------------------------


def test_apps_are_discovered():
    packages = first_party_apps()
    assert {"committee", "delegates", "config"} <= set(packages)
    assert all((directory / "__init__.py").exists() for directory in packages.values())


def test_no_import_cycle_between_apps():
    edges = import_edges(first_party_apps())
    groups = cycles(edges)
    assert not groups, describe(groups, edges)


def test_core_app_imports_no_other_app():
    """`committee` is the core: it references no other first-party app (not even config)."""
    edges = [edge for edge in import_edges(first_party_apps()) if edge.source == CORE_APP]
    assert not edges, "committee must not import other apps:\n" + "\n".join(
        f"  {edge}" for edge in edges
    )


# --- the checker itself -------------------------------------------------------------------


@pytest.fixture
def fake_apps(tmp_path: Path) -> dict[str, Path]:
    files = {
        "core/__init__.py": "",
        "core/models.py": (
            "from django.db import models\n"
            "class A(models.Model):\n"
            "    b = models.ForeignKey('edge.B', on_delete=models.CASCADE)\n"
        ),
        "core/sub/__init__.py": "",
        "core/sub/deep.py": "from .. import models\nfrom ..models import A\n",
        "core/migrations/0001_initial.py": "import edge.models\n",
        "edge/__init__.py": "",
        "edge/views.py": "def f():\n    from core.sub import deep\n    return deep\n",
        "leaf/__init__.py": "import core\n",
    }
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return {name: tmp_path / name for name in ("core", "edge", "leaf")}


def test_checker_finds_a_cycle_through_a_model_reference_and_a_lazy_import(fake_apps):
    edges = import_edges(fake_apps)
    assert {(e.source, e.target, e.module) for e in edges} == {
        ("core", "edge", "core.models"),  # the string model reference
        ("edge", "core", "edge.views"),  # the import inside a function
        ("leaf", "core", "leaf"),
    }  # relative imports stay inside core; migrations are skipped
    groups = cycles(edges)
    assert groups == [["core", "edge"]]
    report = describe(groups, edges)
    assert "core.models:3 imports 'edge.B' (model reference)" in report
    assert "edge.views:2 imports core.sub" in report


def test_checker_accepts_layers(fake_apps):
    (fake_apps["core"] / "models.py").write_text("from django.db import models\n")
    assert cycles(import_edges(fake_apps)) == []

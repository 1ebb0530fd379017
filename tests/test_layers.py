"""The import rule: imports run one way, top to bottom, and no module imports itself back through others.

Layers, highest first (a module may import its own layer and the layers below it, never one above):

    api -> matching.workflows -> matching.service -> matching.demo -> matching.learning -> matching.planning
        -> matching.recommend -> matching.contracts -> matching.eligibility -> matching.screening
        -> matching.retrieval -> matching.storage -> matching.errors / matching.settings -> models -> features

Every import counts, also one inside a function (a lazy import is still a dependency). The test parses the
source with ``ast``; nothing is imported.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("api", "matching", "models", "features")
# Highest first. A module belongs to the longest prefix that names it.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("api",),
    ("matching.workflows",),
    ("matching.service",),
    ("matching.demo",),
    ("matching.learning",),
    ("matching.planning",),
    ("matching.recommend",),
    ("matching.contracts",),
    ("matching.eligibility",),
    ("matching.screening",),
    ("matching.retrieval",),
    ("matching.storage",),
    ("matching.errors", "matching.settings", "matching"),
    ("models",),
    ("features",),
)


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def all_modules() -> dict[str, Path]:
    return {module_name(p): p for pkg in PACKAGES for p in sorted((ROOT / pkg).rglob("*.py"))}


def imported(path: Path, name: str) -> list[tuple[str, int]]:
    """(module imported, line) for every import of our packages in ``path``, relative ones resolved."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out: list[tuple[str, int]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [(a.name, node.lineno) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            # ``from pkg import mod`` imports the module pkg.mod when there is one
            out += [(f"{base}.{a.name}", node.lineno) for a in node.names]
            out.append((base, node.lineno))
    return [(m, line) for m, line in out if m.split(".")[0] in PACKAGES]


def resolve(target: str, modules: dict[str, Path]) -> str | None:
    """The module ``target`` names (an attribute of a module resolves to the module)."""
    while target and target not in modules:
        target = target.rpartition(".")[0]
    return target or None


def layer_of(name: str) -> int:
    best, best_len = -1, -1
    for i, prefixes in enumerate(LAYERS):
        for prefix in prefixes:
            if (name == prefix or name.startswith(prefix + ".")) and len(prefix) > best_len:
                best, best_len = i, len(prefix)
    if best < 0:
        raise AssertionError(f"{name} is in no layer: add its package to LAYERS in tests/test_layers.py")
    return best


def graph() -> dict[str, dict[str, int]]:
    """module -> {module it imports: first line}."""
    modules = all_modules()
    out: dict[str, dict[str, int]] = {}
    for name, path in modules.items():
        edges: dict[str, int] = {}
        for target, line in imported(path, name):
            dep = resolve(target, modules)
            if dep and dep != name and not name.startswith(dep + "."):  # a package's own __init__ is no edge
                edges.setdefault(dep, line)
        out[name] = edges
    return out


def layer_violations(g: dict[str, dict[str, int]]) -> list[str]:
    return [f"{name} (line {line}) imports {dep}: {LAYERS[layer_of(dep)][0]} is above {LAYERS[layer_of(name)][0]}"
            for name, edges in sorted(g.items()) for dep, line in sorted(edges.items())
            if layer_of(dep) < layer_of(name)]


def cycles(g: dict[str, dict[str, int]]) -> list[list[str]]:
    """Every strongly connected group of two or more modules (Tarjan), each as a closed path."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in g.get(v, {}):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for v in sorted(g):
        if v not in index:
            visit(v)
    return found


def test_imports_follow_the_layer_order() -> None:
    bad = layer_violations(graph())
    assert not bad, "imports against the layer order:\n  " + "\n  ".join(bad)


def test_no_import_cycles() -> None:
    g = graph()
    found = cycles(g)
    described = [" <-> ".join(group) + "  (" + "; ".join(f"{a} line {g[a][b]} imports {b}" for a in group
                                                      for b in group if b in g[a]) + ")" for group in found]
    assert not found, "import cycles:\n  " + "\n  ".join(described)


def test_every_module_is_in_a_layer() -> None:
    for name in all_modules():
        layer_of(name)


# The checker itself, on small made-up graphs with known answers.

def test_the_checker_names_an_upward_import() -> None:
    g = {"features.text": {"matching.storage.store": 3}, "matching.storage.store": {}}
    assert layer_violations(g) == ["features.text (line 3) imports matching.storage.store: "
                                   "matching.storage is above features"]


def test_the_checker_finds_a_cycle_and_only_the_cycle() -> None:
    g = {"a": {"b": 1}, "b": {"c": 1}, "c": {"a": 1}, "d": {"a": 1}}
    assert cycles(g) == [["a", "b", "c"]]
    assert cycles({"a": {"b": 1}, "b": {}}) == []


@pytest.mark.parametrize(("name", "layer"), [("api.cli.demo", "api"), ("matching.storage.tables", "matching.storage"),
                                              ("matching.service", "matching.service"),
                                              ("matching.errors", "matching.errors"), ("features.text", "features")])
def test_modules_land_in_their_layer(name: str, layer: str) -> None:
    assert LAYERS[layer_of(name)][0] == layer

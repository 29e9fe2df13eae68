"""Imports point one way: model → readers and rules → the prepared model → casework →
outputs → the pipeline → the command line.  Read from the source (every import statement,
lazy ones inside functions included), so a new wrong-way import or a cycle between
packages fails here before it becomes a tangle."""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

from tests.conftest import REPO

PACKAGE = REPO / "generator"

LAYERS: list[set[str]] = [
    {"errors", "atomic", "parallel", "chinese", "spreadsheet_cells", "output_guard", "model"},  # facts, plumbing
    {"load", "calendar", "schedule", "privacy"},      # reading content, the calendar's rules, the schedule
    {"prepared"},                                     # the checked model every output reads
    {"casework", "statistics"},                       # domain services: deadlines decisions, register, figures
    {"letters", "ics", "site", "schemas", "init"},    # outputs (init: a new content folder)
    {"pipeline"},                                     # load → check → every output
    {"cli", "__main__"},                              # arguments in, messages out
]
RANK = {name: rank for rank, names in enumerate(LAYERS) for name in names}


def _unit(module: str) -> str:
    """``generator.site.build`` -> ``site``; ``generator.cli`` -> ``cli``."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def _module_name(path: Path) -> str:
    relative = path.relative_to(REPO).with_suffix("")
    parts = list(relative.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path: Path) -> list[tuple[str, int]]:
    """Every generator module ``path`` imports, with the line."""
    module = _module_name(path)
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names if alias.name.startswith("generator")]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join([*base, *([node.module] if node.module else [])])
            else:
                target = node.module or ""
            if target.startswith("generator"):
                if target == "generator":  # from . import atomic
                    found += [(f"generator.{alias.name}", node.lineno) for alias in node.names]
                else:
                    found.append((target, node.lineno))
    return found


def _graph() -> dict[str, list[tuple[str, str, int]]]:
    """unit -> [(imported unit, file, line)] for imports that cross units."""
    edges: dict[str, list[tuple[str, str, int]]] = defaultdict(list)
    for path in sorted(PACKAGE.rglob("*.py")):
        source = _unit(_module_name(path))
        for target, line in _imports(path):
            unit = _unit(target)
            if unit and unit != source:
                edges[source].append((unit, str(path.relative_to(REPO)), line))
    return edges


def test_every_module_is_in_a_layer() -> None:
    units = {_unit(_module_name(p)) for p in PACKAGE.rglob("*.py")} - {""}
    missing = sorted(units - set(RANK))
    assert not missing, f"a new module or package: place it in LAYERS in tests/test_layers.py: {missing}"


def test_imports_point_one_way() -> None:
    wrong = [f"{where}:{line}: {source} ({RANK[source]}) imports {target} ({RANK[target]})"
             for source, targets in _graph().items() for target, where, line in targets
             if RANK.get(target, -1) > RANK.get(source, -1)]
    assert not wrong, "imports against the layers:\n" + "\n".join(wrong)


def test_no_cycle_between_packages() -> None:
    graph = {source: {target for target, _, _ in targets} for source, targets in _graph().items()}
    done: set[str] = set()

    def visit(node: str, trail: list[str]) -> None:
        if node in trail:
            cycle = [*trail[trail.index(node):], node]
            raise AssertionError("import cycle: " + " → ".join(cycle))
        if node in done:
            return
        for target in sorted(graph.get(node, ())):
            visit(target, [*trail, node])
        done.add(node)

    for node in sorted(graph):
        visit(node, [])


def test_the_checker_sees_a_wrong_way_import(tmp_path: Path) -> None:
    """The test above can fail: a lazy import of an output from the model is caught."""
    fake = PACKAGE / "model" / "_layer_probe.py"
    fake.write_text("def f() -> None:\n    from ..site import build  # noqa\n", encoding="utf-8")
    try:
        graph = _graph()
    finally:
        fake.unlink()
    assert ("site", "generator/model/_layer_probe.py", 2) in graph["model"]

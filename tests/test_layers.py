"""Imports point one way: model → readers and rules → the prepared model → casework →
outputs → the pipeline → the command line.  Inside a layer, units are independent but for the
few imports listed in ``WITHIN`` (so ``letters`` and ``site`` never import each other), and
``site``'s rooms are floors of their own: parts → pages, files → build.  Read from the source
(every import statement, lazy ones inside functions included), so a new wrong-way import or a
cycle between packages fails here before it becomes a tangle.  The command line, at the top,
imports only the pipeline and the few names in ``CLI_IMPORTS``."""

from __future__ import annotations

import ast
import shutil
from collections import defaultdict
from pathlib import Path

from tests.conftest import REPO

PACKAGE = REPO / "generator"

LAYERS: list[set[str]] = [
    {"errors", "atomic", "lockfile", "parallel", "chinese", "linebreaks", "spreadsheet_cells", "output_guard",
     "model"},                                        # facts, plumbing
    {"load", "calendar", "schedule", "privacy"},      # reading content, the calendar's rules, the schedule
    {"prepared"},                                     # the checked model every output reads
    {"casework", "statistics"},                       # domain services: deadlines decisions, register, figures
    {"letters", "ics", "site", "schemas", "init", "bulletin", "tables"},  # outputs (init: a new content
                                                                         # folder; tables: schedule tables)
    {"pipeline"},                                     # load → check → every output
    {"cli", "__main__"},                              # arguments in, messages out
]
RANK = {name: rank for rank, names in enumerate(LAYERS) for name in names}

WITHIN: dict[str, set[str]] = {
    # the only imports between two units of one layer; any other pair is independent both ways
    "output_guard": {"errors"},  # its refusals are UsageErrors
    "schedule": {"calendar"},    # sessions fall on the calendar's working days
    "casework": {"statistics"},  # the ledger counts with the figures' rules
    "site": {"ics"},             # the site publishes the calendar feeds
    "init": {"site", "letters"},  # a new office starts with the site's placeholders and the shipped
                                  # letter templates: init above both
    "bulletin": {"letters"},     # the 通报 is set on the letters' GB/T 9704 page
    "__main__": {"cli"},
}

SITE_ROOMS: list[set[str]] = [
    {"parts"},            # what pages are made of: HTML helpers, tables, widgets, SiteData
    {"pages", "files"},   # the pages; the feeds and open data (independent of each other)
    {"build"},            # tree, MkDocs, checks, publish, serve
]
ROOM_RANK = {name: rank for rank, names in enumerate(SITE_ROOMS) for name in names}


def _unit(module: str) -> str:
    """``generator.site.build`` -> ``site``; ``generator.cli`` -> ``cli``."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def _room(module: str) -> str:
    """``generator.site.pages.home`` -> ``pages``; a module outside site's rooms -> ``""``."""
    parts = module.split(".")
    return parts[2] if len(parts) > 2 and parts[1] == "site" else ""


def _module_name(path: Path, package: Path) -> str:
    relative = path.relative_to(package.parent).with_suffix("")
    parts = list(relative.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path: Path, package_root: Path) -> list[tuple[str, int]]:
    """Every generator module ``path`` imports, with the line."""
    module = _module_name(path, package_root)
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
                if node.module is None or target in ("generator", "generator.site"):
                    # from . import atomic; from ..pages import home: each name may be a module
                    found += [(f"{target}.{alias.name}", node.lineno) for alias in node.names]
                else:
                    found.append((target, node.lineno))
    return found


def _edges(package: Path = PACKAGE) -> list[tuple[str, str, str, int]]:
    """(importing module, imported module, file, line) for every import of a generator module."""
    return [(_module_name(path, package), target, str(path.relative_to(package.parent)), line)
            for path in sorted(package.rglob("*.py")) for target, line in _imports(path, package)]


def _graph(package: Path = PACKAGE) -> dict[str, list[tuple[str, str, int]]]:
    """unit -> [(imported unit, file, line)] for imports that cross units."""
    edges: dict[str, list[tuple[str, str, int]]] = defaultdict(list)
    for source, target, where, line in _edges(package):
        if _unit(target) and _unit(target) != _unit(source):
            edges[_unit(source)].append((_unit(target), where, line))
    return edges


def _wrong_way(package: Path = PACKAGE) -> list[str]:
    wrong = []
    for source, targets in _graph(package).items():
        for target, where, line in targets:
            rank, target_rank = RANK.get(source, -1), RANK.get(target, -1)
            if target_rank > rank or (target_rank == rank and target not in WITHIN.get(source, set())):
                wrong.append(f"{where}:{line}: {source} ({rank}) imports {target} ({target_rank})")
    for source, target, where, line in _edges(package):
        room, target_room = _room(source), _room(target)
        if room and target_room and room != target_room and ROOM_RANK[target_room] >= ROOM_RANK[room]:
            wrong.append(f"{where}:{line}: site's {room} imports site's {target_room}")
    return wrong


def test_every_module_is_in_a_layer() -> None:
    units = {_unit(_module_name(p, PACKAGE)) for p in PACKAGE.rglob("*.py")} - {""}
    missing = sorted(units - set(RANK))
    assert not missing, f"a new module or package: place it in LAYERS in tests/test_layers.py: {missing}"


def test_every_site_module_is_in_a_room() -> None:
    loose = [str(p.relative_to(REPO)) for p in (PACKAGE / "site").rglob("*.py")
             if p.name != "__init__.py" and _room(_module_name(p, PACKAGE)) not in ROOM_RANK]
    assert not loose, f"place these in one of site's rooms (SITE_ROOMS): {loose}"


def test_imports_point_one_way() -> None:
    wrong = _wrong_way()
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


def _copy_with(tmp_path: Path, probes: dict[str, str]) -> Path:
    """A copy of the package with extra modules, so the probes never touch the source tree."""
    package = tmp_path / "generator"
    shutil.copytree(PACKAGE, package, ignore=shutil.ignore_patterns("__pycache__", "theme"))
    for name, text in probes.items():
        (package / name).write_text(text, encoding="utf-8")
    return package


def test_the_checker_sees_a_wrong_way_import(tmp_path: Path) -> None:
    """The rules above can fail: a lazy import of an output from the model, an import between
    two outputs, the site's placeholders importing init, a part importing a page and a page a
    feed are each caught."""
    package = _copy_with(tmp_path, {
        "model/_probe.py": "def f() -> None:\n    from ..site.build import stage  # noqa\n",
        "letters/_probe.py": "from ..site.parts.html import esc  # noqa\n",
        "site/pages/_probe.py": "from ...letters import render  # noqa\nfrom ..files import feeds  # noqa\n",
        "site/parts/_probe.py": "from ..pages import home  # noqa\n",
        "site/build/_probe.py": "from ... import init  # noqa\n",
    })
    wrong = _wrong_way(package)
    for expected in ["generator/model/_probe.py:2: model (0) imports site (4)",
                     "generator/letters/_probe.py:1: letters (4) imports site (4)",
                     "generator/site/pages/_probe.py:1: site (4) imports letters (4)",
                     "generator/site/pages/_probe.py:2: site's pages imports site's files",
                     "generator/site/parts/_probe.py:1: site's parts imports site's pages",
                     "generator/site/build/_probe.py:1: site (4) imports init (4)"]:
        assert expected in wrong, f"{expected} not caught in {wrong}"
    assert not [w for w in wrong if "_probe" not in w]


CLI_IMPORTS = {
    "generator.pipeline",               # every command is a Pipeline method
    "generator.errors",                 # the one error boundary: explain
    "generator.casework.letter_specs",  # the letter kinds' names for --help
    "generator.init",                   # init makes the content folder a Pipeline then runs on
}
"""All that cli.py may import from the package: it maps arguments to these and prints."""


def _cli_beyond_the_pipeline(package: Path = PACKAGE) -> list[str]:
    return [f"{where}:{line}: cli imports {target}" for source, target, where, line in _edges(package)
            if source == "generator.cli" and target not in CLI_IMPORTS]


def test_cli_only_maps_arguments_to_the_pipeline() -> None:
    beyond = _cli_beyond_the_pipeline()
    assert not beyond, "make it a Pipeline method (or a method of what it returns):\n" + "\n".join(beyond)


def test_the_checker_sees_the_cli_reach_past_the_pipeline(tmp_path: Path) -> None:
    cli = (PACKAGE / "cli.py").read_text(encoding="utf-8")
    package = _copy_with(tmp_path, {"cli.py": cli + "\n\ndef _probe() -> None:\n"
                                               "    from .statistics.tables import SUMMARY  # noqa\n"})
    assert _cli_beyond_the_pipeline(package) == [
        f"generator/cli.py:{len(cli.splitlines()) + 4}: cli imports generator.statistics.tables"]


def test_no_pointer_to_documents_outside_the_project() -> None:
    """A newcomer has only the repository: code, tests, scripts, the sample and the README
    explain themselves, never by a design or domain document that is not in it."""
    names = ("design" + ".md", "domain" + ".md", "style" + ".md", "/work/" + "shared")
    texts = [REPO / "README.md", REPO / "mkdocs.yml"] + [
        path for folder in ("generator", "tests", "benchmarks", "scripts", "content") for path in
        sorted((REPO / folder).rglob("*")) if path.suffix in (".py", ".sh", ".md", ".j2", ".yml", ".yaml")
        and "__pycache__" not in path.parts]
    found = [f"{path.relative_to(REPO)}:{number}" for path in texts
             for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
             if any(name in line for name in names)]
    assert not found, found

"""Two house rules a reader relies on, read from the source: the GB/T 9704 page's numbers are
written once, in ``letters/gbt9704.py`` (every other module derives from its typed values), and
an enum is compared as an enum (``level is UnitLevel.CITY``), never by its ``.value`` string,
so a renamed member fails mypy instead of silently never matching."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from generator.letters import gbt9704 as std
from tests.conftest import REPO

PACKAGE = REPO / "generator"

GRID_NUMBERS = {std.LINE.twips: "LINE", std.LINE.twips // 3: "a third of LINE", std.CHAR: "CHAR",
                std.TYPE_WIDTH: "TYPE_WIDTH"}
"""The page's numbers in twips: 579 (the grid's line), 193, 320 (a 三号 character), 8845 (156 mm)."""

VALUE_COMPARED = re.compile(r"\.value\s*(==|!=)\s*[\"']"                   # level.value == "city"
                            r"|[\"']\s*(==|!=)\s*\w+(\.\w+)*\.value\b"         # "city" == level.value
                            r"|\.value\s+(not\s+)?in\s+[(\[{]")                 # level.value in ("city", …)


def _grid_numbers_outside_the_standard(source: str) -> list[tuple[int, int]]:
    """(line, number) of every integer literal that is one of the page's numbers."""
    return [(node.lineno, node.value) for node in ast.walk(ast.parse(source))
            if isinstance(node, ast.Constant) and type(node.value) is int and node.value in GRID_NUMBERS]


def _values_compared(source: str) -> list[int]:
    return [number for number, line in enumerate(source.splitlines(), start=1) if VALUE_COMPARED.search(line)]


def _modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def test_the_pages_numbers_are_typed_once() -> None:
    found = [f"{path.relative_to(REPO)}:{line}: {number} ({GRID_NUMBERS[number]}): use gbt9704.{GRID_NUMBERS[number]}"
             for path in _modules() if path.name != "gbt9704.py" and path.parent.name == "letters"
             for line, number in _grid_numbers_outside_the_standard(path.read_text(encoding="utf-8"))]
    assert not found, "\n".join(found)


def test_enums_are_compared_as_enums() -> None:
    found = [f"{path.relative_to(REPO)}:{line}" for path in _modules()
             for line in _values_compared(path.read_text(encoding="utf-8"))]
    assert not found, "compare the member itself (is UnitLevel.CITY), not its .value string:\n" + "\n".join(found)


def test_the_checkers_see_what_they_forbid() -> None:
    assert _grid_numbers_outside_the_standard("LINE_TWIPS = 579\nwidth = 8845 - 2 * 320\nok = 580\n") == [
        (1, 579), (2, 8845), (2, 320)]
    assert _grid_numbers_outside_the_standard('"""579 twips in a docstring"""\nblank = 193\n') == [(2, 193)]
    assert _values_compared('if unit.level.value == "city":\n'
                            'if "county" != unit.level.value:\n'
                            'if level.value in ("city", "county"):\n'
                            "if unit.level is UnitLevel.CITY:\n"
                            "key = str(level.value)\n") == [1, 2, 3]

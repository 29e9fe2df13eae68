"""Property tests: whatever a clerk's editor saves, the loader answers with error
lines, never a traceback; and a whole build of mutated content says what is wrong (or
succeeds), never an internal error."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.cli import main
from generator.errors import ContentError
from generator.letters.requirements import letter_problems
from generator.pipeline import prepare
from tests.conftest import FIXTURES

TARGETS = [
    "office.yaml", "units.yaml", "leaders.yaml", "topics.yaml", "schedule/city.yaml",
    "schedule/east.yaml", "cases/2026-0001.yaml", "policies/procedure.md", "notices/holiday.md",
]

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-10**20, 10**20), st.floats(allow_nan=False),
    st.text(max_size=12), st.dates(dt.date(1990, 1, 1), dt.date(2035, 12, 31)),
    st.sampled_from(["li-a", "wang-b", "city", "east", "wages", "09:00", "2026-02-30", "weekly", "onsite"]),
)
keys = st.one_of(
    st.text(max_size=8),
    st.sampled_from(["id", "name", "unit", "leaders", "rules", "sessions", "date", "times", "kind",
                     "start", "end", "weekday", "roster", "topics", "changes", "petitioner"]),
)
documents = st.recursive(
    scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(keys, inner, max_size=5),
    max_leaves=25,
)


def _run(root: Path) -> None:
    try:
        prepared = prepare(root)
        letter_problems(prepared)
    except ContentError as exc:
        assert exc.problems
        for problem in exc.problems:
            assert str(problem).strip()


def _with_file(name: str, data: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "content"
        shutil.copytree(FIXTURES / "minimal", root)
        (root / name).write_bytes(data)
        _run(root)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=st.sampled_from(TARGETS), document=documents)
def test_random_yaml_documents_give_error_lines(name: str, document: object) -> None:
    text = yaml.safe_dump(document, allow_unicode=True)
    if name.endswith(".md"):
        text = f"---\n{text}---\n正文\n"
    _with_file(name, text.encode("utf-8"))


mutations = st.sampled_from(["delete", "duplicate", "indent", "dedent", "tab", "truncate", "colon", "swap"])


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=st.sampled_from(TARGETS), mutation=mutations, where=st.integers(0, 10_000),
       junk=st.text(max_size=6))
def test_mutated_valid_files_give_error_lines(name: str, mutation: str, where: int, junk: str) -> None:
    lines = (FIXTURES / "minimal" / name).read_text(encoding="utf-8").splitlines(keepends=True)
    i = where % len(lines)
    if mutation == "delete":
        del lines[i]
    elif mutation == "duplicate":
        lines.insert(i, lines[i])
    elif mutation == "indent":
        lines[i] = "  " + lines[i]
    elif mutation == "dedent":
        lines[i] = lines[i].lstrip()
    elif mutation == "tab":
        lines[i] = "\t" + lines[i]
    elif mutation == "truncate":
        lines = lines[:i]
    elif mutation == "colon":
        lines[i] = lines[i].replace(":", junk or "：", 1)
    else:
        j = (i + 1) % len(lines)
        lines[i], lines[j] = lines[j], lines[i]
    _with_file(name, "".join(lines).encode("utf-8"))


@settings(max_examples=60, deadline=None)
@given(name=st.sampled_from(TARGETS), data=st.binary(max_size=64))
def test_random_bytes_give_error_lines(name: str, data: bytes) -> None:
    _with_file(name, data)


# -- whole builds of mutated content: every value a clerk (or someone hostile) might type,
# in place of one value of a valid office; the build says what is wrong or succeeds, and no
# mutant reaches an internal error (a date computed past year 9999, a crash in a page)

HOSTILE = st.sampled_from([
    "\r", "a\u2028b", "a\u2029b", "x\vy", "x\fy", "x\x85y", "[x](javascript:alert(1))", "<https://evil.example/>",
    "<script>alert(1)</script>", "*", "_", "|", "#", "`", "{: .x onclick=y}", "", " ", "0" * 30, "١٢٣",
    "\u202e反转", "😀", "index", "feed", "404", "../x", "a" * 300, "0001-01-01", "9999-12-31", "1949-10-01",
    "2100-12-31", "=1+1", "13800138000", "示信复〔2026〕1号", "09:00", "25:61", "上午", "全天",
])
VALUES = st.one_of(
    HOSTILE, st.text(max_size=20),
    st.sampled_from([dt.date(1949, 10, 1), dt.date(2100, 12, 31), dt.date(1, 1, 1), dt.date(9999, 12, 31),
                     dt.date(2026, 2, 28), 0, -1, 10**20, 99999, 100000, None, True, [], {}]),
)
BUILD_TARGETS = TARGETS


def _leaves(value: object, path: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
    if isinstance(value, dict):
        return [leaf for key, item in value.items() for leaf in _leaves(item, (*path, key))]
    if isinstance(value, list):
        return [leaf for index, item in enumerate(value) for leaf in _leaves(item, (*path, index))]
    return [path]


def _mutated(root: Path, name: str, where: int | tuple[object, ...], value: object) -> None:
    """Put ``value`` in place of (or, for text, after) one value of ``name``: the ``where``-th
    (round), or the one at the path ``where``."""
    path = root / name
    text = path.read_text(encoding="utf-8")
    _, meta, body = text.split("---\n", 2) if name.endswith(".md") else ("", text, "")
    data = yaml.safe_load(meta)
    leaves = _leaves(data)
    holder: Any = data
    chosen = leaves[where % len(leaves)] if isinstance(where, int) else where
    for step in chosen[:-1]:
        holder = holder[step]
    old = holder[chosen[-1]]
    # text is written after the text that was there, so most mutants pass the check and are built
    holder[chosen[-1]] = old + value if isinstance(old, str) and isinstance(value, str) else value
    dumped = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    path.write_text(f"---\n{dumped}---\n{body}" if name.endswith(".md") else dumped, encoding="utf-8")


def _build_mutant(name: str, where: int | tuple[object, ...], value: object) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "content"
        shutil.copytree(FIXTURES / "minimal", root)
        _mutated(root, name, where, value)
        err = io.StringIO()
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
            code = main(["build", "--content", str(root), "--site-dir", f"{tmp}/site",
                         "--letters-dir", f"{tmp}/letters", "--today", "2026-11-24"])
        said = err.getvalue()
        assert code in (0, 1), said
        assert "内部错误" not in said and "Traceback" not in said, said
        if code == 1:
            assert said.strip()


KNOWN = [
    # found by hostile testing or the slow fuzz in CI: each was an internal error once
    ("cases/2026-0001.yaml", ("received",), dt.date(1, 1, 1)),  # passed check; build: year 0 is out of range
    ("cases/2026-0001.yaml", ("accepted",), dt.date(9999, 12, 31)),  # a deadline past year 9999
    ("schedule/city.yaml", ("rules", 0, "start"), dt.date(1, 1, 1)),
    ("schedule/city.yaml", ("rules", 0, "times", 0, "start"), 0),  # pydantic: seconds after midnight UTC
    ("schedule/city.yaml", ("rules", 0, "times", 0, "end"), "12:00+08:00"),  # a time with a zone
    ("leaders.yaml", ("leaders", 0, "id"), "index"),  # would replace the leaders' list
    ("notices/holiday.md", ("title",), "\r[x](javascript:alert(1))"),
]


@pytest.mark.parametrize(("name", "where", "value"), KNOWN)
def test_mutants_that_once_crashed_a_build_are_content_errors(name: str, where: tuple[object, ...],
                                                              value: object) -> None:
    """Run in the fast set whatever the random draw: the fuzz's oracle on the mutants that
    reached an internal error before (the draw of 36 below is fixed and meets none of them)."""
    _build_mutant(name, where, value)


@settings(max_examples=36, deadline=None, suppress_health_check=[HealthCheck.too_slow],
          derandomize=True)
@given(name=st.sampled_from(BUILD_TARGETS), where=st.integers(0, 10_000), value=VALUES)
def test_builds_of_mutated_content_never_reach_an_internal_error(name: str, where: int, value: object) -> None:
    _build_mutant(name, where, value)


@pytest.mark.slow
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=st.sampled_from(BUILD_TARGETS), where=st.integers(0, 10_000), value=VALUES)
def test_many_builds_of_mutated_content_never_reach_an_internal_error(name: str, where: int,
                                                                      value: object) -> None:
    _build_mutant(name, where, value)

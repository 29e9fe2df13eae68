"""Property tests: whatever a clerk's editor saves, the loader answers with error
lines, never a traceback."""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

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

"""A city's case files are read by two processes (the second half forked): the cases, their
order and every problem, in the order of the files, are what one process reads."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import generator.load as load
from generator.errors import ContentError
from generator.load import load_content
from tests.conftest import REPO, edit


def _office(tmp_path: Path) -> Path:
    root = tmp_path / "content"
    shutil.copytree(REPO / "content", root)
    cases = sorted((root / "cases").glob("*.yaml"))
    assert len(cases) >= 6
    # a problem in each half: a day that does not exist (first half), an unknown field and a
    # duplicate id (second half), a symlink out of the content (second half)
    edit(cases[0], "received: ", "received: 2026-02-30\nold_received: ")
    edit(cases[-2], "id: ", "colour: red\nid: ")
    shutil.copy(cases[1], root / "cases/zz-duplicate.yaml")
    (root / "cases/zz-outside.yaml").symlink_to(tmp_path / "elsewhere.yaml")
    (tmp_path / "elsewhere.yaml").write_text("id: x\n", encoding="utf-8")
    return root


def _problems(root: Path) -> list[str]:
    with pytest.raises(ContentError) as caught:
        load_content(root)
    return [str(problem) for problem in caught.value.problems]


def test_two_processes_report_what_one_does(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _office(tmp_path)
    monkeypatch.setattr(load, "PARALLEL_CASES", 10**9)
    alone = _problems(root)
    monkeypatch.setattr(load, "PARALLEL_CASES", 2)
    split = _problems(root)
    assert split == alone
    shown = "\n".join(split)
    for expected in ("不是真实存在的日期", "colour", "重复", "内容目录之外"):
        assert expected in shown


def test_two_processes_read_the_same_cases(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(load, "PARALLEL_CASES", 10**9)
    alone = load_content(REPO / "content")
    monkeypatch.setattr(load, "PARALLEL_CASES", 2)
    split = load_content(REPO / "content")
    assert list(split.cases) == list(alone.cases)
    assert split.cases == alone.cases
    assert split.sources == alone.sources


def test_the_schedule_expanded_while_the_cases_are_read_is_the_one_expanded_after(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from generator.pipeline import prepare

    monkeypatch.setattr(load, "PARALLEL_CASES", 10**9)
    alone = prepare(REPO / "content")
    monkeypatch.setattr(load, "PARALLEL_CASES", 2)
    split = prepare(REPO / "content")
    assert split.sessions == alone.sessions
    assert (split.warnings, split.notes, split.receptions) == (alone.warnings, alone.notes, alone.receptions)
    assert split.content.cases == alone.content.cases
    assert split.repeats == alone.repeats


def test_a_schedule_naming_nobody_known_is_reported_with_the_cases_problems(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Content with a problem before its cases are read is not expanded; its problems and
    the cases' come together, whichever process read them."""
    root = _office(tmp_path)
    edit(root / "schedule/city.yaml", "leaders: [zhou-mingyuan]", "leaders: [zhou-mingyaun]")
    for parallel in (10**9, 2):
        monkeypatch.setattr(load, "PARALLEL_CASES", parallel)
        with load.Loading(root) as loading:
            assert loading.without_cases is None
        shown = "\n".join(_problems(root))
        for expected in ("zhou-mingyaun", "是不是“zhou-mingyuan”", "不是真实存在的日期", "colour", "内容目录之外"):
            assert expected in shown

"""The pipeline: every command that writes runs the whole check first, so nothing is
written from content that ``xinfang check`` rejects; ``check`` itself writes nothing; the few
commands that need no content work while it does not load."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from generator.cli import main
from generator.errors import ContentError
from generator.pipeline import Pipeline
from tests.conftest import edit

CASE = "2026-0001"


@pytest.fixture
def incomplete(content_copy: Callable[[str], Path]) -> Path:
    """The minimal content with a case asking for a 处理意见书 it has no facts for."""
    root = content_copy("minimal")
    edit(root / "cases" / f"{CASE}.yaml", "letters: [acceptance]", "letters: [acceptance, reply]")
    return root


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("command", [
    ["build", "--site-dir", "{tmp}/site", "--letters-dir", "{tmp}/letters"],
    ["ledger", "-o", "{tmp}/ledger.xlsx"],
    ["letter", CASE, "acceptance", "-o", "{tmp}/letters/a.docx"],  # the incomplete case's own letter
    ["check"],
    ["report", "2026-10", "-o", "{tmp}/report.docx"],
    ["bundle", "-o", "{tmp}/site.zip"],
    ["export", "schedule", "2026-10", "-o", "{tmp}/schedule.csv"],
    ["statistics", "2026", "--format", "csv"],
])  # deadlines lists an incomplete case, marked (tests/test_one_bad_case.py)
def test_every_command_runs_the_letter_checks_before_writing(
        command: list[str], incomplete: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    out.mkdir()
    before = _files(incomplete)
    args = [part.replace("{tmp}", str(out)) for part in command]
    assert main([*args, "--content", str(incomplete)]) == 1
    err = capsys.readouterr().err
    assert f"cases/{CASE}.yaml:1: " in err and "信访处理意见书" in err and "Traceback" not in err
    assert list(out.iterdir()) == []  # no site, no letters, no ledger
    assert _files(incomplete) == before  # the register untouched


def test_check_writes_nothing(content_copy: Callable[[str], Path], tmp_path: Path,
                              monkeypatch: pytest.MonkeyPatch) -> None:
    root = content_copy("minimal")
    before = _files(tmp_path)
    monkeypatch.chdir(tmp_path)
    prepared = Pipeline(root).check()
    assert CASE in prepared.content.cases
    assert _files(tmp_path) == before


def test_the_pipeline_prepares_once_and_reports_warnings(content_copy: Callable[[str], Path]) -> None:
    warnings: list[str] = []
    pipeline = Pipeline(content_copy("minimal"), warn=warnings.append)
    first = pipeline.check()
    assert pipeline.check() is first and pipeline.prepare() is first
    assert warnings == first.warnings  # each warning once, not once per step


def test_check_raises_every_problem(incomplete: Path) -> None:
    with pytest.raises(ContentError) as caught:
        Pipeline(incomplete).check()
    assert any("replied" in p.message and "facts" in p.message for p in caught.value.problems)


def test_the_commands_that_need_no_content_work_while_it_does_not_load(
        content_copy: Callable[[str], Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """A clerk mending a broken case file can still write the editor's schemas, compare the
    templates and continue the paper register: those commands never load the content."""
    root = content_copy("minimal")
    (root / "cases" / f"{CASE}.yaml").write_text("id: [unclosed\n", encoding="utf-8")
    monkeypatch.setenv("XINFANG_TODAY", "2026-11-24")
    monkeypatch.chdir(tmp_path)
    assert main(["check", "--content", str(root)]) == 1
    capsys.readouterr()
    assert main(["schema", "-o", str(tmp_path / "schemas"), "--content", str(root)]) == 0
    assert (tmp_path / "schemas" / "case.schema.json").is_file()
    assert main(["templates", "diff", "--content", str(root)]) == 0
    assert "letter_templates/" in capsys.readouterr().out
    assert main(["register", "start", "测信复", "2026", "46", "--content", str(root)]) == 0
    assert "测信复〔2026〕46号" in capsys.readouterr().out
    assert main(["rollback", "--site-dir", str(tmp_path / "site"), "--content", str(root)]) == 2
    assert "没有可恢复的上一版" in capsys.readouterr().err

"""The register takes no impossible value and cannot silently restart: ``register start``
checks the 机关代字, the year and the number; ``check`` refuses absurd rows; a high-water
mark per code and year, kept in the register itself, shows a truncated or emptied file."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from generator.casework.register import Register, Request
from generator.cli import main
from generator.model.kinds import LetterKind
from tests.conftest import REPO, edit

TODAY = dt.date(2026, 11, 24)


@pytest.fixture
def content(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "content"
    shutil.copytree(REPO / "content", root)
    monkeypatch.setenv("XINFANG_TODAY", TODAY.isoformat())
    return root


def _start(content: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(["register", "start", *args, "--content", str(content)])
    return code, capsys.readouterr().err


@pytest.mark.parametrize(("args", "said"), [
    (["../x", "2026", "46"], "机关代字"),
    (["示信复/../../x", "2026", "46"], "机关代字"),
    (["", "2026", "46"], "机关代字"),
    (["示信复", "1900", "46"], "年份"),
    (["示信复", "2028", "46"], "年份"),  # today is 2026: next year at most
    (["示信复", "2026", "0"], "1 至 99999"),
    (["示信复", "2026", "100000"], "1 至 99999"),
    (["示信复", "2026", "12345678901234567890"], "1 至 99999"),
])
def test_register_start_refuses_impossible_values(content: Path, capsys: pytest.CaptureFixture[str],
                                                  args: list[str], said: str) -> None:
    before = (content / "register.tsv").read_bytes()
    code, err = _start(content, capsys, *args)
    assert code == 2 and said in err, err
    assert (content / "register.tsv").read_bytes() == before


def test_register_start_refuses_a_year_before_the_registers_rows(content: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    assert "\t2026\t" in (content / "register.tsv").read_text(encoding="utf-8")
    code, err = _start(content, capsys, "示信复", "2025", "46")
    assert code == 2 and "2026" in err and "年份" in err
    code, _ = _start(content, capsys, "示信复", "2027", "46")
    assert code == 0


def test_check_refuses_absurd_rows(content: Path, capsys: pytest.CaptureFixture[str]) -> None:
    register = content / "register.tsv"
    lines = register.read_text(encoding="utf-8").splitlines(keepends=True)
    row = next(i for i, line in enumerate(lines) if not line.startswith("#"))
    fields = lines[row].split("\t")
    lines[row] = "\t".join([fields[0], fields[1], "999999999999999999999999999999", *fields[3:]])
    register.write_text("".join(lines), encoding="utf-8")
    assert main(["check", "--content", str(content)]) == 1
    err = capsys.readouterr().err
    assert f"register.tsv:{row + 1}:" in err and "99999" in err


def test_a_code_in_office_yaml_has_the_same_form(content: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(content / "office.yaml", "    reply: 示信复\n", "    reply: ../示信复\n")
    assert main(["check", "--content", str(content)]) == 1
    err = capsys.readouterr().err
    assert "office.yaml:" in err and "机关代字" in err


def _numbered(path: Path, count: int) -> Register:
    register = Register(path)
    register.assign([Request(f"2026-{n:04d}", LetterKind.REPLY, "示信复", 2026, TODAY) for n in range(1, count + 1)])
    return register


def test_the_high_water_mark_is_kept_in_the_register(tmp_path: Path) -> None:
    path = tmp_path / "register.tsv"
    register = _numbered(path, 5)
    assert register.problems() == []
    lines = path.read_text(encoding="utf-8").splitlines()
    assert any(line.startswith("#") and line.endswith("示信复\t2026\t5") for line in lines)  # a line of its own


def test_a_truncated_register_is_refused_and_says_how_to_recover(tmp_path: Path) -> None:
    path = tmp_path / "register.tsv"
    register = _numbered(path, 5)
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(lines[:-2]), encoding="utf-8")  # the last two rows lost
    (problem,) = register.problems()
    assert "5" in problem.message and "3" in problem.message
    assert "版本库" in problem.message and "register start 示信复 2026 6" in problem.message
    # the advice works: a start row at 6 accepts the gap, and numbering goes on at 6
    register.start("示信复", 2026, 6, TODAY)
    assert register.problems() == []
    (entry,) = register.assign([Request("2026-0099", LetterKind.REPLY, "示信复", 2026, TODAY)])
    assert entry.number == 6


def test_an_emptied_register_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "register.tsv"
    register = _numbered(path, 3)
    path.write_bytes(b"")
    (problem,) = register.problems()
    assert "空" in problem.message and "版本库" in problem.message


def test_numbering_never_goes_below_the_mark(tmp_path: Path) -> None:
    path = tmp_path / "register.tsv"
    _numbered(path, 5)
    text = path.read_text(encoding="utf-8")
    path.write_text("\n".join(line for line in text.splitlines() if "\t2026-0005\t" not in line) + "\n",
                    encoding="utf-8")
    (entry,) = Register(path).assign([Request("2026-0100", LetterKind.REPLY, "示信复", 2026, TODAY)])
    assert entry.number == 6

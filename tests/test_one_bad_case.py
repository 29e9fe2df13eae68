"""One case missing a fact stops only itself: the letter of a sound case is made (the other
named in one warning), ``deadlines`` lists every open case and marks the incomplete one, and
``build`` and ``check`` still refuse."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.cli import main
from tests.conftest import sample_office


@pytest.fixture
def office(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    sample_office(tmp_path, monkeypatch)
    # 2026-0006 (open, a 提示函) loses the requirements its letter needs
    case = tmp_path / "content/cases/2026-0006.yaml"
    text = case.read_text(encoding="utf-8")
    start = text.index("  requirements:")
    end = text.index("\n  ", text.index("\n", start) + 1)
    rest = text[end + 1:]
    while rest.startswith("    - "):
        rest = rest[rest.index("\n") + 1:]
    case.write_text(text[:start] + rest, encoding="utf-8")
    return tmp_path


def test_a_sound_case_s_letter_is_made_and_the_other_named_once(office: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check"]) == 1
    assert "案件“2026-0006”要生成提示函（reminder），但案件文件中还没有：工作要求" in capsys.readouterr().err
    assert main(["letter", "2026-0010", "reply"]) == 0
    err = capsys.readouterr().err
    assert err.count("2026-0006") == 1
    assert "案件“2026-0006”的文书还不能生成（缺少信息或不合程序）" in err
    assert (office / "letters/2026-0010-reply.docx").is_file()
    # the incomplete case's own letter is still refused, with the reason
    assert main(["letter", "2026-0006", "reminder"]) == 1
    assert "工作要求" in capsys.readouterr().err


def test_deadlines_lists_every_case_and_marks_the_incomplete_one(office: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["deadlines", "--json"]) == 0
    rows = {row["case"]: row for row in json.loads(capsys.readouterr().out)}
    assert rows["2026-0006"]["incomplete"] is True
    assert rows["2026-0005"]["incomplete"] is False
    assert main(["deadlines"]) == 0
    line = next(line for line in capsys.readouterr().out.splitlines() if "2026-0006" in line)
    assert "【文书信息不全，见 xinfang check】" in line


def test_build_stays_all_or_nothing(office: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["build"]) == 1
    assert "工作要求" in capsys.readouterr().err
    assert not (office / "site").exists() and not (office / "letters").exists()
    assert not (office / "content/register.tsv").exists()

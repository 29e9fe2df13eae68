"""Supervision letters that know the case: a 提示函 only before the due date, none at all once
the case is closed, unless the clerk forces one and says why (the register keeps the reason).

Sample case 2026-0006: accepted Monday 2026-09-28; +60 days = Friday 11-27 (by hand)."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.cli import main
from tests.conftest import edit, sample_office


@pytest.fixture
def office(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return sample_office(tmp_path, monkeypatch)


def test_a_reminder_after_the_due_date_is_refused_naming_the_supervision_letter(
        office: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(office / "content/cases/2026-0006.yaml", "  issued: 2026-11-24", "  issued: 2026-12-01")
    assert main(["check"]) == 1
    err = capsys.readouterr().err
    assert ("案件“2026-0006”的期限（办结并出具信访处理意见书）已于2026年11月27日届满，到2026年12月1日已超期4日："
            "提示函只在期限届满前发，应发督办函（supervision）") in err
    assert "xinfang letter 2026-0006 reminder --force 原因" in err
    assert main(["letter", "2026-0006", "reminder"]) == 1
    assert not (office / "letters/2026-0006-reminder.docx").exists()


def test_a_reminder_before_the_due_date_is_made(office: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["letter", "2026-0006", "reminder"]) == 0, capsys.readouterr().err


@pytest.mark.parametrize(("case", "kind"), [("2026-0005", "supervision"), ("2026-0006", "reminder"),
                                            ("2026-0007", "accountability")])
def test_no_supervision_letter_for_a_closed_case(office: Path, capsys: pytest.CaptureFixture[str],
                                                case: str, kind: str) -> None:
    path = office / f"content/cases/{case}.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "closed: 2026-11-20\n", encoding="utf-8")
    assert main(["letter", case, kind]) == 1
    err = capsys.readouterr().err
    assert f"案件“{case}”已于2026年11月20日办结，2026年11月24日不能再发" in err and f"（{kind}）" in err
    # once the letter is taken off the case, deadlines lists no closed case, nor a letter for it
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(f", {kind}]", "]").replace(f"[{kind}]", "[]"), encoding="utf-8")
    assert main(["deadlines"]) == 0, capsys.readouterr().err
    assert case not in capsys.readouterr().out


def test_force_makes_the_letter_and_the_register_says_why(office: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(office / "content/cases/2026-0006.yaml", "  issued: 2026-11-24", "  issued: 2026-12-01")
    assert main(["letter", "2026-0006", "reminder", "--force", "市领导批示，再提示一次"]) == 0, capsys.readouterr().err
    rows = [line.split("\t") for line in (office / "content/register.tsv").read_text(encoding="utf-8").splitlines()
            if "\t2026-0006\treminder\t" in line]
    assert [(row[5], row[6], row[7]) for row in rows] == [("2026-12-01", "issued", "强制生成：市领导批示，再提示一次")]
    # the register's record lets check (and build) accept the letter from now on
    assert main(["check"]) == 0, capsys.readouterr().err
    # a force without a reason is misuse
    assert main(["letter", "2026-0006", "reminder", "--force", " "]) == 2

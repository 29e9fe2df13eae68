"""A case answered again: a 复核 orders the work redone, the office issues a second 信访处理意见书
with its own number, date and delivery, and the petitioner's 复查 window runs from it.

Dates by hand (2026 calendar: 国庆/中秋 10-01..10-07): the 复核 ordering the redo was delivered
Thursday 09-24; +60 days = Monday 11-23 for the new answer.  The second answer was delivered
Wednesday 11-04; +30 days = Friday 12-04 closes its 复查 window."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from docx import Document

from generator.calendar.deadlines import Limit, case_deadlines
from generator.cli import main
from generator.pipeline import prepare
from tests.conftest import edit, sample_office

SECOND = """answers:
  - replied: 2026-11-02
    delivered: 2026-11-04
    facts:
      - 重新清点发现遗漏果树12株，应补发补偿款。
    opinions:
      - request: 要求提高青苗和地上附着物补偿
        decision: support
        reason: 重新清点确认遗漏果树12株，应按公布的标准补发补偿
    letters: [reply]
"""


@pytest.fixture
def office(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    sample_office(tmp_path, monkeypatch)
    case = tmp_path / "content/cases/2026-0003.yaml"
    text = case.read_text(encoding="utf-8")
    # the 复核 (the second "result: uphold") orders the work redone
    head, _, tail = text.rpartition("  result: uphold")
    text = head + "  result: redo" + tail
    case.write_text(text.replace("closed: 2026-09-24", "closed: 2026-11-05"), encoding="utf-8")
    edit(case, "letters: [reply, review, recheck]\n", "letters: [reply, review, recheck]\n" + SECOND)
    return tmp_path


def words(path: Path) -> str:
    return "".join(p.text for p in Document(str(path)).paragraphs)


def test_a_redo_says_what_happens_next_and_nothing_about_no_further_acceptance(
        office: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["letter", "2026-0003", "recheck", "-o", "out/recheck.docx"]) == 0, capsys.readouterr().err
    text = words(office / "out/recheck.docx")
    assert "责令原办理机关重新办理" in text
    assert "示例市信访局应当自收到本复核意见之日起60日内重新办理" in text
    assert "出具新的信访处理意见书" in text
    assert "依照《信访工作条例》第三十五条的规定，自收到之日起30日内请求复查" in text
    assert "不再受理" not in text and "最终处理意见" not in text


def test_the_second_answer_has_its_own_number_date_and_window(office: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["letter", "2026-0003", "reply"]) == 0
    assert main(["letter", "2026-0003", "reply", "--answer", "2"]) == 0, capsys.readouterr().err
    first, second = office / "letters/2026-0003-reply.docx", office / "letters/2026-0003-reply-2.docx"
    assert "本机关对该项请求不予支持" in words(first)
    assert "本机关对该项请求予以支持" in words(second) and "遗漏果树12株" in words(second)
    rows = [line.split("\t") for line in (office / "content/register.tsv").read_text(encoding="utf-8").splitlines()
            if line and not line.startswith("#")]
    numbers = {row[4]: (row[0], row[2], row[5]) for row in rows}
    assert numbers["reply"] == ("示信复", "1", "2026-05-29")
    assert numbers["reply-2"] == ("示信复", "2", "2026-11-02")
    assert "示信复〔2026〕2号" in words(second) and "2026年11月2日" in words(second)
    # the windows and deadlines run from the latest answer
    prepared = prepare(office / "content")
    due = {d.limit.key: d for d in case_deadlines(prepared.content.cases["2026-0003"], prepared.calendar,
                                                   prepared.content.office)}
    assert (due[Limit.HANDLE].started, due[Limit.HANDLE].due) == (dt.date(2026, 9, 24), dt.date(2026, 11, 23))
    assert due[Limit.HANDLE].met_on == dt.date(2026, 11, 2)
    assert (due[Limit.REVIEW_REQUEST].started, due[Limit.REVIEW_REQUEST].due) == (
        dt.date(2026, 11, 4), dt.date(2026, 12, 4))
    assert Limit.RECHECK_ANSWER not in due  # the first round's 复查 and 复核 are history
    # --answer beyond the case's answers is misuse
    assert main(["letter", "2026-0003", "reply", "--answer", "3"]) == 2


def test_build_makes_every_answer_s_letters_and_void_frees_the_second(office: Path,
                                                                      capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check"]) == 0, capsys.readouterr().err
    from generator.letters.render import render_case_letters
    written = render_case_letters(prepare(office / "content"), office / "letters", today=dt.date(2026, 11, 24))
    names = {path.name for path in written}
    assert {"2026-0003-reply.docx", "2026-0003-reply-2.docx", "2026-0003-recheck.docx"} <= names
    register = office / "content/register.tsv"
    (row,) = [line.split("\t") for line in register.read_text(encoding="utf-8").splitlines()
              if "\t2026-0003\treply-2\t" in line]
    number = f"{row[0]}[{row[1]}]{int(row[2]):02d}号"  # typed as an office that pads writes it
    assert main(["void", number, "--reason", "送达地址有误"]) == 0
    assert main(["letter", "2026-0003", "reply", "--answer", "2"]) == 0
    text = register.read_text(encoding="utf-8")
    assert f"{row[0]}\t2026\t{row[2]}\t2026-0003\treply-2\t2026-11-02\tvoided\t送达地址有误" in text
    assert f"{row[0]}〔2026〕{row[2]}号" not in words(office / "letters/2026-0003-reply-2.docx")


def test_a_second_answer_without_a_change_or_redo_before_it_is_refused(office: Path,
                                                                      capsys: pytest.CaptureFixture[str]) -> None:
    edit(office / "content/cases/2026-0003.yaml", "  result: redo", "  result: uphold")
    assert main(["check"]) == 1
    err = capsys.readouterr().err
    assert "第2份处理意见书（answers 第1项）之前，没有变更原意见或责令重新办理的复查、复核意见" in err

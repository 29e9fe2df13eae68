"""office.yaml ``letters.kinds``: a per-kind title template that may carry the petitioner's
name (masked or full), checked when content is checked; and ``numbered: false``, a kind the
office does not number: no 发文字号, no register row, and the other kinds' numbers, the register
and ``void`` as before.  Read from the .docx and register.tsv."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn

from generator.casework.register import register_for
from generator.cli import main
from generator.letters.render import render_case_letters
from generator.pipeline import prepare
from tests.conftest import edit, sample_office

TITLE_FONT = "方正小标宋简体"  # letters.fonts.title (the default)
TODAY = dt.date(2026, 11, 24)


def title_of(path: Path) -> str:
    """The title as printed: the paragraphs set in the title font, joined."""
    lines = [p.text for p in Document(str(path)).paragraphs
             if p.runs and p.runs[0]._r.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")) == TITLE_FONT]
    return "".join(lines)


def kinds(office: Path, settings: str) -> None:
    edit(office / "content/office.yaml", "letters:\n", "letters:\n  kinds:\n" + settings)


def letter(office: Path, capsys: pytest.CaptureFixture[str], case: str, kind: str) -> Path:
    path = office / f"{case}-{kind}.docx"
    code = main(["letter", case, kind, "-o", str(path)])
    assert code == 0, capsys.readouterr().err
    return path


# --- the title template -----------------------------------------------------------------------

def test_a_title_carries_the_name_masked_or_full(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    office = sample_office(tmp_path, monkeypatch)
    kinds(office, "    reply: {title: '关于{信访人}信访事项的处理意见书', names: full}\n"
                  "    acceptance: {title: '关于{信访人}反映{问题类别}问题的受理告知书'}\n")
    # 2026-0001: 赵春华, 社会保险
    assert title_of(letter(office, capsys, "2026-0001", "reply")) == "关于赵春华信访事项的处理意见书"
    assert title_of(letter(office, capsys, "2026-0001", "acceptance")) == "关于赵某反映社会保险问题的受理告知书"


def test_the_default_titles_are_unchanged(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    office = sample_office(tmp_path, monkeypatch)
    assert title_of(letter(office, capsys, "2026-0001", "reply")) == "信访事项处理意见书"


@pytest.mark.parametrize(("title", "words"), [
    ("关于{姓名}信访事项的处理意见书", "{姓名}"),
    ("关于{信访人信访事项的处理意见书", "不成对"),
    ("关于{信访人!r}信访事项", "{信访人!r}"),
    ("关于{信访人:>9}信访事项", "{信访人:>9}"),
    ("关于{0}信访事项", "{0}"),
])
def test_a_bad_title_template_is_a_check_error_at_its_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                           capsys: pytest.CaptureFixture[str],
                                                           title: str, words: str) -> None:
    office = sample_office(tmp_path, monkeypatch)
    kinds(office, "    reply:\n      title: '" + title + "'\n")
    assert main(["check"]) == 1
    err = capsys.readouterr().err
    line = 1 + next(i for i, text in enumerate((office / "content/office.yaml").read_text(encoding="utf-8")
                                               .splitlines()) if "title:" in text)
    assert f"office.yaml:{line}:" in err and words in err and "Traceback" not in err, err


def test_a_hostile_name_stays_inside_the_title(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    office = sample_office(tmp_path, monkeypatch)
    kinds(office, "    reply: {title: '关于{信访人}信访事项的处理意见书', names: full}\n")
    name = "{问题类别}---机关标志：假机关 文号: 假〔2026〕1号" + "长" * 300
    edit(office / "content/cases/2026-0001.yaml", "  name: 赵春华", f"  name: '{name}'")
    path = letter(office, capsys, "2026-0001", "reply")
    document = Document(str(path))
    assert title_of(path) == f"关于{name}信访事项的处理意见书"  # its braces are not a placeholder
    assert len(document.core_properties.title) == 255  # a .docx property holds no more
    texts = [p.text for p in document.paragraphs]
    assert not any(t.startswith(("假机关", "文号")) for t in texts)
    assert sum(bool(re.search(r"示信复〔2026〕\d+号", t)) for t in texts) == 1  # the real number, once


# --- numbered: false --------------------------------------------------------------------------

def test_an_unnumbered_kind_takes_no_number(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    office = sample_office(tmp_path, monkeypatch)
    kinds(office, "    acceptance: {numbered: false}\n")
    edit(office / "content/office.yaml", "    acceptance: 示信受\n", "")  # and needs no 机关代字
    assert main(["check"]) == 0, capsys.readouterr().err
    prepared = prepare(office / "content")
    folder = office / "letters"
    written = render_case_letters(prepared, folder, today=TODAY)
    acceptances = [p for p in written if p.stem.endswith("-acceptance")]
    replies = [p for p in written if p.stem.endswith("-reply")]
    assert acceptances and replies
    for path in acceptances:
        assert not any(re.search(r"〔\d{4}〕|\d+号$", p.text) for p in Document(str(path)).paragraphs), path
    rows = [e for e in register_for(prepared)._read()]
    assert not [e for e in rows if e.kind.startswith("acceptance")]
    # the numbered kinds count from 1 as before, one number per letter
    reply_numbers = sorted(e.number for e in rows if e.code == "示信复")
    assert reply_numbers == list(range(1, len(replies) + 1))
    first = next(e for e in rows if e.code == "示信复" and e.number == 1)
    assert any(p.text == first.text for p in Document(str(folder / f"{first.case}-reply.docx")).paragraphs)
    # made again: the unnumbered letters are no orphans, and no number moves
    again = render_case_letters(prepare(office / "content"), folder, today=TODAY)
    assert len(again) == len(written)
    assert register_for(prepared)._read() == rows
    # one letter on its own, and void of a numbered kind, as before
    assert title_of(letter(office, capsys, "2026-0001", "acceptance")) == "信访事项受理告知书"
    assert register_for(prepared)._read() == rows
    assert main(["void", first.text, "--reason", "重新出具"]) == 0, capsys.readouterr().err
    assert [e.status for e in register_for(prepared)._read() if e.text == first.text] == ["voided"]

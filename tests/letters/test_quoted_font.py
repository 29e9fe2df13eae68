"""楷体 only for what a template quotes: in a 处理意见书's “（一）关于“……”：……。” only the quoted
request is 楷体, the sentence around it 仿宋; a （一） item written as a sentence is body text;
a （一） heading line stays 楷体 (GB/T 9704 7.3.3).  Read from the .docx runs' fonts."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn

from generator.cli import main
from tests.conftest import edit, sample_office

FANGSONG, KAI, HEI = "仿宋_GB2312", "楷体_GB2312", "黑体"  # office.yaml's letters.fonts (the defaults)
# a request typed with its own quotation marks, opening and closing nothing
REQUEST = "要求单位补缴”欠缴的“养老保险费"


def runs(paragraph) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    """(text, East Asian font) of each run."""
    return [(r.text, r._r.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia"))) for r in paragraph.runs]


@pytest.fixture
def letter(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> list:  # type: ignore[type-arg]
    office = sample_office(tmp_path, monkeypatch)
    edit(office / "content/cases/2026-0001.yaml", "  - request: 要求单位补缴2019年3月至2021年12月欠缴的养老保险费",
         f"  - request: {REQUEST}")
    # an office's own heading line in the template: a real 二级标题
    edit(office / "letter_templates/reply.j2", "二、事实和理由\n", "二、事实和理由\n（一）调查核实情况\n")
    assert main(["letter", "2026-0001", "reply", "-o", str(tmp_path / "reply.docx")]) == 0, capsys.readouterr().err
    return list(Document(str(tmp_path / "reply.docx")).paragraphs)


def test_only_the_quoted_request_is_kai(letter: list) -> None:  # type: ignore[type-arg]
    opinion = next(p for p in letter if p.text.startswith("（一）关于“"))
    assert opinion.text.startswith(f"（一）关于“{REQUEST}”：用人单位依法")
    assert runs(opinion) == [("（一）关于“", FANGSONG), (REQUEST, KAI), (opinion.text[len(REQUEST) + 6:], FANGSONG)]
    assert opinion.text[len(REQUEST) + 6:].startswith("”：")
    # the request listed as a sentence under 一、 is body text, and so is every other paragraph
    listed = next(p for p in letter if p.text == f"（一）{REQUEST}。")
    assert runs(listed) == [(f"（一）{REQUEST}。", FANGSONG)]
    kai = [text for p in letter for text, font in runs(p) if font == KAI]
    assert kai == ["（一）调查核实情况", REQUEST]
    heading = next(p for p in letter if p.text.startswith("一、"))
    assert {font for _, font in runs(heading)} == {HEI}

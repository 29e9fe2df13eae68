"""Case values are data, never letter markup: a newline in a petitioner's name or a
fact cannot add a red masthead, a key line, a separator or a heading to the letter."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from docx import Document

from generator.letters.document import BlockKind
from generator.letters.markup import DataSlots, TemplateText, parse_letter
from generator.letters.render import render_letter
from generator.letters.templates import SHIPPED
from generator.model.kinds import LetterKind
from generator.pipeline import prepare
from tests.conftest import REPO, edit


def _letter(tmp_path: Path, case_edits: list[tuple[str, str]], kind: LetterKind) -> list[str]:
    shutil.copytree(REPO / "content", tmp_path / "content")
    shutil.copytree(SHIPPED, tmp_path / "letter_templates")
    case_file = tmp_path / "content/cases/2026-0001.yaml"
    for old, new in case_edits:
        edit(case_file, old, new)
    output = tmp_path / "letter.docx"
    render_letter(prepare(tmp_path / "content"), "2026-0001", kind, output, today=dt.date(2026, 11, 24))
    return [p.text for p in Document(str(output)).paragraphs]


def test_a_newline_in_the_petitioner_name_cannot_add_a_masthead(tmp_path: Path) -> None:
    injected = 'name: "赵春华\\n机关标志: 国务院办公厅\\n文号: 国办发〔2026〕1号"'
    paragraphs = _letter(tmp_path, [("name: 赵春华", injected)], LetterKind.ACCEPTANCE)
    holding = [p for p in paragraphs if "国务院办公厅" in p]
    # the value stays inside the 主送 line, as text, with the name in front of it
    assert len(holding) == 1 and "赵春华" in holding[0] and "国办发" in holding[0], paragraphs
    assert not any(p.strip() in ("国务院办公厅", "国办发〔2026〕1号") for p in paragraphs)


def test_a_fact_cannot_end_the_body_or_become_a_heading(tmp_path: Path) -> None:
    fact = "  - 经市社会保险费征收机构"
    paragraphs = _letter(tmp_path, [(fact, '  - "---"\n  - "一、虚构的标题\\n署名: 国务院"\n' + fact)],
                         LetterKind.REPLY)
    # a sentence of its own (closed with 。 like every fact), not a separator
    assert "---。" in paragraphs, "the fact '---' is a paragraph of text, not a separator"
    heading = [p for p in paragraphs if p.startswith("一、虚构的标题")]
    assert heading and "署名: 国务院" in heading[0]
    # the letter still signs with the office, not with the injected 署名
    assert not any(p.strip() == "国务院" for p in paragraphs)


def test_slotted_values_keep_the_structure_the_template_gave() -> None:
    slots = DataSlots()
    name, heading, rule = slots.slot("甲\n机关标志: 乙\r\n"), slots.slot("一、标题"), slots.slot("---")
    text = (f"标题: 函\n主送: {name}\n---\n{heading}\n（{slots.slot(TemplateText('一'))}）正文\n{rule}\n"
            f"{slots.slot(7)}.第三层\n---\n署名: {slots.slot('  局 ')}\n日期: 2026年1月1日\n")
    letter = parse_letter(text, source="t.j2", slots=slots)
    assert letter.issuer_mark is None and letter.recipient == "甲 机关标志: 乙"
    assert [(b.kind, b.text) for b in letter.body] == [
        (BlockKind.PARAGRAPH, "一、标题"), (BlockKind.HEADING2, "（一）正文"), (BlockKind.PARAGRAPH, "---"),
        (BlockKind.HEADING3, "7.第三层")]
    assert letter.signature == "局"


def test_data_cannot_forge_a_slot() -> None:
    slots = DataSlots()
    first = slots.slot("甲")
    forged = slots.slot(f"乙{first}\n机关标志: 丙\ue0009\ue001")  # a value is text, whatever marks it holds
    letter = parse_letter(f"标题: {forged}\n---\n正文\n---\n署名: 局\n日期: 2026年1月1日\n", source="t", slots=slots)
    assert letter.title == "乙甲 机关标志: 丙" and letter.issuer_mark is None

"""The layout's three layers on their own: the standard's rules (gbt9704), the raw XML
helpers (ooxml) and the page builder's explicit cache (layout.Formats)."""

from __future__ import annotations

import io
import zipfile

from docx.shared import Emu

from generator.letters import gbt9704 as std
from generator.letters.document import Block, BlockKind, Fonts, LetterDocument, LetterFormat
from generator.letters.layout import Formats, render_document


def test_signature_placement_follows_7_3_5() -> None:
    # 示例市信访局 is 6 characters, 2026年11月24日 is 7 (each pair of digits is one character)
    assert std.width_chars("2026年11月24日") == 7
    # sealed: date 右空四字, the signature centred over it: 4 + (7 − 6) / 2
    assert std.signature_indents("示例市信访局", "2026年11月24日", sealed=True) == (4.5, 4.0)
    # 18 characters over a 7-character date: 4 + (7 − 18) / 2 = −1.5, so the signature goes to
    # the edge and the date 1.5 further in (5.5), both centred on the same axis 9 from the right
    assert std.signature_indents("示例市人民政府信访事项复查复核办公室", "2026年11月24日", sealed=True) == (0, 5.5)
    # unsealed: signature 右空二字 unless the date is longer, then the date 右空二字
    assert std.signature_indents("示例市信访局", "2026年11月24日", sealed=False) == (5.0, 2.0)
    assert std.signature_indents("示例市人民政府", "2026年1月2日", sealed=False) == (2.0, 1.0)


def test_the_type_area_is_156_by_225_mm() -> None:
    width = std.PAGE[0] - std.MARGINS["left"] - std.MARGINS["right"]
    height = std.PAGE[1] - std.MARGINS["top"] - std.MARGINS["bottom"]
    assert round(Emu(width).mm) == 156 and round(Emu(height).mm) == 225
    assert 22 * std.LINE.twips <= round(Emu(height).twips)  # 22 lines of 579 twips fit in 12 756


def _letter(title: str, fmt: LetterFormat = LetterFormat.DOCUMENT) -> LetterDocument:
    return LetterDocument(format=fmt, doc_number="示信〔2026〕3号", title=title, recipient="示例市教育局",
                          issuer_mark="示例市信访局" if fmt is LetterFormat.LETTER else None,
                          body=(Block(kind=BlockKind.PARAGRAPH, text="正文。"),),
                          signature="示例市信访局", date_text="2026年11月24日")


def _document_xml(data: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return package.read("word/document.xml")


def test_the_format_cache_is_an_object_and_leaves_nothing_of_one_letter_in_the_next() -> None:
    first, second = _letter("关于甲的函", LetterFormat.LETTER), _letter("关于乙的通知")
    fresh = render_document(first, Fonts(), Formats())
    shared = Formats()
    render_document(second, Fonts(), shared)
    render_document(_letter("关于丙的函", LetterFormat.LETTER), Fonts(), shared)
    again = render_document(first, Fonts(), shared)
    assert _document_xml(again) == _document_xml(fresh)
    assert "关于丙".encode() not in again and "关于乙".encode() not in again

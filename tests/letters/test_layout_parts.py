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


def _paragraphs(letter: LetterDocument) -> list[tuple[str, bool, str | None]]:
    """(text, keep-with-next, exact line height) of each body paragraph, in order."""
    from lxml import etree
    with zipfile.ZipFile(io.BytesIO(render_document(letter, Fonts()))) as package:
        root = etree.fromstring(package.read("word/document.xml"))
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    result = []
    for p in root.iter(f"{w}p"):
        if p.getparent().tag != f"{w}body":
            continue
        spacing = p.find(f"{w}pPr/{w}spacing")
        result.append(("".join(t.text or "" for t in p.iter(f"{w}t")), p.find(f"{w}pPr/{w}keepNext") is not None,
                       spacing.get(f"{w}line") if spacing is not None else None))
    return result


def _closing(lines: int, **extra: object) -> LetterDocument:
    body = tuple(Block(kind=BlockKind.PARAGRAPH, text=f"正文第{n}段。") for n in range(lines))
    return LetterDocument(doc_number="示信复〔2026〕3号", title="信访事项处理意见书", recipient="张三", body=body,
                          signature="示例市信访局", date_text="2026年11月24日", note="联系人：李四",
                          cc=("示例市人民政府信访局",), **extra)  # type: ignore[arg-type]


def test_the_closing_block_is_chained_to_the_last_body_paragraph() -> None:
    paragraphs = _paragraphs(_closing(3))
    texts = [text for text, _, _ in paragraphs]
    last = texts.index("正文第2段。")
    # from the last body paragraph on, each is kept with the next; nothing before it is
    assert all(keep for _, keep, _ in paragraphs[last:-1])
    assert not any(keep for _, keep, _ in paragraphs[:last]) and not paragraphs[-1][1]
    # the 版记 comes after 署名, 成文日期 and 附注, before a hairline anchor paragraph
    assert texts[last:] == ["正文第2段。", "", "", "示例市信访局", "2026年11月24日", "（联系人：李四）",
                            "抄送：示例市人民政府信访局。", ""]


def test_the_seal_space_is_tightened_only_when_that_keeps_the_block_on_the_page() -> None:
    """7.3.5.5, counted by hand: 文号, a blank, the title, a blank, 主送 take lines 1–5; each
    one-line paragraph one more; the block is 2 seal lines, 署名, 成文日期, 附注 (5) and the 版记
    (1 line, plus its hairline anchor and a quarter line allowed for its rules) at the foot.
    10 paragraphs: 5 + 10 + 5 + 1 = 21 of 22 lines; 11 and 12 overrun by a little and by a
    line and a bit, which the two seal lines tightened to a third each (1⅓ lines) make up;
    with 13 the block goes over with the last paragraph instead (LibreOffice's PDF prints
    the same: tests/letters/test_pdf_closing.py)."""
    def seal(lines: int) -> list[str | None]:
        paragraphs = _paragraphs(_closing(lines))
        signature = [text for text, _, _ in paragraphs].index("示例市信访局")
        return [height for _, _, height in paragraphs[signature - 2:signature]]

    assert seal(10) == [None, None]
    assert seal(11) == seal(12) == ["193", "193"]
    assert seal(13) == [None, None]


def test_the_heights_the_layout_records_are_those_the_paragraphs_xml_states(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The closing block's estimate reads each paragraph's height as the layout recorded it
    when it made the paragraph (from its prototype); at the moment of the estimate every
    recorded height must equal the one read back from the body's XML, framed 版记 lines left
    out: a masthead's space before, a hanging 附件 indent, a smaller or larger size, a Latin
    half-width run, a two-line title, headings, a 信函's mark and an empty line each count."""
    from docx.oxml.ns import qn

    from generator.letters import layout, pagination

    formats = Formats()
    compared: list[tuple[list[int], list[int]]] = []
    real = pagination.overflow_lines

    def compare(heights: list[int], chain_start: int, **kwargs: int) -> float:
        body = formats.get(Fonts(), letter.format).page.document.element.body
        flow = [p for p in body if p.tag == qn("w:p") and not pagination.is_framed(p)]
        compared.append(([pagination.paragraph_twips(p) for p in flow], heights))
        return real(heights, chain_start, **kwargs)

    monkeypatch.setattr(pagination, "overflow_lines", compare)
    long_title = "关于督促办理示例市某某区人力资源和社会保障局信访事项处理意见书落实情况的函"
    body = (Block(kind=BlockKind.PARAGRAPH, text="你于2026年1月1日反映的ABC公司拖欠工资问题，本机关依法受理。" * 3),
            Block(kind=BlockKind.HEADING1, text="一、事实和理由"), Block(kind=BlockKind.HEADING2, text="（一）经查"),
            Block(kind=BlockKind.PARAGRAPH, text="Latin text only, half width: 1234567890 " * 4))
    letters = [
        LetterDocument(format=LetterFormat.DOCUMENT, issuer_mark="示例市人民政府信访事项复查复核办公室",
                       doc_number="示信〔2026〕3号", title=long_title, recipient="示例市教育局", body=body,
                       attachments=("材料清单", "送达回证"), signature="示例市信访局", date_text="2026年11月24日",
                       note="联系人：李四", cc=("示例市人民政府", "示例市教育局"), printer="示例市信访局办公室",
                       print_date_text="2026年11月24日"),
        LetterDocument(format=LetterFormat.LETTER, issuer_mark="示例市信访局", doc_number="示信督〔2026〕1号",
                       title="关于督促办理的函", recipient="示例市教育局", body=body, attachments=("材料清单",),
                       signature="示例市信访局", date_text="2026年11月24日", sealed=False),
        # a title broken by hand keeps a 22-character line, which wraps at 二号 but would not at 三号
        LetterDocument(title="关于某某单位某某事项办理情况和下一步工作安排的\n通知", body=body[:1],
                       signature="示例市信访局", date_text="2026年11月24日", cc=("示例市人民政府",)),
    ]
    for letter in letters:
        render_document(letter, Fonts(), formats)
    assert len(compared) == len(letters)
    for read, recorded in compared:
        assert recorded == read
    assert layout.FORMATS is not formats  # the shared cache was not used (nor changed) here


def test_a_letter_is_the_same_file_whatever_letters_came_before_it() -> None:
    """The properties and the 信函 header are saved again only when the title, author or mark
    changes: a letter after others with another title, author or mark, or with the same, is
    byte for byte the file it is alone (title and author in docProps/core.xml, mark in the header)."""
    def letter(title: str, mark: str, signature: str) -> LetterDocument:
        return LetterDocument(format=LetterFormat.LETTER, doc_number="示信〔2026〕3号", title=title,
                              issuer_mark=mark, body=(Block(kind=BlockKind.PARAGRAPH, text="正文。"),),
                              signature=signature, date_text="2026年11月24日")

    first = letter("关于甲的函", "示例市信访局", "示例市信访局")
    others = [letter("关于乙的函", "示例市人民政府办公室", "示例市信访局"),
              letter("关于甲的函", "示例市信访局", "示例市人民政府"),
              letter("关于甲的函", "示例市教育局", "示例市信访局"), first]
    alone = render_document(first, Fonts(), Formats())
    for other in others:
        shared = Formats()
        render_document(other, Fonts(), shared)
        assert render_document(first, Fonts(), shared) == alone
        with zipfile.ZipFile(io.BytesIO(render_document(other, Fonts(), shared))) as package:
            assert other.title in package.read("docProps/core.xml").decode()
            assert other.signature in package.read("docProps/core.xml").decode()
            assert any(other.issuer_mark in package.read(name).decode() for name in package.namelist()
                       if name.startswith("word/header"))

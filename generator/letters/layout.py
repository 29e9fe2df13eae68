"""Lay a LetterDocument out to GB/T 9704-2012 with python-docx.

Numbers (clause in brackets): A4, margins top 37 / bottom 35 / left 28 / right 26 mm
so the type area is 156 × 225 mm (5.2); 22 lines of 28 三号 characters: exact line
pitch 579 twips (22 × 579 = 12 738 ≤ 12 756 twips of type area) on a line grid, and
−0.25 pt character spacing so 28 × 15.75 pt fits 442 pt (5.2.2); page numbers 四号
in — 1 —, odd pages right and even pages left, 7 mm below the type area (7.5).

Fonts are explicit on the styles and on every run, East-Asian included: python-docx's
``font.name`` writes only the Latin slots, and the default template's theme fonts
resolve Chinese text to a Japanese face (and WPS reads theme fonts differently).

The base document (styles, settings, section) is built once and copied per letter:
python-docx's default template carries ~800 KB of style XML that would otherwise be
parsed for every letter.
"""

from __future__ import annotations

import copy
import io
import zipfile
from dataclasses import dataclass, field
from functools import cache
from typing import Any, cast

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.opc.part import Part
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.oxml.text.paragraph import CT_P
from docx.oxml.text.run import CT_R
from docx.shared import Emu, Mm, Pt, RGBColor, Twips
from docx.text.paragraph import Paragraph
from docx.text.run import Run
from docx.types import ProvidesStoryPart

from .document import BlockKind, Fonts, LetterDocument, LetterFormat
from .package import Member, member, write_zip
from .title import break_title

LINE = Twips(579)
BODY_SIZE = Pt(16)  # 三号
TITLE_SIZE = Pt(22)  # 二号
NOTE_SIZE = Pt(14)  # 四号
CHAR = 320  # one 三号 character in twips
TYPE_WIDTH = 8845  # 156 mm in twips
RED = RGBColor(0xC0, 0x00, 0x00)
GLYPH_TOP, GLYPH_BOTTOM = 0.16, 0.18
"""On an exact line of 1.25 em a CJK glyph's top sits ~0.16 em under the line's top and its
bottom ~0.18 em over the line's bottom (measured in LibreOffice's PDF): the standard places
the glyphs' edges, not the lines'."""
_W_R = qn("w:r")
_WPS = "http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
KEEP_STYLES = {"Normal", "Default Paragraph Font", "Normal Table", "No List"}
# Parts of python-docx's default template a letter never uses; stylesWithEffects alone is
# 438 KB of XML, and the theme is exactly what must not choose the fonts.
DROP_PARTS = {"stylesWithEffects", "webSettings", "fontTable", "theme", "customXml", "numbering", "thumbnail"}


def set_fonts(rpr, east_asian: str, latin: str) -> None:  # type: ignore[no-untyped-def]
    """Every font slot of a ``w:rPr`` explicit (eastAsia included), no theme fonts."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attribute in list(fonts.attrib):
        if attribute.endswith("Theme"):
            del fonts.attrib[attribute]
    fonts.set(qn("w:ascii"), latin)
    fonts.set(qn("w:hAnsi"), latin)
    fonts.set(qn("w:cs"), latin)
    fonts.set(qn("w:eastAsia"), east_asian)
    fonts.set(qn("w:hint"), "eastAsia")


def _set(parent, tag: str, **attributes: str):  # type: ignore[no-untyped-def]
    element = parent.find(qn(tag))
    if element is None:
        element = OxmlElement(tag)
        parent.append(element)
    for key, value in attributes.items():
        element.set(qn(f"w:{key}"), value)
    return element


def _drop_unused_parts(document: DocxDocument) -> None:
    for rels in (document.part.rels, document.part.package.rels):
        for rel_id, rel in list(rels.items()):
            if rel.reltype.rsplit("/", 1)[-1] in DROP_PARTS:
                del rels[rel_id]


@cache
def _base(fonts: Fonts) -> bytes:
    """A lean document with the page, grid, styles and settings every letter shares."""
    document = Document()
    _drop_unused_parts(document)
    styles = document.styles.element
    for style in list(styles.findall(qn("w:style"))):
        name = style.find(qn("w:name"))
        if name is None or name.get(qn("w:val")) not in KEEP_STYLES:
            styles.remove(style)
    latent = styles.find(qn("w:latentStyles"))
    if latent is not None:
        styles.remove(latent)
    defaults = styles.find(qn("w:docDefaults"))
    run_defaults = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    set_fonts(run_defaults, fonts.body, fonts.latin)
    normal = document.styles["Normal"]
    set_fonts(normal.element.get_or_add_rPr(), fonts.body, fonts.latin)
    normal.font.size = BODY_SIZE
    _set(normal.element.get_or_add_rPr(), "w:spacing", val="-5")
    paragraph = normal.paragraph_format
    paragraph.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    paragraph.line_spacing = LINE
    paragraph.space_before = paragraph.space_after = Pt(0)
    paragraph.widow_control = False
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    section = document.sections[0]
    section.start_type = WD_SECTION.NEW_PAGE
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.header_distance = Mm(15)
    # the dash line of the page number sits 7 mm below the type area (35 − 7 − one 四号 line)
    section.footer_distance = Mm(23)
    _set(section._sectPr, "w:docGrid", type="lines", linePitch="579")
    _set(document.settings.element, "w:evenAndOddHeaders")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _paragraph(document: DocxDocument, text: str = "", *, fonts: Fonts, east_asian: str | None = None,
               size: Pt = BODY_SIZE, bold: bool = False, color: RGBColor | None = None,
               align: WD_ALIGN_PARAGRAPH | None = None, first_line_chars: float = 0,
               left_chars: float = 0, right_chars: float = 0, line: Twips | None = None) -> Paragraph:
    """A paragraph appended before the section properties, copied from a cached prototype:
    building each one through python-docx's proxies cost most of a letter's time."""
    p = copy.copy(_paragraph_proto(align, first_line_chars, left_chars, right_chars, line))  # lxml: a deep copy
    _SECTIONS[id(document)].addprevious(p)
    paragraph = Paragraph(p, document._body)
    if text:
        _run(paragraph, text, fonts=fonts, east_asian=east_asian or fonts.body, size=size, bold=bold, color=color)
    return paragraph


@cache
def _paragraph_proto(align: WD_ALIGN_PARAGRAPH | None, first_line_chars: float, left_chars: float,
                     right_chars: float, line: Twips | None) -> CT_P:
    p = cast(CT_P, OxmlElement("w:p"))
    paragraph = Paragraph(p, cast(ProvidesStoryPart, None))  # a detached prototype has no story
    fmt = paragraph.paragraph_format
    if align is not None:
        paragraph.alignment = align
    if line is not None:  # the Normal style already has the exact 579-twip grid line
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = line
    if first_line_chars or left_chars or right_chars:
        ind = _set(p.get_or_add_pPr(), "w:ind")
        if first_line_chars:
            chars = round(first_line_chars * 100)
            key = "firstLine" if chars > 0 else "hanging"
            ind.set(qn(f"w:{key}Chars"), str(abs(chars)))
            ind.set(qn(f"w:{key}"), str(round(abs(first_line_chars) * CHAR)))
        if left_chars:
            ind.set(qn("w:leftChars"), str(round(left_chars * 100)))
            ind.set(qn("w:left"), str(round(left_chars * CHAR)))
        if right_chars:
            ind.set(qn("w:rightChars"), str(round(right_chars * 100)))
            ind.set(qn("w:right"), str(round(right_chars * CHAR)))
    return p


def _run(paragraph: Paragraph, text: str, *, fonts: Fonts, east_asian: str, size: Pt, bold: bool = False,
         color: RGBColor | None = None) -> None:
    r = copy.copy(_run_proto(east_asian, fonts.latin, size, bold, str(color) if color else None))
    r[-1].text = text  # the prototype's last child is its w:t
    paragraph._p.append(r)


@cache
def _run_proto(east_asian: str, latin: str, size: Pt, bold: bool, color: str | None) -> CT_R:
    r = cast(CT_R, OxmlElement("w:r"))
    run = Run(r, cast(ProvidesStoryPart, None))  # a detached prototype has no story
    set_fonts(r.get_or_add_rPr(), east_asian, latin)
    run.font.size = size
    if bold:
        run.font.bold = True
    if color is not None:
        run.font.color.rgb = RGBColor.from_string(color)
    t = OxmlElement("w:t")
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    r.append(t)
    return r


def _border(paragraph: Paragraph, side: str, *, style: str = "single", size_eighths: int = 8,
            space: int = 0, color: str = "auto") -> None:
    borders = _set(paragraph._p.get_or_add_pPr(), "w:pBdr")
    _set(borders, f"w:{side}", val=style, sz=str(size_eighths), space=str(space), color=color)


def _blank(document: DocxDocument, fonts: Fonts, count: int = 1) -> None:
    for _ in range(count):
        _paragraph(document, fonts=fonts)


def width_chars(text: str) -> float:
    """Width in 三号 characters: Latin letters and digits are half width."""
    return sum(0.5 if ord(c) < 0x2E80 else 1 for c in text)


def _masthead(document: DocxDocument, letter: LetterDocument, fonts: Fonts) -> None:
    mark = letter.issuer_mark or ""
    size = Pt(min(36, int(440 / max(width_chars(mark), 1))))
    if letter.format is LetterFormat.LETTER:
        # 10.1: the mark's top edge 30 mm from the page's top and the double line 4 mm under
        # its bottom edge, in the first-page header (prepared in the letter-format base)
        section = document.sections[0]
        section.header_distance = Emu(Mm(30) - Pt(GLYPH_TOP * size.pt))
        header = section.first_page_header.paragraphs[0]
        header.paragraph_format.line_spacing = Pt(size.pt * 1.25)
        _mark_line(header, space=max(0, round(Mm(4).pt - GLYPH_BOTTOM * size.pt)))
        _run(header, mark, fonts=fonts, east_asian=fonts.title, size=size, color=RED)
        if letter.doc_number:
            _paragraph(document, letter.doc_number, fonts=fonts, align=WD_ALIGN_PARAGRAPH.RIGHT)
        return
    # 7.2.4: the mark's top edge 35 mm below the type area's top
    first = _paragraph(document, mark, fonts=fonts, east_asian=fonts.title, size=size, color=RED,
                       align=WD_ALIGN_PARAGRAPH.CENTER, line=Twips(round(size.pt * 1.25 * 20)))
    first.paragraph_format.space_before = Emu(Mm(35) - Pt(GLYPH_TOP * size.pt))
    # off the document grid: snapped, the 1.25-em line would grow to two grid lines and
    # push the mark down by ~2 mm in LibreOffice
    _set(first._p.get_or_add_pPr(), "w:snapToGrid", val="0")
    if letter.doc_number:
        _blank(document, fonts, 2)
        number = _paragraph(document, letter.doc_number, fonts=fonts, align=WD_ALIGN_PARAGRAPH.CENTER)
    else:
        number = _paragraph(document, fonts=fonts)
    # 7.2.7: a red rule the width of the type area 4 mm below the number; the number's glyphs
    # end ~2.8 mm above the bottom of its 28.95-pt grid line (measured in LibreOffice's PDF),
    # so the rest is 3 pt of border space
    _border(number, "bottom", size_eighths=8, space=3, color="C00000")


def _title(document: DocxDocument, letter: LetterDocument, fonts: Fonts) -> None:
    # 7.3.1: breaks at word boundaries, balanced lines; organ names stay whole
    for line in break_title(letter.title, keep=(letter.recipient or "", letter.issuer_mark or "")):
        paragraph = _paragraph(document, line, fonts=fonts, east_asian=fonts.title, size=TITLE_SIZE,
                               align=WD_ALIGN_PARAGRAPH.CENTER, line=LINE)
        # off the grid: snapped, a 二号 line takes two grid lines and a two-line title gapes
        _set(paragraph._p.get_or_add_pPr(), "w:snapToGrid", val="0")


_HEADING_FONTS = {
    BlockKind.HEADING1: ("heading1", False),
    BlockKind.HEADING2: ("heading2", False),
    BlockKind.HEADING3: ("body", True),
    BlockKind.HEADING4: ("body", False),
    BlockKind.PARAGRAPH: ("body", False),
}


def _body(document: DocxDocument, letter: LetterDocument, fonts: Fonts) -> None:
    if letter.recipient:
        recipient = letter.recipient if letter.recipient.endswith(("：", ":")) else letter.recipient + "："
        _blank(document, fonts)
        _paragraph(document, recipient, fonts=fonts)
    for block in letter.body:
        slot, bold = _HEADING_FONTS[block.kind]
        _paragraph(document, block.text, fonts=fonts, east_asian=getattr(fonts, slot), bold=bold,
                   first_line_chars=2)
    if letter.attachments:
        _blank(document, fonts)
        many = len(letter.attachments) > 1
        for index, name in enumerate(letter.attachments, start=1):
            label = f"{index}.{name}" if many else name
            if index == 1:
                _paragraph(document, f"附件：{label}", fonts=fonts, left_chars=5, first_line_chars=-3)
            else:
                _paragraph(document, label, fonts=fonts, left_chars=5)


def _signature(document: DocxDocument, letter: LetterDocument, fonts: Fonts) -> None:
    sig, date = width_chars(letter.signature), width_chars(letter.date_text)
    right = WD_ALIGN_PARAGRAPH.RIGHT
    if letter.sealed:
        # 7.3.5.1: date 右空四字; the signature centred over the date; room for the seal above
        _blank(document, fonts, 2)
        sig_right = 4 + (date - sig) / 2
        date_right = 4.0
        if sig_right < 0:
            date_right, sig_right = 4 - sig_right, 0
        _paragraph(document, letter.signature, fonts=fonts, align=right, right_chars=sig_right)
        _paragraph(document, letter.date_text, fonts=fonts, align=right, right_chars=date_right)
    else:
        # 7.3.5.2: 署名右空二字; the date's first character two to the right of the signature's
        _blank(document, fonts)
        if date <= sig:
            sig_right, date_right = 2.0, sig - date
        else:
            sig_right, date_right = 4 + date - sig, 2.0
        _paragraph(document, letter.signature, fonts=fonts, align=right, right_chars=sig_right)
        _paragraph(document, letter.date_text, fonts=fonts, align=right, right_chars=date_right)
    if letter.note:
        note = letter.note if letter.note.startswith("（") else f"（{letter.note}）"
        _paragraph(document, note, fonts=fonts, left_chars=2)


def _record(document: DocxDocument, letter: LetterDocument, fonts: Fonts) -> None:
    """版记 (7.4) at the foot of the last page: a frame anchored to the type area's bottom."""
    if not letter.cc and not letter.printer:
        return
    ruled = letter.format is LetterFormat.DOCUMENT
    lines: list[Paragraph] = []
    if letter.cc:
        text = "抄送：" + "，".join(letter.cc) + "。"
        lines.append(_paragraph(document, text, fonts=fonts, size=NOTE_SIZE, left_chars=0.875,
                                right_chars=0.875, first_line_chars=0))
    if letter.printer and ruled:
        paragraph = _paragraph(document, fonts=fonts, size=NOTE_SIZE, left_chars=0.875, right_chars=0.875)
        _run(paragraph, letter.printer, fonts=fonts, east_asian=fonts.body, size=NOTE_SIZE)
        _run(paragraph, "\t" + (letter.print_date_text or "") + "印发", fonts=fonts, east_asian=fonts.body,
             size=NOTE_SIZE)
        tabs = _set(paragraph._p.get_or_add_pPr(), "w:tabs")
        _set(tabs, "w:tab", val="right", pos=str(TYPE_WIDTH - 280))
        lines.append(paragraph)
    for index, paragraph in enumerate(lines):
        _set(paragraph._p.get_or_add_pPr(), "w:framePr", w=str(TYPE_WIDTH), hAnchor="margin", vAnchor="margin",
             xAlign="center", yAlign="bottom", wrap="notBeside")
        if ruled:
            if index == 0:
                _border(paragraph, "top", size_eighths=8)  # 0.35 mm
            last = index == len(lines) - 1
            _border(paragraph, "bottom", size_eighths=8 if last else 6)  # 0.35 mm / 0.25 mm


def _page_numbers(document: DocxDocument, fonts: Fonts) -> None:
    """— 1 —, 四号 宋体: odd pages right (右空一字), even pages left (左空一字)."""
    section = document.sections[0]
    for footer, align, side in ((section.footer, WD_ALIGN_PARAGRAPH.RIGHT, "right"),
                                (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT, "left")):
        paragraph = footer.paragraphs[0]
        paragraph.alignment = align
        _set(paragraph._p.get_or_add_pPr(), "w:ind", **{side: "280", f"{side}Chars": "100"})
        _run(paragraph, "— ", fonts=fonts, east_asian=fonts.page_number, size=NOTE_SIZE)
        field = OxmlElement("w:fldSimple")
        field.set(qn("w:instr"), " PAGE ")
        run = cast(CT_R, OxmlElement("w:r"))
        text = OxmlElement("w:t")
        text.text = "1"
        run.append(text)
        field.append(run)
        paragraph._p.append(field)
        set_fonts(run.get_or_add_rPr(), fonts.page_number, fonts.page_number)
        _set(run.get_or_add_rPr(), "w:sz", val=str(int(NOTE_SIZE.pt * 2)))
        _run(paragraph, " —", fonts=fonts, east_asian=fonts.page_number, size=NOTE_SIZE)


def _letter_format_frame(document: DocxDocument) -> None:
    """信函格式 (10.1): first page without a page number; a red double line (thick above
    thin) under the mark in the first-page header and one (thin above thick) in the
    first-page footer 20 mm above the page's bottom, both 170 mm long (7 mm past each side
    of the type area)."""
    section = document.sections[0]
    section.different_first_page_header_footer = True
    section.header_distance = Mm(30)
    header = section.first_page_header.paragraphs[0]
    header.alignment = WD_ALIGN_PARAGRAPH.CENTER
    header.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    _mark_line(header, space=11)
    _set(header._p.get_or_add_pPr(), "w:ind", left=str(-397), right=str(-397))
    # the footer itself sits where later pages' numbers go (7 mm under the type area), so
    # this line is drawn at a fixed place on the page: its lower edge 20 mm above the
    # bottom, a thin line over a thick one, 170 mm long: 7 mm past each side of the type
    # area, like the line under the mark
    footer = section.first_page_footer.paragraphs[0]
    for number, (top_mm, weight) in enumerate(((275.6, Pt(0.75)), (276.6, Pt(2.25))), start=1):
        footer._p.append(_page_line(number, x_mm=28 - 7, y_mm=top_mm, length_mm=170, weight=weight))


def _mark_line(header: Paragraph, *, space: int) -> None:
    """The 信函's red double line under the mark (thick above thin), ``space`` pt below it."""
    _border(header, "bottom", style="thickThinSmallGap", size_eighths=24, space=space, color="C00000")


def _page_line(number: int, *, x_mm: float, y_mm: float, length_mm: float, weight: Pt):  # type: ignore[no-untyped-def]
    """A run holding a red horizontal line anchored to the page (DrawingML, which Word,
    WPS and LibreOffice all place by the page, unlike a footer paragraph's border)."""
    emu = 36000  # per mm
    return parse_xml(
        f'<w:r {nsdecls("w", "wp", "a")} xmlns:wps="{_WPS}"><w:drawing>'
        f'<wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" relativeHeight="{number}" '
        'behindDoc="1" locked="1" layoutInCell="1" allowOverlap="1"><wp:simplePos x="0" y="0"/>'
        f'<wp:positionH relativeFrom="page"><wp:posOffset>{round(x_mm * emu)}</wp:posOffset></wp:positionH>'
        f'<wp:positionV relativeFrom="page"><wp:posOffset>{round(y_mm * emu)}</wp:posOffset></wp:positionV>'
        f'<wp:extent cx="{round(length_mm * emu)}" cy="0"/><wp:effectExtent l="0" t="0" r="0" b="0"/><wp:wrapNone/>'
        f'<wp:docPr id="{900 + number}" name="信函格式红线{number}"/><wp:cNvGraphicFramePr/>'
        f'<a:graphic><a:graphicData uri="{_WPS}"><wps:wsp><wps:cNvCnPr/><wps:spPr>'
        f'<a:xfrm><a:off x="0" y="0"/><a:ext cx="{round(length_mm * emu)}" cy="0"/></a:xfrm>'
        '<a:prstGeom prst="line"><a:avLst/></a:prstGeom>'
        f'<a:ln w="{weight.emu}"><a:solidFill><a:srgbClr val="C00000"/></a:solidFill></a:ln>'
        '</wps:spPr><wps:bodyPr/></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></w:r>'
    )


@dataclass
class _Format:
    """One parsed document per format and process, emptied for each letter: opening the
    package again for every letter cost as much as laying the letter out."""

    document: DocxDocument
    header: Any | None
    """The 信函's first-page header paragraph, which carries each letter's mark."""
    changing: list[Part]
    """The parts a letter changes: its body, its properties, the 信函 header."""
    members: list[tuple[str, Member]] = field(default_factory=list)
    """Every part as saved once, compressed; letters replace only ``changing``."""


_FORMATS: dict[tuple[Fonts, LetterFormat], _Format] = {}
_SECTIONS: dict[int, Any] = {}
"""Each cached document's w:sectPr, before which paragraphs go (python-docx finds it by search)."""


def _format(fonts: Fonts, letter_format: LetterFormat) -> _Format:
    cached = _FORMATS.get((fonts, letter_format))
    if cached is None:
        document = Document(io.BytesIO(_base(fonts)))
        _page_numbers(document, fonts)
        header = None
        if letter_format is LetterFormat.LETTER:
            _letter_format_frame(document)
            header = document.sections[0].first_page_header.paragraphs[0]._p
        changing = [part for part in document.part.package.iter_parts()
                    if part.partname in ("/word/document.xml", "/docProps/core.xml")
                    or part.partname.startswith("/word/header")]
        cached = _FORMATS[(fonts, letter_format)] = _Format(document, header, changing)
        _SECTIONS[id(document)] = document.element.body.sectPr
    return cached


def _fresh(form: _Format) -> DocxDocument:
    body = form.document.element.body
    section = _SECTIONS[id(form.document)]
    for child in list(body):
        if child is not section:
            body.remove(child)
    if form.header is not None:
        for run in form.header.findall(_W_R):
            form.header.remove(run)
    return form.document


def render_document(letter: LetterDocument, fonts: Fonts) -> bytes:
    """The .docx bytes of one letter."""
    form = _format(fonts, letter.format)
    document = _fresh(form)
    properties = document.core_properties
    properties.title, properties.author, properties.last_modified_by = letter.title, letter.signature, ""
    if letter.issuer_mark:
        _masthead(document, letter, fonts)
        _blank(document, fonts, 2)
    elif letter.doc_number:
        _paragraph(document, letter.doc_number, fonts=fonts, align=WD_ALIGN_PARAGRAPH.RIGHT)
        _blank(document, fonts)
    _title(document, letter, fonts)
    _body(document, letter, fonts)
    _signature(document, letter, fonts)
    _record(document, letter, fonts)
    return _save(form)


def _save(form: _Format) -> bytes:
    """Write the package, serialising only the parts a letter changes: the other parts
    are the same for every letter of a format, compressed once when it is first saved."""
    if not form.members:
        buffer = io.BytesIO()
        form.document.save(buffer)
        with zipfile.ZipFile(buffer) as package:
            form.members = [(name, member(name, package.read(name))) for name in package.namelist()]
    changed = {part.partname.lstrip("/"): part.blob for part in form.changing}
    return write_zip([member(name, changed[name]) if name in changed else cached for name, cached in form.members])

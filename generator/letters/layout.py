"""The page builder: a LetterDocument laid out to GB/T 9704-2012 with python-docx.

The standard's numbers and rules are in gbt9704.py, the WordprocessingML python-docx has
no API for in ooxml.py; this module puts the letter's elements on the page in order.

Fonts are explicit on the styles and on every run, East-Asian included: python-docx's
``font.name`` writes only the Latin slots, and the default template's theme fonts
resolve Chinese text to a Japanese face (and WPS reads theme fonts differently).

The base document (styles, settings, section) is built once per font set and format and
emptied for each letter (see :class:`Formats`): python-docx's default template carries
~800 KB of style XML that would otherwise be parsed for every letter.
"""

from __future__ import annotations

import copy
import io
import zipfile
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path
from typing import Any, cast

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.opc.part import Part
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.text.paragraph import CT_P
from docx.oxml.text.run import CT_R
from docx.section import Section
from docx.shared import Emu, Length, Mm, Pt, RGBColor, Twips
from docx.text.paragraph import Paragraph

from . import gbt9704 as std
from . import pagination
from .document import Fonts, LetterDocument, LetterFormat, TableBlock
from .ooxml import (
    W_R,
    border,
    drop_parts,
    off_grid,
    page_field_run,
    page_line,
    paragraph_proto,
    run_proto,
    set_element,
    set_fonts,
)
from .package import Member, member, write_zip
from .title import break_title

W_P, W_PPR = qn("w:p"), qn("w:pPr")
KEEP_STYLES = {"Normal", "Default Paragraph Font", "Normal Table", "No List"}
# Parts of python-docx's default template a letter never uses; stylesWithEffects alone is
# 438 KB of XML, and the theme is exactly what must not choose the fonts.
DROP_PARTS = {"stylesWithEffects", "webSettings", "fontTable", "theme", "customXml", "numbering", "thumbnail"}


LEAN_TEMPLATE = Path(__file__).with_name("lean_template.docx")
"""python-docx's default template as :func:`prune` leaves it, shipped so that a run does not
parse the default's 438 KB of styles to throw 160 of its 164 away (12 ms before the first
letter of every run could start).  A test checks it is still exactly that; to make it again:
``python -c "from generator.letters.layout import *; LEAN_TEMPLATE.write_bytes(lean_template())"``."""


def lean_template() -> bytes:
    """python-docx's default template, pruned (what ``LEAN_TEMPLATE`` holds)."""
    document = Document()
    prune(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def prune(document: DocxDocument) -> None:
    """Drop the parts, styles and latent styles of python-docx's default template a letter
    does not use (nothing to do on ``LEAN_TEMPLATE``)."""
    drop_parts(document, DROP_PARTS)
    styles = document.styles.element
    style_tag, name_tag, value = qn("w:style"), qn("w:name"), qn("w:val")
    unused = [index for index, style in enumerate(styles) if style.tag == style_tag
              and ((name := style.find(name_tag)) is None or name.get(value) not in KEEP_STYLES)]
    # deleted by position, with no Python proxy left to them: lxml frees each at once instead
    # of moving it into a document of its own (the template's ~160 unused styles took 4 ms)
    for index in reversed(unused):
        del styles[index]
    latent = styles.find(qn("w:latentStyles"))
    if latent is not None:
        styles.remove(latent)


@cache
def _base(fonts: Fonts) -> bytes:
    """A lean document with the page, grid, styles and settings every letter shares."""
    document = Document(str(LEAN_TEMPLATE))
    prune(document)  # nothing left to drop, unless the file is the unpruned default: the same letters
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    run_defaults = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    set_fonts(run_defaults, fonts.body, fonts.latin)
    normal = document.styles["Normal"]
    set_fonts(normal.element.get_or_add_rPr(), fonts.body, fonts.latin)
    normal.font.size = std.BODY_SIZE
    set_element(normal.element.get_or_add_rPr(), "w:spacing", val=std.CHARACTER_SPACING)
    paragraph = normal.paragraph_format
    paragraph.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    paragraph.line_spacing = std.LINE
    paragraph.space_before = paragraph.space_after = Pt(0)
    paragraph.widow_control = False
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    section = document.sections[0]
    section.start_type = WD_SECTION.NEW_PAGE
    section.page_width, section.page_height = std.PAGE
    section.top_margin, section.bottom_margin = std.MARGINS["top"], std.MARGINS["bottom"]
    section.left_margin, section.right_margin = std.MARGINS["left"], std.MARGINS["right"]
    section.header_distance = std.HEADER_DISTANCE
    section.footer_distance = std.FOOTER_DISTANCE
    set_element(section._sectPr, "w:docGrid", type="lines", linePitch=str(std.LINE.twips))
    set_element(document.settings.element, "w:evenAndOddHeaders")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@cache
def _paragraph_proto(align: WD_ALIGN_PARAGRAPH | None, first_line_chars: float, left_chars: float,
                     right_chars: float, line: Twips | None, before: Length | None,
                     snap: bool) -> tuple[CT_P, pagination.Shape]:
    """A paragraph prototype and its shape, read once from its XML."""
    p = paragraph_proto(align, first_line_chars, left_chars, right_chars, line, std.CHAR, before, snap)
    return p, pagination.shape(p)


@cache
def _run_proto(east_asian: str, latin: str, size: Pt, bold: bool, color: RGBColor | None) -> tuple[CT_R, int]:
    """A run prototype and its size in half points, read once from its XML."""
    r = run_proto(east_asian, latin, size, bold, str(color) if color else None)
    return r, pagination.run_size(r)


@cache
def _text_proto(paragraph: tuple[Any, ...], run: tuple[Any, ...]) -> tuple[CT_P, pagination.Shape, int]:
    """A paragraph prototype holding one run prototype: a paragraph with text is one copy."""
    p, form = _paragraph_proto(*paragraph)
    r, half_points = _run_proto(*run)
    p = copy.deepcopy(p)
    p.append(copy.deepcopy(r))
    return p, form, half_points


@dataclass
class Page:
    """One open document and where its body paragraphs go (before the section properties,
    which python-docx would find by search for every paragraph)."""

    document: DocxDocument
    section: Any
    fonts: Fonts
    flow: list[tuple[CT_P, int]] = field(default_factory=list)
    """The body paragraphs made so far, in order, with their heights in twips (from their
    prototype's shape and their text: reading each back from its XML, to see where the
    closing block lands, was a sixth of a letter's time); framed paragraphs leave it."""

    @cached_property
    def body(self) -> Any:
        """The story paragraphs belong to (python-docx's, looked up once)."""
        return self.document._body

    @cached_property
    def first_section(self) -> Section:
        """python-docx finds it by XPath, and its header by a part lookup, on every call:
        kept, as the document (emptied for each letter) stays the same."""
        return self.document.sections[0]

    @cached_property
    def letter_header(self) -> Paragraph:
        """The 信函's first-page header paragraph, which carries the mark."""
        return cast(Paragraph, self.first_section.first_page_header.paragraphs[0])

    def paragraph(self, text: str = "", *, east_asian: str | None = None, size: Pt = std.BODY_SIZE,
                  bold: bool = False, color: RGBColor | None = None, align: WD_ALIGN_PARAGRAPH | None = None,
                  first_line_chars: float = 0, left_chars: float = 0, right_chars: float = 0,
                  line: Twips | None = None, before: Length | None = None, snap: bool = True) -> Paragraph:
        """A paragraph copied from a cached prototype (lxml's copy is deep); ``snap=False``
        lets its own line height stand instead of snapping to the document grid."""
        shape = (align, first_line_chars, left_chars, right_chars, line, before, snap)
        if text:
            proto, form, half_points = _text_proto(shape, (east_asian or self.fonts.body, self.fonts.latin, size,
                                                           bold, color))
        else:
            (proto, form), half_points = _paragraph_proto(*shape), 32
        p = proto.__copy__()  # type: ignore[attr-defined]  # lxml's deep copy, without copy.copy's dispatch
        if text:
            p[-1][-1].text = text  # the run's last child is its w:t
        self.section.addprevious(p)
        self.flow.append((p, pagination.twips(form, text, half_points)))
        return Paragraph(p, self.body)

    def run(self, paragraph: Paragraph, text: str, *, east_asian: str, size: Pt, bold: bool = False,
            color: RGBColor | None = None) -> int:
        """Appends a run of ``text``; returns its size in half points."""
        proto, half_points = _run_proto(east_asian, self.fonts.latin, size, bold, color)
        r = proto.__copy__()  # type: ignore[attr-defined]
        r[-1].text = text  # the prototype's last child is its w:t
        paragraph._p.append(r)
        return half_points

    def frame(self, paragraph: Paragraph, **position: str) -> None:
        """Takes ``paragraph`` out of the flow into a frame placed by ``position`` (w:framePr)."""
        set_element(paragraph._p.get_or_add_pPr(), "w:framePr", **position)
        self.flow = [(p, height) for p, height in self.flow if p is not paragraph._p]

    def blank(self, count: int = 1) -> None:
        for _ in range(count):
            self.paragraph()


def _masthead(page: Page, letter: LetterDocument) -> None:
    fonts = page.fonts
    mark = letter.issuer_mark or ""
    size = std.mark_size(mark)
    if letter.format is LetterFormat.LETTER:
        # 10.1: the mark's top edge 30 mm from the page's top and the double line 4 mm under
        # its bottom edge, in the first-page header (prepared in the letter-format base)
        page.first_section.header_distance = Emu(std.MARK_TOP_LETTER - Pt(std.GLYPH_TOP * size.pt))
        header = page.letter_header
        header.paragraph_format.line_spacing = Pt(size.pt * 1.25)
        _mark_line(header, space=max(0, round(std.UNDER_MARK.pt - std.GLYPH_BOTTOM * size.pt)))
        page.run(header, mark, east_asian=fonts.title, size=size, color=std.RED)
        if letter.doc_number:
            page.paragraph(letter.doc_number, align=WD_ALIGN_PARAGRAPH.RIGHT)
        return
    # 7.2.4: the mark's top edge 35 mm below the type area's top
    # snapped, the 1.25-em line would grow to two grid lines and push the mark down ~2 mm
    page.paragraph(mark, east_asian=fonts.title, size=size, color=std.RED, align=WD_ALIGN_PARAGRAPH.CENTER,
                   line=Twips(round(size.pt * 1.25 * 20)),
                   before=Emu(std.MARK_TOP_DOCUMENT - Pt(std.GLYPH_TOP * size.pt)), snap=False)
    if letter.doc_number:
        page.blank(2)
        number = page.paragraph(letter.doc_number, align=WD_ALIGN_PARAGRAPH.CENTER)
    else:
        number = page.paragraph()
    # 7.2.7: a red rule the width of the type area 4 mm below the number
    border(number, "bottom", size_eighths=8, space=std.NUMBER_RULE_SPACE, color=std.RED_HEX)


def _title(page: Page, letter: LetterDocument) -> None:
    # 7.3.1: breaks at word boundaries, balanced lines; the organ names the letter carries stay whole
    organs = (letter.recipient or "", letter.issuer_mark or "", letter.signature, *letter.cc)
    for line in break_title(letter.title, keep=organs):
        # snapped, a 二号 line takes two grid lines and a two-line title gapes
        page.paragraph(line, east_asian=page.fonts.title, size=std.TITLE_SIZE, align=WD_ALIGN_PARAGRAPH.CENTER,
                       line=std.LINE, snap=False)


def _body(page: Page, letter: LetterDocument) -> Paragraph | None:
    """The body; returns its last paragraph, where the closing block's chain begins."""
    last = None
    if letter.recipient:
        recipient = letter.recipient if letter.recipient.endswith(("：", ":")) else letter.recipient + "："
        page.blank()
        page.paragraph(recipient)
    for block in letter.body:
        if isinstance(block, TableBlock):
            from .tables import add_table  # only the 通报 has tables; letters never load it

            add_table(page, block)
            continue
        slot, bold = std.block_font(block.kind, block.running)
        font = getattr(page.fonts, slot)
        if not block.quoted:
            last = page.paragraph(block.text, east_asian=font, bold=bold, first_line_chars=2)
            continue
        # only what the template quoted is 楷体: the request, not the sentence around it
        last = page.paragraph(first_line_chars=2)
        quoted = getattr(page.fonts, std.QUOTED_FONT)
        at = 0
        for start, end in block.quoted:
            for piece, face in ((block.text[at:start], font), (block.text[start:end], quoted)):
                if piece:
                    page.run(last, piece, east_asian=face, size=std.BODY_SIZE, bold=bold)
            at = end
        if block.text[at:]:
            page.run(last, block.text[at:], east_asian=font, size=std.BODY_SIZE, bold=bold)
    if letter.attachments:
        # 7.3.4: 附件 one line under the body, 左空二字; several are numbered, their names aligned
        page.blank()
        many = len(letter.attachments) > 1
        for index, name in enumerate(letter.attachments, start=1):
            label = f"{index}.{name}" if many else name
            if index == 1:
                page.paragraph(f"附件：{label}", left_chars=5, first_line_chars=-3)
            else:
                page.paragraph(label, left_chars=5)
    return last


def _signature(page: Page, letter: LetterDocument) -> list[Paragraph]:
    """署名, 成文日期 and 附注; returns the blank lines left for the seal."""
    right = WD_ALIGN_PARAGRAPH.RIGHT
    sig_right, date_right = std.signature_indents(letter.signature, letter.date_text, sealed=letter.sealed)
    seal = [page.paragraph() for _ in range(2 if letter.sealed else 1)]  # room for the seal
    page.paragraph(letter.signature, align=right, right_chars=sig_right)
    page.paragraph(letter.date_text, align=right, right_chars=date_right)
    if letter.note:
        note = letter.note if letter.note.startswith("（") else f"（{letter.note}）"
        page.paragraph(note, left_chars=2)
    return seal


def _record(page: Page, letter: LetterDocument) -> int:
    """版记 (7.4) at the foot of the last page: a frame anchored to the type area's bottom.
    Returns the number of its lines."""
    if not letter.cc and not letter.printer:
        return 0
    fonts = page.fonts
    ruled = letter.format is LetterFormat.DOCUMENT
    indent = std.RECORD_INDENT_CHARS
    lines: list[Paragraph] = []
    if letter.cc:
        text = "抄送：" + "，".join(letter.cc) + "。"
        lines.append(page.paragraph(text, size=std.NOTE_SIZE, left_chars=indent, right_chars=indent))
    if letter.printer and ruled:
        paragraph = page.paragraph(size=std.NOTE_SIZE, left_chars=indent, right_chars=indent)
        page.run(paragraph, letter.printer, east_asian=fonts.body, size=std.NOTE_SIZE)
        page.run(paragraph, "\t" + (letter.print_date_text or "") + "印发", east_asian=fonts.body,
                 size=std.NOTE_SIZE)
        tabs = set_element(paragraph._p.get_or_add_pPr(), "w:tabs")
        set_element(tabs, "w:tab", val="right", pos=str(std.TYPE_WIDTH - 280))
        lines.append(paragraph)
    for index, paragraph in enumerate(lines):
        page.frame(paragraph, w=str(std.TYPE_WIDTH), hAnchor="margin", vAnchor="margin", xAlign="center",
                   yAlign="bottom", wrap="notBeside")
        if ruled:
            if index == 0:
                border(paragraph, "top", size_eighths=8)  # 0.35 mm
            last = index == len(lines) - 1
            border(paragraph, "bottom", size_eighths=8 if last else 6)  # 0.35 mm / 0.25 mm
    return len(lines)


def _page_numbers(page: Page) -> None:
    """— 1 —, 四号 宋体: odd pages right (右空一字), even pages left (左空一字)."""
    fonts = page.fonts
    section = page.document.sections[0]
    for footer, align, side in ((section.footer, WD_ALIGN_PARAGRAPH.RIGHT, "right"),
                                (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT, "left")):
        paragraph = footer.paragraphs[0]
        paragraph.alignment = align
        set_element(paragraph._p.get_or_add_pPr(), "w:ind", **{side: "280", f"{side}Chars": "100"})
        page.run(paragraph, "— ", east_asian=fonts.page_number, size=std.NOTE_SIZE)
        paragraph._p.append(page_field_run(fonts.page_number, std.NOTE_SIZE))
        page.run(paragraph, " —", east_asian=fonts.page_number, size=std.NOTE_SIZE)


def _letter_format_frame(document: DocxDocument) -> None:
    """信函格式 (10.1): first page without a page number; a red double line (thick above
    thin) under the mark in the first-page header and one (thin above thick) in the
    first-page footer 20 mm above the page's bottom, both 170 mm long (7 mm past each side
    of the type area)."""
    section = document.sections[0]
    section.different_first_page_header_footer = True
    section.header_distance = std.MARK_TOP_LETTER
    header = section.first_page_header.paragraphs[0]
    header.alignment = WD_ALIGN_PARAGRAPH.CENTER
    header.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    _mark_line(header, space=11)
    overhang = str(-round(Mm(std.LETTER_LINE_OVERHANG).twips))
    set_element(header._p.get_or_add_pPr(), "w:ind", left=overhang, right=overhang)
    # the footer itself sits where later pages' numbers go (7 mm under the type area), so
    # this line is drawn at a fixed place on the page
    footer = section.first_page_footer.paragraphs[0]
    left = std.MARGINS["left"].mm - std.LETTER_LINE_OVERHANG
    length = 210 - std.MARGINS["left"].mm - std.MARGINS["right"].mm + 2 * std.LETTER_LINE_OVERHANG
    for number, (top_mm, weight) in enumerate(std.LETTER_FOOT_LINES, start=1):
        footer._p.append(page_line(number, x_mm=left, y_mm=top_mm, length_mm=length, weight=weight,
                                   color=std.RED_HEX))


def _mark_line(header: Paragraph, *, space: int) -> None:
    """The 信函's red double line under the mark (thick above thin), ``space`` pt below it."""
    border(header, "bottom", style="thickThinSmallGap", size_eighths=24, space=space, color=std.RED_HEX)


_BODY = "word/document.xml"


@dataclass
class _Format:
    """One parsed document per font set and format, emptied for each letter: opening the
    package again for every letter cost as much as laying the letter out."""

    page: Page
    header: Any | None
    """The 信函's first-page header paragraph, which carries each letter's mark."""
    body: Part
    """The body, which changes with every letter."""
    changing: list[Part]
    """The other parts a letter may change: its properties, the 信函 header."""
    members: list[tuple[str, Member]] = field(default_factory=list)
    """Every part as saved once, compressed; letters replace the body and ``changing``."""
    properties: tuple[str, str] | None = None
    """The title and author the document properties hold now."""
    state: tuple[str | None, ...] = ()
    """What the letter being made puts in ``changing``: its title, author and mark."""
    saved: dict[tuple[str | None, ...], dict[str, Member]] = field(default_factory=dict)
    """``changing`` as saved, by state: letters of a run share a few titles, authors and marks."""

    def fresh(self, title: str, author: str, mark: str | None) -> Page:
        """The page emptied for a letter of ``title``, ``author`` and (信函) ``mark``."""
        # the paragraphs' proxies go first: lxml moves a removed element that still has one
        # into a document of its own, and frees one without at once
        self.page.flow.clear()
        body = self.page.document.element.body
        # paragraphs go in before the section properties, which stay the body's last child;
        # one slice deletion in lxml, not a removal per paragraph
        del body[:body.index(self.page.section)]
        if self.header is not None:
            for run in self.header.findall(W_R):
                self.header.remove(run)
        self.state = (title, author, mark)
        if self.state not in self.saved and self.properties != (title, author):
            properties = self.page.document.core_properties
            properties.title, properties.author, properties.last_modified_by = title, author, ""
            self.properties = (title, author)
        return self.page

    def save(self) -> bytes:
        """Write the package, serialising only the parts a letter changes: the other parts
        are the same for every letter of a format, compressed once when it is first saved,
        and the properties and the 信函 header once for each title, author and mark."""
        if not self.members:
            buffer = io.BytesIO()
            self.page.document.save(buffer)
            with zipfile.ZipFile(buffer) as package:
                self.members = [(name, member(name, package.read(name))) for name in package.namelist()]
        changed = self.saved.get(self.state)
        if changed is None:
            if len(self.saved) >= 256:
                self.saved.clear()
            changed = self.saved[self.state] = {name: member(name, part.blob) for part in self.changing
                                                for name in (part.partname.lstrip("/"),)}
        body = member(_BODY, self.body.blob)
        return write_zip([body if name == _BODY else changed.get(name, cached) for name, cached in self.members])


class Formats:
    """The prepared documents, one per (fonts, format), reused letter after letter in one
    process (forked workers inherit them)."""

    def __init__(self) -> None:
        self._formats: dict[tuple[Fonts, LetterFormat], _Format] = {}

    def get(self, fonts: Fonts, letter_format: LetterFormat) -> _Format:
        cached = self._formats.get((fonts, letter_format))
        if cached is None:
            document = Document(io.BytesIO(_base(fonts)))
            page = Page(document, document.element.body.sectPr, fonts)
            _page_numbers(page)
            header = None
            if letter_format is LetterFormat.LETTER:
                _letter_format_frame(document)
                header = document.sections[0].first_page_header.paragraphs[0]._p
            changing = [part for part in document.part.package.iter_parts()
                        if part.partname == "/docProps/core.xml" or part.partname.startswith("/word/header")]
            cached = self._formats[(fonts, letter_format)] = _Format(page, header, document.part, changing)
        return cached


FORMATS = Formats()


def render_document(letter: LetterDocument, fonts: Fonts, formats: Formats = FORMATS) -> bytes:
    """The .docx bytes of one letter."""
    form = formats.get(fonts, letter.format)
    # a title carrying a long name may pass the 255 characters a .docx property holds
    page = form.fresh(letter.title[:255], letter.signature,
                      letter.issuer_mark if letter.format is LetterFormat.LETTER else None)
    if letter.issuer_mark:
        _masthead(page, letter)
        page.blank(2)
    elif letter.doc_number:
        page.paragraph(letter.doc_number, align=WD_ALIGN_PARAGRAPH.RIGHT)
        page.blank()
    _title(page, letter)
    last = _body(page, letter)
    seal = _signature(page, letter)
    record = _record(page, letter)
    if record:
        # LibreOffice anchors a framed paragraph to the paragraph before it and lets that one
        # leave the keep-with-next chain; an empty hairline paragraph after the 版记 takes
        # the anchor, so the 版记 prints on the page the closing block ends on
        page.paragraph(line=Twips(20), snap=False)
    if last is not None:
        _fit_closing(page, letter, last, seal, record)
        _keep_closing_with_body(last)
    return form.save()


def _fit_closing(page: Page, letter: LetterDocument, last: Paragraph, seal: list[Paragraph],
                 record: int) -> None:
    """7.3.5.5: when the closing block overruns the page by no more than the seal's blank
    lines can give up, tighten them so the block stays instead of moving to the next page."""
    if page.document.element.body.find(qn("w:tbl")) is not None:
        return  # the estimate measures paragraphs only; a 通报's tables keep the block by keep-with-next alone
    start = next(index for index, (p, _) in enumerate(page.flow) if p is last._p)
    top = pagination.LETTER_FORMAT_TOP_LINES if letter.format is LetterFormat.LETTER else 0
    over = pagination.overflow_lines([height for _, height in page.flow], start, top_lines=top, record_lines=record)
    saving = len(seal) * (std.LINE.twips - pagination.SEAL_BLANK_TWIPS) / std.LINE.twips
    if record:
        # a 版记 frame that no longer fits is moved alone, with its anchor, by LibreOffice,
        # whatever keep-with-next says: err towards moving the block ourselves
        over += pagination.RECORD_MARGIN_LINES
    if over <= 0:
        return
    if over <= saving:
        for blank in seal:
            spacing = set_element(blank._p.get_or_add_pPr(), "w:spacing")
            spacing.set(qn("w:line"), str(pagination.SEAL_BLANK_TWIPS))
            spacing.set(qn("w:lineRule"), "exact")
            off_grid(blank)
    elif record:
        last.paragraph_format.page_break_before = True


def _keep_closing_with_body(last: Paragraph) -> None:
    """GB/T 9704 7.3.5: 署名 and 成文日期 never start a page, nor part, and no page is left
    without body text (7.3.5.5 forbids 此页无正文).  Every paragraph from the last body
    paragraph on (附件说明, the seal's blank lines, 署名, 成文日期, 附注, 版记) is kept with
    the next, so the block moves as one and takes the body's last paragraph with it (Word
    may split that paragraph and take only its last lines; LibreOffice moves it whole)."""
    chain = [last._p, *last._p.itersiblings(W_P)]
    keep, kept = _keep_next()
    for paragraph in chain[:-1]:
        # keepNext leads w:pPr (after a w:pStyle, which letters do not use), and w:pPr the paragraph
        properties = paragraph.find(W_PPR)
        if properties is None:
            paragraph.insert(0, kept.__copy__())
        else:
            properties.insert(0, keep.__copy__())


@cache
def _keep_next() -> tuple[Any, Any]:
    """A ``w:keepNext``, and a ``w:pPr`` holding only one, to copy."""
    keep = OxmlElement("w:keepNext")
    properties = OxmlElement("w:pPr")
    properties.append(copy.deepcopy(keep))
    return keep, properties

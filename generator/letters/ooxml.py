"""Raw WordprocessingML helpers: elements python-docx has no API for, and the cached
paragraph and run prototypes every letter copies.

Nothing here knows GB/T 9704; sizes arrive as arguments (see gbt9704.py) and the page
builder (layout.py) decides where things go.
"""

from __future__ import annotations

from functools import cache
from typing import Any, cast

from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.oxml.text.paragraph import CT_P
from docx.oxml.text.run import CT_R
from docx.shared import Length, Pt, RGBColor, Twips
from docx.text.paragraph import Paragraph
from docx.text.run import Run
from docx.types import ProvidesStoryPart

W_R = qn("w:r")
WPS = "http://schemas.microsoft.com/office/word/2010/wordprocessingShape"


def set_fonts(rpr: Any, east_asian: str, latin: str) -> None:
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


def set_element(parent: Any, tag: str, **attributes: str) -> Any:
    """The child ``tag`` of ``parent`` (made if missing) with ``w:`` attributes set."""
    element = parent.find(qn(tag))
    if element is None:
        element = OxmlElement(tag)
        parent.append(element)
    for key, value in attributes.items():
        element.set(qn(f"w:{key}"), value)
    return element


def off_grid(paragraph: Paragraph) -> None:
    """Let the paragraph's own line height stand instead of snapping to the document grid."""
    set_element(paragraph._p.get_or_add_pPr(), "w:snapToGrid", val="0")


def border(paragraph: Paragraph, side: str, *, style: str = "single", size_eighths: int = 8,
           space: int = 0, color: str = "auto") -> None:
    borders = set_element(paragraph._p.get_or_add_pPr(), "w:pBdr")
    set_element(borders, f"w:{side}", val=style, sz=str(size_eighths), space=str(space), color=color)


def drop_parts(document: DocxDocument, names: set[str]) -> None:
    """Unlink the package parts whose relationship type ends in one of ``names``."""
    for rels in (document.part.rels, document.part.package.rels):
        for rel_id, rel in list(rels.items()):
            if rel.reltype.rsplit("/", 1)[-1] in names:
                del rels[rel_id]


@cache
def paragraph_proto(align: WD_ALIGN_PARAGRAPH | None, first_line_chars: float, left_chars: float,
                    right_chars: float, line: Twips | None, char_twips: int, before: Length | None = None,
                    snap: bool = True) -> CT_P:
    """A detached ``w:p`` with alignment, exact line spacing, space before, indents in
    characters (``char_twips`` wide) and, unless ``snap``, its own line height standing
    against the document grid, to be deep-copied: building each paragraph through
    python-docx's proxies cost most of a letter's time."""
    p = cast(CT_P, OxmlElement("w:p"))
    paragraph = Paragraph(p, cast(ProvidesStoryPart, None))  # a detached prototype has no story
    fmt = paragraph.paragraph_format
    if align is not None:
        paragraph.alignment = align
    if line is not None:
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = line
    if before is not None:
        fmt.space_before = before
    if first_line_chars or left_chars or right_chars:
        ind = set_element(p.get_or_add_pPr(), "w:ind")
        if first_line_chars:
            chars = round(first_line_chars * 100)
            key = "firstLine" if chars > 0 else "hanging"
            ind.set(qn(f"w:{key}Chars"), str(abs(chars)))
            ind.set(qn(f"w:{key}"), str(round(abs(first_line_chars) * char_twips)))
        if left_chars:
            ind.set(qn("w:leftChars"), str(round(left_chars * 100)))
            ind.set(qn("w:left"), str(round(left_chars * char_twips)))
        if right_chars:
            ind.set(qn("w:rightChars"), str(round(right_chars * 100)))
            ind.set(qn("w:right"), str(round(right_chars * char_twips)))
    if not snap:
        off_grid(paragraph)
    return p


@cache
def run_proto(east_asian: str, latin: str, size: Pt, bold: bool, color: str | None) -> CT_R:
    """A detached ``w:r`` whose last child is an empty, space-preserving ``w:t``."""
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


def page_field_run(font: str, size: Pt) -> CT_R:
    """A ``w:fldSimple`` PAGE field showing 1 until the reader updates it."""
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), " PAGE ")
    run = cast(CT_R, OxmlElement("w:r"))
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    set_fonts(run.get_or_add_rPr(), font, font)
    set_element(run.get_or_add_rPr(), "w:sz", val=str(int(size.pt * 2)))
    return cast(CT_R, field)


def page_line(number: int, *, x_mm: float, y_mm: float, length_mm: float, weight: Pt, color: str) -> Any:
    """A run holding a horizontal line anchored to the page (DrawingML, which Word, WPS and
    LibreOffice all place by the page, unlike a footer paragraph's border)."""
    emu = 36000  # per mm
    return parse_xml(
        f'<w:r {nsdecls("w", "wp", "a")} xmlns:wps="{WPS}"><w:drawing>'
        f'<wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" relativeHeight="{number}" '
        'behindDoc="1" locked="1" layoutInCell="1" allowOverlap="1"><wp:simplePos x="0" y="0"/>'
        f'<wp:positionH relativeFrom="page"><wp:posOffset>{round(x_mm * emu)}</wp:posOffset></wp:positionH>'
        f'<wp:positionV relativeFrom="page"><wp:posOffset>{round(y_mm * emu)}</wp:posOffset></wp:positionV>'
        f'<wp:extent cx="{round(length_mm * emu)}" cy="0"/><wp:effectExtent l="0" t="0" r="0" b="0"/><wp:wrapNone/>'
        f'<wp:docPr id="{900 + number}" name="信函格式红线{number}"/><wp:cNvGraphicFramePr/>'
        f'<a:graphic><a:graphicData uri="{WPS}"><wps:wsp><wps:cNvCnPr/><wps:spPr>'
        f'<a:xfrm><a:off x="0" y="0"/><a:ext cx="{round(length_mm * emu)}" cy="0"/></a:xfrm>'
        '<a:prstGeom prst="line"><a:avLst/></a:prstGeom>'
        f'<a:ln w="{weight.emu}"><a:solidFill><a:srgbClr val="{color}"/></a:solidFill></a:ln>'
        '</wps:spPr><wps:bodyPr/></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></w:r>'
    )

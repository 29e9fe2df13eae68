"""The geometry of GB/T 9704-2012 (clause numbers in brackets), as numbers and small rules.

A4, margins top 37 / bottom 35 / left 28 / right 26 mm so the type area is 156 × 225 mm
(5.2); 22 lines of 28 三号 characters: exact line pitch 579 twips (22 × 579 = 12 738 ≤
12 756 twips of type area) on a line grid, and −0.25 pt character spacing so 28 × 15.75 pt
fits 442 pt (5.2.2); page numbers 四号 in — 1 —, odd pages right and even pages left, 7 mm
below the type area (7.5).  Title breaks (7.3.1) live in title.py.
"""

from __future__ import annotations

import re

from docx.shared import Mm, Pt, RGBColor, Twips

from .document import BlockKind

PAGE = (Mm(210), Mm(297))
MARGINS = {"top": Mm(37), "bottom": Mm(35), "left": Mm(28), "right": Mm(26)}
HEADER_DISTANCE = Mm(15)
FOOTER_DISTANCE = Mm(23)
"""The dash line of the page number sits 7 mm below the type area (35 − 7 − one 四号 line)."""

LINES = 22
"""Lines of the document grid on a page (5.2.2)."""
LINE = Twips(579)
"""One line of the document grid (``LINES`` on the page); ``w:docGrid`` writes it as a number of twips."""
CHARACTER_SPACING = "-5"
"""Twentieths of a point: −0.25 pt, so 28 characters fit a line."""
BODY_SIZE = Pt(16)  # 三号
TITLE_SIZE = Pt(22)  # 二号
NOTE_SIZE = Pt(14)  # 四号
CHAR = 320  # one 三号 character in twips
TYPE_WIDTH = 8845  # 156 mm in twips
RED = RGBColor(0xC0, 0x00, 0x00)
RED_HEX = "C00000"

GLYPH_TOP, GLYPH_BOTTOM = 0.16, 0.18
"""On an exact line of 1.25 em a CJK glyph's top sits ~0.16 em under the line's top and its
bottom ~0.18 em over the line's bottom (measured in LibreOffice's PDF): the standard places
the glyphs' edges, not the lines'."""

MARK_TOP_DOCUMENT = Mm(35)
"""7.2.4: the 发文机关标志's top edge below the type area's top."""
MARK_TOP_LETTER = Mm(30)
"""10.1: the 信函's mark top edge below the page's top."""
UNDER_MARK = Mm(4)
"""10.1 / 7.2.7: the red line 4 mm under the mark (信函) or the number (公文)."""
NUMBER_RULE_SPACE = 3
"""Points of border space under the 文号: its glyphs end ~2.8 mm above the bottom of their
28.95-pt grid line (measured in LibreOffice's PDF); 3 pt more makes the 4 mm of 7.2.7."""
LETTER_LINE_OVERHANG = 7
"""mm the 信函's red double lines reach past each side of the type area (170 mm long)."""
LETTER_FOOT_LINES = ((275.6, Pt(0.75)), (276.6, Pt(2.25)))
"""The 信函's lower double line (thin over thick), tops in mm from the page's top: its lower
edge 20 mm above the bottom."""
RECORD_INDENT_CHARS = 0.875
"""版记 lines: 一字 (四号) in from each side of the type area (7.4)."""

HEADING_FONTS: dict[BlockKind, tuple[str, bool]] = {
    # the Fonts slot and boldness of each heading level (7.3.3): 黑体, 楷体, 仿宋 bold, 仿宋
    BlockKind.HEADING1: ("heading1", False),
    BlockKind.HEADING2: ("heading2", False),
    BlockKind.HEADING3: ("body", True),
    BlockKind.HEADING4: ("body", False),
    BlockKind.PARAGRAPH: ("body", False),
}


QUOTED_FONT = "heading2"
"""Text a template quotes (the petitioner's request) is set in 楷体, the 二级标题's font."""


def block_font(kind: BlockKind, running: bool) -> tuple[str, bool]:
    """The Fonts slot and boldness of a body paragraph: a （一） item written as sentences is
    body text (仿宋) like any paragraph; only a （一） heading line is 楷体 (7.3.3)."""
    if kind is BlockKind.HEADING2 and running:
        return HEADING_FONTS[BlockKind.PARAGRAPH]
    return HEADING_FONTS[kind]


_NARROW = re.compile("[\x00-\u2e7f]")


def width_chars(text: str) -> float:
    """Width in 三号 characters: Latin letters and digits (below U+2E80) are half width.
    (Counted by the regex engine: a loop over characters was a tenth of a letter's time.)"""
    return len(text) - 0.5 * len(_NARROW.findall(text))


def mark_size(mark: str) -> Pt:
    """The 发文机关标志's size: at most 36 pt, smaller so a long name fits the type area."""
    return Pt(min(36, int(440 / max(width_chars(mark), 1))))


def signature_indents(signature: str, date: str, *, sealed: bool) -> tuple[float, float]:
    """Right indents, in characters, of the 署名 and 成文日期 lines.

    Sealed (7.3.5.1): the date 右空四字 and the signature centred over it.  Unsealed
    (7.3.5.2): the signature 右空二字 and the date's first character two to the right of
    the signature's."""
    sig, day = width_chars(signature), width_chars(date)
    if sealed:
        sig_right, date_right = 4 + (day - sig) / 2, 4.0
        if sig_right < 0:
            date_right, sig_right = 4 - sig_right, 0
        return sig_right, date_right
    if day <= sig:
        return 2.0, sig - day
    return 4 + day - sig, 2.0

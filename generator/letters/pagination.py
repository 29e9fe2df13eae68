"""Where a letter's closing block lands: an estimate of the grid lines each paragraph takes.

GB/T 9704 7.3.5: 署名 and 成文日期 stay with the body; 7.3.5.5: when the blank space cannot
hold the seal and the date, spacing is adjusted (no 此页无正文 page).  The layout keeps the
block with the body's last paragraph in any case (keep-with-next, see layout.py); this
estimate only decides when tightening the seal's blank lines lets the block stay on the
page instead of taking the last paragraph over to the next one.

The page is a grid of 22 lines of 28 三号 characters (5.2.2); a paragraph takes as many
lines as its characters need at its indents, a smaller or larger size scaling the line's
capacity, and an exact line height or space before counts in twips.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from docx.oxml.ns import qn

from . import gbt9704 as std

LINE_TWIPS: int = std.LINE.twips
"""The grid's line (gbt9704.LINE) as the number the paragraphs' spacing is written in."""
LETTER_FORMAT_TOP_LINES = 1
"""The 信函's first-page header (mark and double line) reaches one grid line into the type
area (measured in LibreOffice's PDF: the 文号 prints on the second line)."""
SEAL_BLANK_TWIPS = LINE_TWIPS // 3  # 193
"""7.3.5.5: each of the seal's blank lines tightened to a third of a line, which keeps the seal's
top within one line of the body still (7.3.5.1)."""

RECORD_MARGIN_LINES = 0.25
"""How far the estimate may be off for a letter with a 版记, in lines."""


_PPR, _SPACING, _IND, _T, _SZ, _FRAME = (qn(f"w:{n}") for n in ("pPr", "spacing", "ind", "t", "sz", "framePr"))
_VAL, _LINE, _BEFORE = qn("w:val"), qn("w:line"), qn("w:before")
_LEFT, _RIGHT, _FIRST, _HANGING = (qn(f"w:{n}") for n in ("leftChars", "rightChars", "firstLineChars",
                                                           "hangingChars"))
"""Clark names, made once: ``qn`` for each attribute of each paragraph was a tenth of a letter's time."""


def _int(element: Any, name: str) -> int:
    value = element.get(name) if element is not None else None
    return int(value) if value else 0


@dataclass(frozen=True, slots=True)
class Shape:
    """What a paragraph's properties say about its height, its text aside."""

    before: int
    """Space before, in twips."""
    line: int
    """Line height, in twips."""
    first: float
    """First-line indent (negative: hanging), in characters."""
    width: float
    """Characters of the body size a line holds at the paragraph's side indents."""


def shape(p: Any) -> Shape:
    """A paragraph's shape as its ``w:pPr`` states it."""
    ppr = p.find(_PPR)
    spacing = ppr.find(_SPACING) if ppr is not None else None
    ind = ppr.find(_IND) if ppr is not None else None
    return Shape(before=_int(spacing, _BEFORE), line=_int(spacing, _LINE) or LINE_TWIPS,
                 first=(_int(ind, _FIRST) - _int(ind, _HANGING)) / 100,
                 width=28 - (_int(ind, _LEFT) + _int(ind, _RIGHT)) / 100)


def run_size(r: Any) -> int:
    """The size, in half points, of the first ``w:sz`` in ``r`` (a run or a paragraph)."""
    for sz in r.iter(_SZ):
        return int(sz.get(_VAL) or 32)
    return 32


def twips(form: Shape, text: str, size: int) -> int:
    """The height of a paragraph of ``form`` holding ``text`` at ``size`` half points, in twips."""
    capacity = max(form.width * (32 / size), 1)
    lines = max(1, math.ceil((form.first + std.width_chars(text)) / capacity - 1e-9)) if text else 1
    return form.before + lines * form.line


def paragraph_twips(p: Any) -> int:
    """The height of one body paragraph, in twips, read from its XML.  The layout records each
    paragraph's height as it makes it, from its prototype's shape (see layout.Page); this
    reading is what those records must agree with."""
    return twips(shape(p), "".join(t.text or "" for t in p.iter(_T)), run_size(p))


def is_framed(p: Any) -> bool:
    ppr = p.find(_PPR)
    return ppr is not None and ppr.find(_FRAME) is not None


def overflow_lines(heights: list[int], chain_start: int, *, top_lines: int, record_lines: int) -> float:
    """How many lines the block from the paragraph of ``heights[chain_start]`` (heights in
    twips, in order) to the end (plus the 版记's ``record_lines`` at the page's foot) overruns
    the page on which it starts; ≤ 0 when it fits."""
    page = std.LINES * LINE_TWIPS
    used = (top_lines * LINE_TWIPS + sum(heights[:chain_start])) % page
    block = sum(heights[chain_start:]) + record_lines * LINE_TWIPS
    return (used + block - page) / LINE_TWIPS

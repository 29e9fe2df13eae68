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
from typing import Any

from docx.oxml.ns import qn

from . import gbt9704 as std

LINES_PER_PAGE = 22
LINE_TWIPS = 579
LETTER_FORMAT_TOP_LINES = 1
"""The 信函's first-page header (mark and double line) reaches one grid line into the type
area (measured in LibreOffice's PDF: the 文号 prints on the second line)."""
SEAL_BLANK_TWIPS = 193
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


def paragraph_twips(p: Any) -> int:
    """The height of one body paragraph, in twips."""
    ppr = p.find(_PPR)
    spacing = ppr.find(_SPACING) if ppr is not None else None
    ind = ppr.find(_IND) if ppr is not None else None
    line = _int(spacing, _LINE) or LINE_TWIPS
    text = "".join(t.text or "" for t in p.iter(_T))
    size = 32
    for sz in p.iter(_SZ):
        size = int(sz.get(_VAL) or 32)
        break
    scale = 32 / size
    width = 28 - (_int(ind, _LEFT) + _int(ind, _RIGHT)) / 100
    first = (_int(ind, _FIRST) - _int(ind, _HANGING)) / 100
    capacity = max(width * scale, 1)
    lines = max(1, math.ceil((first + std.width_chars(text)) / capacity - 1e-9)) if text else 1
    return _int(spacing, _BEFORE) + lines * line


def is_framed(p: Any) -> bool:
    ppr = p.find(_PPR)
    return ppr is not None and ppr.find(_FRAME) is not None


def overflow_lines(paragraphs: list[Any], chain_start: int, *, top_lines: int, record_lines: int) -> float:
    """How many lines the block from ``paragraphs[chain_start]`` to the end (plus the 版记's
    ``record_lines`` at the page's foot) overruns the page on which it starts; ≤ 0 when it fits."""
    page = LINES_PER_PAGE * LINE_TWIPS
    used = top_lines * LINE_TWIPS
    for p in paragraphs[:chain_start]:
        used += paragraph_twips(p)
    used %= page
    block = sum(paragraph_twips(p) for p in paragraphs[chain_start:]) + record_lines * LINE_TWIPS
    return (used + block - page) / LINE_TWIPS

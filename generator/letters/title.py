"""Where a long title breaks (GB/T 9704-2012 7.3.1).

The standard asks that a title that needs several lines break so that words stay
whole, the lines are balanced, and the shape is a 梯形 or 菱形 — never a line left
holding 的提示函 or a lone 的.  Words come from jieba; among the break points at
word boundaries that fit the type area, the most even split wins, and a line may
not begin with a particle nor end on 关于.
"""

from __future__ import annotations

import itertools
import logging
import math
from functools import cache

TITLE_CHARS = 20
"""二号 (22 pt) characters across the 156 mm type area: 8845 twips / 440 twips."""

_NO_LINE_START = ("的", "之", "和", "与", "及", "或", "等", "了", "中", "、", "，", "）", "》", "”")
_NO_LINE_END = ("关于", "对", "的", "（", "《", "“", "和", "与", "及")


def _width(text: str) -> float:
    """Width in characters of the title's size: Latin letters and digits are half width."""
    return sum(0.5 if ord(c) < 0x2E80 else 1 for c in text)


_TERMS = ("信访事项", "信访人", "提示函", "督办函", "建议函", "交办单", "意见书", "告知书", "复查申请",
          "复核申请", "有关问题", "责任追究", "办理期限", "即将届满")
"""Terms of the trade a title must not split (jieba's general dictionary cuts 信访|事项)."""


def _tokenizer() -> object:
    """jieba's global tokenizer: ``xinfang build`` has loaded its dictionary for the site's
    search already, so letters made in the same process (or forked from it) pay nothing more.
    The trade's terms are kept whole by splitting on them, not by adding them to that shared
    dictionary, which would change how the search index cuts words."""
    import jieba

    jieba.setLogLevel(logging.WARNING)  # jieba prints its dictionary loading to stderr
    return jieba.dt


@cache
def _words(text: str, keep: tuple[str, ...]) -> tuple[str, ...]:
    """Words of ``text``; each of ``keep`` (organ names) found in it stays one word."""
    tokenizer = _tokenizer()
    pieces: list[str] = [text]
    keep = (*keep, *_TERMS)
    for name in sorted((k for k in keep if k), key=len, reverse=True):
        pieces = [part for piece in pieces for part in _split_keep(piece, name)]
    words: list[str] = []
    for piece in pieces:
        words += [piece] if piece in keep else tokenizer.lcut(piece, HMM=False)  # type: ignore[attr-defined]
    return tuple(words)


def _split_keep(text: str, name: str) -> list[str]:
    if text == name or name not in text:
        return [text]
    head, _, tail = text.partition(name)
    return [part for part in (head, name, *_split_keep(tail, name)) if part]


def _cost(lines: list[str], limit: float) -> float | None:
    widths = [_width(line) for line in lines]
    if any(w > limit for w in widths):
        return None
    mean = sum(widths) / len(widths)
    cost = sum((w - mean) ** 2 for w in widths)
    for index, line in enumerate(lines):
        if index and line.startswith(_NO_LINE_START):
            cost += 100
        if index < len(lines) - 1 and line.endswith(_NO_LINE_END):
            cost += 100
    return cost


def break_title(title: str, limit: float = TITLE_CHARS, keep: tuple[str, ...] = ()) -> list[str]:
    """The title's lines: as entered when the template breaks it by hand (``\\n``), else
    split at word boundaries into as few, and as even, lines as fit ``limit``."""
    if "\n" in title:
        return [line.strip() for line in title.split("\n") if line.strip()]
    if _width(title) <= limit:
        return [title]
    words = _words(title, tuple(k for k in keep if _width(k) <= limit))
    best: tuple[float, list[str]] | None = None
    count = 2
    while best is None and count <= min(len(words), 6):
        best = _best_split(words, count, limit)
        count += 1
    return best[1] if best else [title]


def _best_split(words: tuple[str, ...], count: int, limit: float) -> tuple[float, list[str]] | None:
    """The cheapest way to cut ``words`` into ``count`` lines (few words: exhaustive is fine,
    a title is some 10–20 words and 2–3 lines)."""
    if math.comb(len(words) - 1, count - 1) > 200_000:
        return None  # not a title any more; Word wraps it
    best: tuple[float, list[str]] | None = None
    for cuts in itertools.combinations(range(1, len(words)), count - 1):
        bounds = (0, *cuts, len(words))
        lines = ["".join(words[a:b]) for a, b in itertools.pairwise(bounds)]
        cost = _cost(lines, limit)
        if cost is not None and (best is None or cost < best[0]):
            best = (cost, lines)
    return best

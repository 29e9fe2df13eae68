"""Disguises the scan undoes on whatever text view it reads, each for a class of writing
rather than for one string:

- an extension word or sign inside a number (``1990003转6006``, ``分机``, ``ext``, ``#``);
- letters that look like digits inside a digit run (O/o for 0, l/I for 1, Z for 2, S for 5);
- Chinese numbers with 十/百/千/两 before 组/号/栋/单元/室… in an address (十二组 is 12组),
  and the building words written differently (幢 and 号楼 for 栋, 號 for 号);
- partial maskings (``*``, ``×``, ``X``, ``x``, ``某``, or the stars Markdown turned into
  ``<strong>``) that, within one file, add up to a registered number.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

EXTENSION = r"(?:转|分机|[Ee][Xx][Tt]\.?|#)"
"""Words and signs written between the parts of one number (an extension, or posing as one)."""
_EXTENSION = re.compile(EXTENSION)

_LOOKALIKE_RUN = re.compile(r"[0-9OolIZS]{7,}")
"""A whole run of digits and look-alike letters (the search finds each run from its start).
The conditions on its neighbours are checked on the few runs found: a pattern starting with
a look-behind is tried at every character of a page, one starting with a set of characters
only where one of them stands (twice as fast)."""
_AS_DIGIT = str.maketrans("OolIZS", "001125")


def without_extensions(text: str) -> str:
    """``text`` with each extension word blanked (same length): the run's digits as one number."""
    return _EXTENSION.sub(lambda m: " " * len(m.group(0)), text) if _EXTENSION.search(text) else text


def lookalike_digits(text: str) -> str:
    """Letters that look like digits read as digits inside runs that are mostly digits
    (same length, so positions hold); words such as SOLO or ISO are left alone."""
    def swap(match: re.Match[str]) -> str:
        run, (start, end) = match.group(0), match.span()
        if run.isdigit() or _ascii_alnum(text, start - 1) or _ascii_alnum(text, end):
            return run  # nothing to read, or part of a longer word (a look-alike run stands alone)
        return run.translate(_AS_DIGIT) if sum(c.isdigit() for c in run) >= 4 else run
    return _LOOKALIKE_RUN.sub(swap, text)


def _ascii_alnum(text: str, index: int) -> bool:
    """Whether ``text[index]`` is an ASCII letter or digit (False outside the text)."""
    return 0 <= index < len(text) and text[index].isascii() and text[index].isalnum()


_CN_DIGITS = "0-9十百千两拾佰仟"
_CN_NUMBER = re.compile(rf"[{_CN_DIGITS}]*[十百千两拾佰仟][{_CN_DIGITS}]*(?=[组號号栋幢单元室楼层户排弄巷村队])")
_CN_NUMBER_HINT = re.compile(rf"[十百千两拾佰仟][{_CN_DIGITS}]*[组號号栋幢单元室楼层户排弄巷村队]")
"""What every ``_CN_NUMBER`` match holds (its last unit, the rest, the word after it), found
six times faster: a pattern that starts with a repeat is tried at every character of a page."""
_BUILDING = re.compile(r"号楼|幢|號")
_ADDRESS_HINT = re.compile(rf"[十百千两拾佰仟号幢號](?:(?<=[十百千两拾佰仟])[{_CN_DIGITS}]*"
                           r"[组號号栋幢单元室楼层户排弄巷村队]|(?<=号)楼|(?<=[幢號]))")
"""Where ``_CN_NUMBER_HINT`` or ``_BUILDING`` would match, in one pass that skips to the
characters either begins with: most pages have neither."""
_BUILDING_AS = {"号楼": "栋", "幢": "栋", "號": "号"}


_FINANCIAL = str.maketrans("拾佰仟", "十百千")


def _number(text: str) -> str:
    """A Chinese number whose digits are already ASCII (十2 → 12, 1百05 → 105, 2十 → 20)."""
    text = text.replace("两", "2").translate(_FINANCIAL)
    total, digit = 0, ""
    for char in text:
        if char.isdigit():
            digit += char
            continue
        unit = {"十": 10, "百": 100, "千": 1000}[char]
        total += (int(digit) if digit else 1) * unit
        digit = ""
    return str(total + (int(digit) if digit else 0))


def address_forms(text: str) -> str:
    """House numbers as digits and building words in one form; only for text already
    folded (its Chinese digits are ASCII).  The length may change: callers match on
    the result and report positions in it."""
    if not _ADDRESS_HINT.search(text):
        return text
    if _CN_NUMBER_HINT.search(text):
        text = _CN_NUMBER.sub(lambda m: _number(m.group(0)), text)
    if _BUILDING.search(text):
        text = _BUILDING.sub(lambda m: _BUILDING_AS[m.group(0)], text)
    return text


_MASK = r"(?:[*＊×Xx某]|</?(?:strong|em|b|i)>)"
_FORM = re.compile(rf"(?<![0-9A-Za-z])(?:([0-9]{{3,}})({_MASK}+)([0-9]*)|({_MASK}+)([0-9]{{3,}}))(?![0-9])")
_FORM_HINT = re.compile(rf"[0-9*＊×Xx某<](?:(?<=[0-9])[0-9][0-9]{_MASK}|(?<=[*＊×Xx某])[0-9][0-9][0-9]"
                        r"|(?<=<)/?(?:strong|em|b|i)>[0-9][0-9][0-9])")
"""What every ``_FORM`` match holds (three digits beside a mask), found faster than the form
with its look-behind at every character: most files have no partial form at all.  Written
to begin with a set of characters, the first of each branch, so that the search skips to
them (an alternation of branches is tried at every character: twice as slow)."""


def may_add_up(view: str) -> bool:
    """Whether ``view`` holds a partial form (three digits beside a mask), without which
    ``Maskings.complete`` finds nothing.  No such form spans a line break or a ``>`` followed
    by a ``<``: a file's answer is its lines' and pieces' answers together."""
    return _FORM_HINT.search(view) is not None


@dataclass
class _Coverage:
    known: set[int] = field(default_factory=set)
    first: int = -1
    forms: int = 0


class Maskings:
    """The registered numbers, indexed by their beginnings and ends, to see which ones the
    partial forms of one file add up to."""

    def __init__(self, numbers: Iterable[str]) -> None:
        self.numbers = sorted(numbers)
        self.reversed = sorted(n[::-1] for n in self.numbers)

    @staticmethod
    def _starting(ordered: list[str], prefix: str) -> list[str]:
        low = bisect.bisect_left(ordered, prefix)
        high = bisect.bisect_left(ordered, prefix + "\U0010ffff")
        return ordered[low:high]

    def complete(self, view: str) -> Iterable[tuple[int, str]]:
        """(where the first partial form stands, the number) for each registered number
        whose every digit the partial forms in ``view`` give between them (an ID's check
        character follows from the other 17)."""
        if not self.numbers or not may_add_up(view):
            return
        cover: dict[str, _Coverage] = {}
        for match in _FORM.finditer(view):
            prefix, suffix = match.group(1) or "", match.group(3) or match.group(5) or ""
            if prefix and suffix:
                candidates = set(self._starting(self.numbers, prefix)) & {
                    n[::-1] for n in self._starting(self.reversed, suffix[::-1])}
            elif prefix:
                candidates = set(self._starting(self.numbers, prefix))
            else:
                candidates = {n[::-1] for n in self._starting(self.reversed, suffix[::-1])}
            for number in candidates:
                entry = cover.setdefault(number, _Coverage())
                entry.known.update(range(len(prefix)))
                entry.known.update(range(len(number) - len(suffix), len(number)))
                entry.forms += 1
                entry.first = match.start() if entry.first < 0 else entry.first
        for number, entry in cover.items():
            needed = len(number) - 1 if len(number) == 18 else len(number)
            if set(range(needed)) <= entry.known:
                yield entry.first, number


def registered(numbers: Mapping[str, object]) -> Maskings:
    return Maskings(n for n in numbers if n.isdigit() or n[:-1].isdigit())

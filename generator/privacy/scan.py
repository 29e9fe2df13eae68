"""The privacy guard: the last step of every build (and of every ``serve`` rebuild) scans
every output file for every private value of every case, and for anything shaped like
an ID or mobile number.

Each file's text is read (``extract``: pages, feeds, data, .ics, and the XML inside
.docx/.xlsx, a PDF's text), decoded and folded once (``normalise``), and searched twice:
as written, which covers attributes (alt text, link URLs, ``tel:``) and comments, and
with its tags turned into separators, which joins a value split by an inline tag or over
two paragraphs.

- Names and addresses match ignoring white space and invisible characters in between
  (jieba's search index inserts U+200B between words).  Punctuation inside a name is
  *not* ignored: across a comma two ordinary words too often spell a two-character
  name; for the same reason a name does not match across a paragraph boundary.
- A known number matches across any separators (spaces, dots, dashes, brackets, line
  and paragraph breaks), from the start of a digit group (or after +86) to the end of
  one.  Patterns (a valid ID number with a real birth date, a mobile number) match only
  across short separators inside a line, since table cells and lists of counts would
  otherwise spell numbers nobody wrote.

All names and addresses are one trie-shaped regular expression and all known numbers
another, so a city-scale site is a few C-level passes per file, not one per secret.
"""

from __future__ import annotations

import bisect
import os
import re
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property
from itertools import accumulate, repeat
from pathlib import Path
from typing import TypeVar

from ..model.content import Content
from ..model.files import RecordKind
from ..parallel import fork_map
from .anonymise import mask_id_number, mask_name, mask_phone
from .disguises import EXTENSION, address_forms, registered, without_extensions
from .extract import Unreadable, parts_of
from .idnumber import digits, looks_like_id_number
from .normalise import BLOCK_MARK, GAPS, NOT_SPACE_GAPS, LineViews, Units, Views, fold
from .normalise import views as whole_views

THEME_FOLDERS = ("assets/javascripts/", "assets/stylesheets/")
SEARCH_INDEX = "search/search_index.json"
"""The pages' text with their markup dropped: table cells and list items run together, so
the digits of neighbouring cells (a table of counts) chain into numbers nobody wrote.
Only registered values are looked for there; each page is scanned itself, cells apart."""
"""The theme's own bundles: byte-for-byte the installed package, never content."""

_NOT_DIGIT = re.compile(r"[^0-9Xx]+")
_GROUP = re.compile(r"[0-9]+[Xx]?|[Xx]")
# at least eleven digits joined by at most three spaces, dashes, dots, slashes, brackets or
# inline tags: the only stretches where an ID or mobile number of nobody known can be
# (or an extension word: 1391234转5678 is a mobile number with 转 posing as an extension)
_SOFT = "[ \t\u00a0\u3000\u200b\\-\u2010-\u2015\u2212\uff0d.\uff0e\u00b7\u30fb/()\uff08\uff09+_#\x1f]"
_GROUP_START = "[0-9](?<![0-9][0-9])"
"""A digit that begins its group.  A run starting inside a group also matches from the
group's first digit, further left, which is what a search returns; so starting only there
finds the same runs, without retrying every digit of every date and time on a page (the
look-behind after the digit keeps the engine's fast skip to the next digit)."""
_CHAIN = re.compile(rf"{_GROUP_START}(?:(?:{_SOFT}|{EXTENSION}){{0,3}}+[0-9]){{10,}}+"
                    rf"(?:{_SOFT}{{0,3}}[Xx](?![0-9A-Za-z]))?")
_MOBILE = re.compile(r"1[3-9][0-9]{9}")
_ADDRESS_TAIL = re.compile(r"(?:街道|镇|乡)([^街镇乡]{8,})$")

KIND_LABELS = {"name": "姓名", "id_number": "身份证号", "phone": "手机号", "address": "住址",
               "id_pattern": "身份证号样式的号码", "mobile_pattern": "手机号样式的号码"}


@dataclass(frozen=True)
class Secret:
    value: str
    kind: str
    case_id: str
    case_file: str


_Hit = tuple[int, str, str, Secret | None]
"""A value found in a run of digits: where it stands in the run, its kind, the value, whose."""
_Word = tuple[int, int, Secret]
"""A name or address found in a squeezed view: where it starts and ends there, whose."""
RUNS_KEPT = 100_000
"""Runs of digits whose findings a scanner keeps at most (``serve`` scans edit after edit)."""
SEGMENTS_KEPT = 50_000
"""Segments of pages (``_SEGMENT``) whose runs' findings a scanner keeps at most."""

_ON = "\\W_" + "".join(sorted(set(re.findall(r"\w", EXTENSION))))
_RUN_ON = re.compile(f"[{_ON}]*+")
"""What a run of digits goes on over to its next digit, and ends with (its X), read as a set
of characters: separators and the letters of the extension words."""
_LEAD = re.compile(f"[{_ON}]*+([^0-9]*+)")
_TAIL_READ = 64
_X_FIRST = re.compile(r"[\W_]*+[Xx]")
_SEGMENT = re.compile("[C-H](?:(?<=[CDGH])[pDH]*[BDFHep]|(?<=[EFGH]))")
"""Where runs of digits (``Scanner.run_regex``) can be in a view, from the marks of its units
(``Scanner.mark``): a unit with a run of its own, or units that one could run over, from a
unit with digits on."""
_WORD_SEGMENT = re.compile("[c-h](?:(?<=[cdgh])[dhn]*[bdfh]|(?<=[efgh]))")
"""Where names and addresses can be in a squeezed view, from the word marks of its units
(``Scanner.word_mark``): a unit with one of its own, or units one could go on over."""


@dataclass(frozen=True)
class Leak:
    file: str
    line: int
    column: int
    kind: str
    shown: str
    """The value masked: an error message must not leak it again (for an unreadable
    file, why it could not be read)."""
    case_id: str | None
    case_file: str | None


def _masked(kind: str, value: str) -> str:
    if kind == "name":
        return mask_name(value)
    if kind in ("phone", "mobile_pattern"):
        return mask_phone(value)
    if kind in ("id_number", "id_pattern"):
        return mask_id_number(value)
    return value[:4] + "……"


def secrets_from_cases(content: Content) -> list[Secret]:
    """Every private value; a petitioner's name that is also a leader's published name is
    left out (the site must name the leader, and the scan could not tell them apart).
    An address also yields its part below the street office or township (幸福里小区5栋302室),
    which identifies a home without the district in front."""
    public_names = {fold(leader.name.strip()) for leader in content.leaders.values()}
    result = []
    for case in content.cases.values():
        path = content.source(RecordKind.CASE, case.id).path
        for person in (case.petitioner, *case.co_petitioners):  # 联名信访: every signatory is private
            for kind in ("name", "id_number", "phone", "address"):
                value = (getattr(person, kind) or "").strip()
                if kind == "name" and fold(value) in public_names:
                    continue
                if len(value) >= 2:
                    result.append(Secret(value, kind, case.id, path))
                tail = _ADDRESS_TAIL.search(fold(value)) if kind == "address" else None
                if tail:
                    result.append(Secret(tail.group(1), kind, case.id, path))
    return result


def _trie_regex(words: Iterable[str]) -> str | None:
    """One regex matching any of ``words``, shaped as a trie so each position costs
    one branch per character instead of one attempt per word."""
    trie: dict[str, dict] = {}  # type: ignore[type-arg]
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}
    if not trie:
        return None

    def build(node: dict) -> str:  # type: ignore[type-arg]
        ends = "" in node
        branches = [re.escape(c) + build(child) for c, child in sorted(node.items()) if c]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if ends else body

    return build(trie)


def _squeezed(value: str) -> str:
    return GAPS.sub("", address_forms(fold(value)))


class Scanner:
    """Compiled once per build for all cases; ``scan_text`` is then a few passes per file."""

    def __init__(self, secrets: Iterable[Secret], allow: Iterable[str], public_names: Iterable[str] = ()) -> None:
        self.allowed = {digits(fold(a)) for a in allow if digits(fold(a))}
        # a private 王伟 inside a published leader's name 王伟东 is the leader, not a leak
        published = {_squeezed(n) for n in public_names if n.strip()}
        public = _trie_regex(sorted(published, key=len, reverse=True))
        self.public_regex = re.compile(public) if public else None
        self.longest_public = max(map(len, published), default=0)
        self.words: dict[str, Secret] = {}
        self.numbers: dict[str, Secret] = {}
        for secret in secrets:
            if secret.kind in ("name", "address"):
                key = _squeezed(secret.value)
                if len(key) >= 2:
                    self.words.setdefault(key, secret)
            else:
                key = digits(fold(secret.value))
                if len(key) >= 7 and key not in self.allowed:
                    self.numbers.setdefault(key, secret)
        words = _trie_regex(sorted(self.words, key=len, reverse=True))
        self.word_regex = re.compile(words) if words else None
        numbers = _trie_regex(sorted(self.numbers, key=len, reverse=True))
        # a lookahead finds every start, also of numbers that overlap
        self.number_regex = re.compile(f"(?=({numbers}))") if numbers else None
        # only runs with at least as many digits as the shortest known number, found by the
        # regex engine itself: most runs are dates and times
        shortest = min([11, *(len(n) for n in self.numbers)])
        # a digit right after a digit is tried first: the same runs, found sooner (most of a
        # page's digits stand in groups, dates and ids, whose runs are too short)
        self.run_regex = re.compile(rf"{_GROUP_START}(?:[0-9]|[\W_]*+(?:{EXTENSION}[\W_]*+)*+[0-9])"
                                    rf"{{{shortest - 1},}}+(?:[\W_]*[Xx](?![0-9A-Za-z]))?")
        self.maskings = registered(self.numbers)
        self._wordish = frozenset("".join(self.words) + "".join(published))
        """The characters of the names and addresses and of the published names."""
        # without numbers or words to look for, nothing to mark (those searches return at once)
        self.lines = LineViews(self.mark if self.number_regex else None, self.word_mark if self.word_regex else None)
        self._runs: tuple[dict[str, tuple[_Hit, ...]], ...] = ({}, {})
        """``_in_run`` of each run of digits seen, without and with the patterns."""
        self._segments: tuple[dict[str, tuple[_Hit, ...]], ...] = ({}, {})
        """``_hits`` of each segment of a page seen (``_SEGMENT``), without and with the patterns."""
        self._word_segments: dict[str, tuple[_Word, ...]] = {}
        """``_word_hits`` of each segment of a squeezed page seen (``_WORD_SEGMENT``)."""

    def word_mark(self, squeezed: str) -> str:
        """What the search for names and addresses needs to know of ``squeezed``, a unit's
        squeezed view, as one character: n if it is empty, else a plus 1 if its first
        character is one of a name, an address or a published name (one could go on into it),
        2 if its last is, 4 if a search of it alone finds something.  Where neither of two
        characters side by side can be in such a name, no name found from the start of the
        page goes on over them: the names of the page are those before and after, each
        searched alone (the published names too, which decide what a name found is)."""
        if not squeezed:
            return "n"
        wordish = self._wordish
        return "abcdefgh"[(squeezed[0] in wordish) + 2 * (squeezed[-1] in wordish)
                          + 4 * bool(self._word_hits(squeezed))]

    def mark(self, unit: str) -> str:
        """What the search for runs of digits needs to know of ``unit`` (a line of a view, or a
        piece of a long line's), as one character.  Without digits: p if all its characters are
        ``_ON`` (a run may go on over it), e if a run may end in it (it begins with an X after
        separators, or with a letter or digit that the look-ahead after a run's X sees), a
        otherwise.  With digits, A plus 1 if a run may go on into it (its characters before
        the first digit are all ``_ON``, or as e), 2 if a run may go on out of it (its
        characters after the last digit are all ``_ON``), 4 if a search of it alone finds
        something (without the patterns a search finds less).  Where no run can go on from
        one unit into the next, the page's runs are those of the units before and after,
        each searched alone: the run's look-behind sees no digit before a unit either way,
        and its look-ahead neither a letter nor a digit after one."""
        lead = _LEAD.match(unit)
        assert lead is not None
        on, first = lead.span(1)  # where the characters a run goes on over end, where the first digit is
        head = on == first or (unit[:1].isascii() and unit[:1].isalnum()) or _X_FIRST.match(unit) is not None
        if first == len(unit):
            return "p" if on == first else "e" if head else "a"
        backwards = unit[:-_TAIL_READ - 1:-1]  # its end, from the last character: most units end in a tag
        if _run_on(backwards) == len(backwards):
            backwards = unit[::-1]
        tail = "0" <= backwards[_run_on(backwards)] <= "9"
        found = self.run_regex.search(unit, first) is not None and any(self._hits(unit, patterns=True))
        return "ABCDEFGH"[head + 2 * tail + 4 * found]

    def scan_text(self, text: str, file: str, *, ics: bool = False, recurring: bool = True) -> list[Leak]:
        """Every leak in ``text``, the file ``file``'s.  ``recurring``: its views are worked out
        line by line, each distinct line kept for the next file (``LineViews``: a site's pages
        share most of theirs); a text whose lines recur nowhere else (the values generated files
        carry, each on a line of its own) is worked out whole, in a few C-level passes rather
        than calls for each of its hundred thousand lines (the same views)."""
        page = self.lines.of(text, ics=ics) if recurring else whole_views(text, ics=ics)
        found: dict[tuple[int, str, str, str | None], Leak] = {}
        views: list[tuple[bool, str]] = [(False, page.squeezed)]
        if page.squeezed_shown is not None:
            views.append((True, page.squeezed_shown))
        patterns = not file.endswith(SEARCH_INDEX)
        for shown, squeezed in views:
            for leak in [*self._words(page, shown, squeezed, file),
                         *self._numbers(page, shown, file, patterns=patterns)]:
                found.setdefault((leak.line, leak.kind, leak.shown, leak.case_id), leak)
        for index, number in self.maskings.complete(page.base) if page.forms else ():  # partial forms adding up
            secret = self.numbers[number]
            leak = self._leak(page.base, index, file, secret.kind, number, secret)
            found.setdefault((leak.line, leak.kind, leak.shown, leak.case_id), leak)
        return list(found.values())

    def _words(self, page: Views, shown: bool, squeezed: str, file: str) -> Iterable[Leak]:
        """Names and addresses in ``squeezed``, ``squeezed_words`` of ``page.shown`` or ``page.base``:
        searched in the segments of its units that can hold one (``_WORD_SEGMENT``), each distinct
        one once, when the page was worked out unit by unit."""
        if self.word_regex is None:
            return
        unsqueeze = _Unsqueeze(_Viewed(page, shown))
        units = page.words(shown)
        if units is None:
            found: Iterable[tuple[int, _Word]] = zip(repeat(0), self._word_hits(squeezed))
        else:
            found = self._segment_words(units)
        for at, (start, end, secret) in found:
            if secret.kind == "name" and unsqueeze.parted(at + start, at + end):
                continue  # the end of one paragraph and the start of the next
            # 十二组 as 12组 (as the case's address was squeezed): positions are in this form
            yield self._leak(unsqueeze.view, unsqueeze(at + start), file, secret.kind, secret.value, secret)

    def _segment_words(self, units: Units) -> Iterator[tuple[int, _Word]]:
        """``_word_hits`` of the segments of ``units`` (a squeezed view), each with where its segment begins."""
        for at, hits in _found_in_segments(units, _WORD_SEGMENT, self._word_segments, self._word_hits):
            for hit in hits:
                yield at, hit

    def _word_hits(self, squeezed: str) -> tuple[_Word, ...]:
        """The names and addresses in ``squeezed`` that are not in a published name, where they stand."""
        assert self.word_regex is not None
        hits: list[_Word] = []
        if self.word_regex.search(squeezed) is None:  # most units: no call for each match
            return ()
        for match in self.word_regex.finditer(squeezed):
            if self._published(squeezed, match.start(), match.end()):
                continue
            secret = self.words.get(match.group(0))
            if secret is not None:
                hits.append((match.start(), match.end(), secret))
        return tuple(hits)

    def _published(self, squeezed: str, start: int, end: int) -> bool:
        """Whether ``squeezed[start:end]`` lies in the published name that a search of the
        published names from the start of ``squeezed`` (left to right, each from the end of
        the last) finds last at or before ``start``.  That search is only run from a place
        shortly before ``start`` where no published name can reach over: one found there
        is one found from the start (most pages name many leaders; a private word is a
        leader's name's first two characters on half of a city's pages)."""
        if self.public_regex is None:
            return False
        public, longest = self.public_regex, self.longest_public
        # a name found before ``start - longest`` ends before ``end``: it decides nothing
        origin = max(0, start + 1 - longest)
        while origin > 0 and _reaches_over(public, squeezed, origin, longest):
            origin = max(0, origin - longest)  # from further back, where no name reaches over
        last_end = -1
        for found in public.finditer(squeezed, origin):
            if found.start() > start:
                break
            last_end = found.end()
        return end <= last_end

    def _numbers(self, page: Views, shown: bool, file: str, *, patterns: bool = True) -> Iterable[Leak]:
        """Known numbers and (``patterns``) ID- and mobile-shaped chains in ``page.shown`` or
        ``page.base``: searched in the segments of its units that can hold a run (``_SEGMENT``),
        each distinct one once, when the page was worked out unit by unit."""
        units = page.units(shown)
        if units is None or self.number_regex is None:
            view = _Viewed(page, shown)()
            for index, kind, value, secret in self._hits(view, patterns=patterns):
                yield self._leak(view, index, file, kind, value, secret)
            return
        for at, found in _found_in_segments(units, _SEGMENT, self._segments[patterns],
                                            lambda text: tuple(self._hits(text, patterns=patterns))):
            view = _Viewed(page, shown)()
            for index, kind, value, secret in found:
                yield self._leak(view, at + index, file, kind, value, secret)

    def _hits(self, view: str, *, patterns: bool) -> Iterator[_Hit]:
        """The known numbers and (``patterns``) the ID- and mobile-shaped chains in ``view``."""
        if self.number_regex is None:
            for chain in _CHAIN.finditer(view) if patterns else ():
                for at, kind, value, secret in self._patterns(without_extensions(chain.group(0))):
                    yield chain.start() + at, kind, value, secret
            return
        kept = self._runs[patterns]
        for run in self.run_regex.finditer(view):
            hits = kept.get(run.group(0))
            if hits is None:
                if len(kept) > RUNS_KEPT:
                    kept.clear()
                hits = kept[run.group(0)] = self._in_run(run.group(0), patterns=patterns)
            for at, kind, value, secret in hits:
                yield run.start() + at, kind, value, secret

    def _in_run(self, run: str, *, patterns: bool) -> tuple[_Hit, ...]:
        """The known numbers in a run of digits and (``patterns``) the ID- and mobile-shaped
        chains in it, where they stand in the run: a function of the run's text alone, so
        kept by it (a site's runs are mostly the same hotlines and dates, page after page)."""
        text = without_extensions(run)
        hits = list(self._known(text, _NOT_DIGIT.sub("", text).upper()))
        # a chain (eleven digits or more, short separators) lies inside a run (at least as
        # many digits, any separators, the same extension words, a trailing X on the same
        # condition): searched there only, the page is not read a second time for them
        for chain in _CHAIN.finditer(run) if patterns else ():
            hits += [(chain.start() + at, kind, value, secret)
                     for at, kind, value, secret in self._patterns(without_extensions(chain.group(0)))]
        return tuple(hits)

    def _known(self, text: str, number: str) -> Iterable[_Hit]:
        assert self.number_regex is not None
        starts: set[int] | None = None
        ends: set[int] = set()
        for match in self.number_regex.finditer(number):
            value = match.group(1)
            if starts is None:
                starts, ends = _groups(text)
            start, end = match.start(), match.start() + len(value)
            aligned = start in starts or (number[:start].endswith("86") and start - 2 in starts) \
                or (number[:start].endswith("0086") and start - 4 in starts)
            if aligned and end in ends:
                secret = self.numbers[value]
                yield _digit_offset(text, start), secret.kind, value, secret

    def _patterns(self, chain: str) -> Iterable[_Hit]:
        groups = [(m.start(), m.group(0).upper()) for m in _GROUP.finditer(chain)]
        # +86 glued to a mobile number
        groups = [(at + 2, g[2:]) if len(g) == 13 and g.startswith("86") else
                  (at + 4, g[4:]) if len(g) == 15 and g.startswith("0086") else (at, g) for at, g in groups]
        for first in range(len(groups)):
            value = ""
            for _, part in groups[first:]:
                value += part
                if len(value) > 18 or "X" in value[:-1]:
                    break
                if value in self.allowed:
                    break
                kind = "mobile_pattern" if len(value) == 11 and _MOBILE.fullmatch(value) else \
                    "id_pattern" if len(value) == 18 and looks_like_id_number(value) else None
                if kind is not None:
                    if value not in self.numbers:  # a known number is reported as the case's
                        yield groups[first][0], kind, value, None
                    break

    def _leak(self, view: str, index: int, file: str, kind: str, value: str, secret: Secret | None) -> Leak:
        line, column = _line_col(view, index)
        return Leak(file, line, column, kind, _masked(kind, value), secret.case_id if secret else None,
                    secret.case_file if secret else None)


def _run_on(text: str) -> int:
    """How many characters at the start of ``text`` a run of digits could go on over."""
    found = _RUN_ON.match(text)
    assert found is not None
    return found.end()


def _segments(units: Units, segment: re.Pattern[str]) -> Iterator[tuple[int, int]]:
    """The units ``[start, end)`` of each segment of ``units`` (``segment`` in their marks)."""
    return map(re.Match.span, segment.finditer(units.marks()))


_Found = TypeVar("_Found")


def _found_in_segments(units: Units, segment: re.Pattern[str], kept: dict[str, tuple[_Found, ...]],
                       find: Callable[[str], tuple[_Found, ...]]) -> Iterator[tuple[int, tuple[_Found, ...]]]:
    """What ``find`` finds in each segment of ``units`` (``_segments``), with where the segment
    begins in their view, for the segments where it finds something: each distinct segment's
    text searched once, its findings ``kept`` by it (at most ``SEGMENTS_KEPT``)."""
    for start, end in _segments(units, segment):
        text = units.text(start, end)
        found = kept.get(text)
        if found is None:
            if len(kept) > SEGMENTS_KEPT:
                kept.clear()
            found = kept[text] = find(text)
        if found:
            yield units.offset(start), found


class _Viewed:
    """``page.shown`` or ``page.base``, read when called (a page's views are put together only
    for what was found in them)."""

    def __init__(self, page: Views, shown: bool) -> None:
        self.page, self.shown = page, shown

    def __call__(self) -> str:
        view = self.page.shown if self.shown else self.page.base
        assert view is not None
        return view


def _reaches_over(pattern: re.Pattern[str], text: str, origin: int, longest: int) -> bool:
    """Whether a match of ``pattern`` (at most ``longest`` long) that starts before ``origin``
    ends after it."""
    for at in range(max(0, origin + 1 - longest), origin):
        found = pattern.match(text, at)
        if found is not None and found.end() > origin:
            return True
    return False


def _groups(text: str) -> tuple[set[int], set[int]]:
    """Where each digit group starts and ends, counted in digits of ``text``."""
    starts: set[int] = set()
    ends: set[int] = set()
    count = 0
    for match in _GROUP.finditer(text):
        starts.add(count)
        count += len(match.group(0))
        ends.add(count)
    return starts, ends


def _digit_offset(text: str, nth: int) -> int:
    """Where the ``nth`` digit (0-based) of ``text`` stands in it."""
    seen = 0
    for index, char in enumerate(text):
        if char.isdigit() or char in "Xx":
            if seen == nth:
                return index
            seen += 1
    return 0


class _Unsqueeze:
    """Where a character of ``squeezed_words(view())`` stands in ``address_forms(view())``.  Only needed
    for hits, which are rare, so the view is read and its gaps are listed on the first one: the
    common path stays a single C-level substitution."""

    def __init__(self, view: Callable[[], str]) -> None:
        self.unformed = view
        self.starts: list[int] | None = None
        """Where each gap starts, counted in the squeezed text."""
        self.removed: list[int] = []
        """How many characters the gaps up to each one removed."""
        self.marks: list[int] | None = None
        """Where each BLOCK_MARK falls in the squeezed text (the count of characters before it)."""

    @cached_property
    def view(self) -> str:
        """The view as squeezed: with ``address_forms`` (worked out for the first hit)."""
        return address_forms(self.unformed())

    def __call__(self, squeezed_index: int) -> int:
        if self.starts is None:
            self.starts, removed = [], 0
            for match in GAPS.finditer(self.view):
                self.starts.append(match.start() - removed)
                removed += match.end() - match.start()
                self.removed.append(removed)
        before = bisect.bisect_right(self.starts, squeezed_index)
        return squeezed_index + (self.removed[before - 1] if before else 0)

    def parted(self, start: int, end: int) -> bool:
        """Whether a block boundary (BLOCK_MARK) stands between the characters ``start`` and
        ``end - 1`` of the squeezed text: from where each boundary falls in it, found with
        C-level calls (the text between boundaries squeezed, its lengths added up)."""
        if self.marks is None:
            pieces = map("".join, map(str.split, self.view.split(BLOCK_MARK)[:-1]))
            if NOT_SPACE_GAPS.search(self.view):  # gaps that str.split does not remove
                pieces = map(NOT_SPACE_GAPS.sub, repeat(""), pieces)
            self.marks = list(accumulate(map(len, pieces)))
        first = bisect.bisect_left(self.marks, start + 1)
        return first < len(self.marks) and self.marks[first] <= end - 1


def _line_col(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


PARALLEL_BYTES = 20 * 2**20
"""Above this much output the scan is split over all cores (a city's feeds are ~100 MB)."""


def scan_file(scanner: Scanner, path: Path, relative: str) -> list[Leak]:
    return scan_bytes(scanner, path.read_bytes(), relative)


def scan_bytes(scanner: Scanner, raw: bytes, relative: str) -> list[Leak]:
    """Every leak in the file ``relative`` whose content is ``raw`` (already read for another check)."""
    try:
        parts = parts_of(relative, raw)
    except Unreadable as exc:
        return [Leak(relative, 0, 0, "unreadable", str(exc), None, None)]
    return [leak for part in parts for leak in scanner.scan_text(part.text, part.name, ics=part.ics)]


def _scan_files(scanner: Scanner, job: tuple[Path, list[str]]) -> list[Leak]:
    folder, files = job
    return [leak for relative in files for leak in scan_file(scanner, folder / relative, relative)]


def scan_tree(folder: Path, secrets: Iterable[Secret], *, allow: Iterable[str],
              public_names: Iterable[str] = (), skip: Collection[str] = (), parallel: bool = True) -> list[Leak]:
    """Every leak in the files under ``folder`` (paths relative to it), except the theme's
    bundles and ``skip`` (files already scanned elsewhere)."""
    return scan_folder(Scanner(secrets, allow, public_names), folder, skip=skip, parallel=parallel)


def scanned(relative: str, skip: Collection[str] = ()) -> bool:
    """Whether the file ``relative`` is searched: every file but the theme's bundles and ``skip``."""
    return not relative.startswith(THEME_FOLDERS) and relative not in skip


def scan_folder(scanner: Scanner, folder: Path, *, skip: Collection[str] = (), parallel: bool = True,
                only: Collection[str] | None = None) -> list[Leak]:
    """``scan_tree`` with a scanner already compiled: a build compiles it once for its
    two scans (a city's 5,000 cases take seconds to compile).  ``only``: these files under
    ``folder`` (``serve`` knows what its rebuild wrote), not every file there."""
    listed = (folder / name for name in only) if only is not None else folder.rglob("*")
    files = [relative for p in sorted(listed)
             if p.is_file() and scanned(relative := p.relative_to(folder).as_posix(), skip)]
    size = sum((folder / f).stat().st_size for f in files)
    cores = os.cpu_count() or 1
    # files are dealt round-robin to balance sizes
    jobs = [(folder, files[i::cores]) for i in range(cores)]
    parts = fork_map(_scan_files, scanner, jobs, parallel=parallel and size >= PARALLEL_BYTES)
    return sorted((leak for part in parts for leak in part), key=lambda leak: (leak.file, leak.line, leak.column))


def format_leak(leak: Leak) -> str:
    if leak.kind == "unreadable":
        return (f"{leak.file}: 无法检查其中是否有个人信息：{leak.shown}；"
                "公开的网站目录里不应有这样的文件，请删去，或把内容写成网页")
    what = KIND_LABELS[leak.kind]
    if leak.case_id:
        source = f"案件 {leak.case_id}（{leak.case_file}）信访人的{what}（{leak.shown}）"
        advice = "请从公开的内容中删去，或改用“张某”这样的称呼"
    else:
        source = f"{what}（{leak.shown}）"
        advice = "公开页面不得出现个人号码；如确需公开（如热线），请加入 office.yaml 的 public_numbers"
    where = f"{leak.file}:{leak.line}:{leak.column}" if leak.line else leak.file  # 0: the place is unknown
    return f"{where}: 发现{source}；{advice}"

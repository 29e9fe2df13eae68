"""Text as the privacy scan reads it: the encodings and disguises that hide a value from a
plain search are undone first, once per file.

- encodings: iCalendar line folding, JSON escapes, HTML entities, percent-encoding;
- look-alike characters (Unicode NFKC): full-width digits and letters, circled and
  mathematical digits, CJK compatibility ideographs and Kangxi radicals, and the
  decimal digits of other scripts, all become the plain character;
- Chinese numerals (〇一二三四五六七八九, 零壹贰叁肆伍陆柒捌玖, and 幺, the "one" read
  out in phone numbers) become digits, so 一三八〇〇… is 13800…;
- markup: ``text_view`` replaces every tag with a separator, so a value split by an
  inline tag or over two paragraphs reads as one piece again.

Folding keeps line breaks, so a line number in the folded text is the line in the file.
Only characters that change are touched (a regex over a fixed set), which keeps a
city-scale site's tens of megabytes a few C-level passes.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Callable, Iterable
from functools import cache
from itertools import accumulate, compress, count
from operator import itemgetter
from urllib.parse import unquote

from .disguises import address_forms, lookalike_digits, may_add_up

CHINESE_DIGITS = {"〇": "0", "零": "0", "一": "1", "幺": "1", "二": "2", "三": "3", "四": "4", "五": "5",
                  "六": "6", "七": "7", "八": "8", "九": "9", "壹": "1", "贰": "2", "貳": "2", "叁": "3", "參": "3",
                  "肆": "4", "伍": "5", "陆": "6", "陸": "6", "柒": "7", "捌": "8", "玖": "9"}

INLINE_MARK = "\x1f"
"""What an inline tag (``<b>``, ``<span …>``, ``<a …>``) becomes in the text view."""
BLOCK_MARK = "\x1e"
"""What a block boundary (a paragraph, cell, list item, line break) becomes in the text view."""

_ICS_FOLD = re.compile(r"\r?\n[ \t]")
_JSON_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})")
_CODEC_ESCAPE = re.compile(r'\\(?:[\\"bfnrt]|u[0-9a-fA-F]{4})')
_JSON_SHORT = re.compile(r"\\[nrtbf/\\\"]")
_BLOCK_TAGS = ("p|div|li|ul|ol|dl|dt|dd|td|th|tr|table|thead|tbody|tfoot|caption|h[1-6]|br|hr|section|article"
               "|header|footer|nav|main|aside|blockquote|pre|figure|figcaption|details|summary|form|body|html"
               "|head|title|script|style|option|select|textarea|label|button|img|svg|iframe|entry|item|row|w:p"
               "|w:tc|w:tr|w:br|w:tab|text:p|text:h|table:table-cell|c|si|v")
_BLOCK = re.compile(rf"</?(?:{_BLOCK_TAGS})(?=[\s/>])[^<>\n]*>|<!--|-->")
_TAG = re.compile(r"</?[A-Za-z!?][^<>\n]*>")
_LONG_TAG = re.compile(r"</?[A-Za-z!?][^<>]*>")
GAPS = re.compile(r"[\s\u00a0\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\u3000"
                  r"\u00b7\u30fb\u2022\u2027\x1e\x1f]+")
"""What a name or address is matched across (white space, invisible characters, middle dots,
the text view's marks)."""
NOT_SPACE_GAPS = re.compile(r"[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff"
                            r"\u00b7\u30fb\u2022\u2027]+")
"""The characters of ``GAPS`` that are not white space (``str.split`` removes the rest)."""
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def _char_class(codes: Iterable[int]) -> str:
    spans: list[tuple[int, int]] = []
    for code in sorted(codes):
        if spans and spans[-1][1] == code - 1:
            spans[-1] = (spans[-1][0], code)
        else:
            spans.append((code, code))
    return "[" + "".join(re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}"
                         for a, b in spans) + "]+"


@cache
def _fold_table() -> tuple[re.Pattern[str], re.Pattern[str], dict[int, str]]:
    """Every character whose compatibility form (or numeral value) holds a letter,
    digit or ideograph that differs from itself, and what it becomes; as one pattern
    for the Basic Multilingual Plane (a bitmap for the regex engine, so fast) and one
    for the rest (a list of ranges, slow, so only run on text that has such characters)."""
    table: dict[int, str] = {ord(k): v for k, v in CHINESE_DIGITS.items()}
    ranges = [(0x80, 0xD800), (0xE000, 0x10000), (0x1D400, 0x1D800), (0x1F100, 0x1F200), (0x2F800, 0x2FA20)]
    for low, high in ranges:
        for code in range(low, high):
            char = chr(code)
            if code in table:
                continue
            if char.isdigit() and unicodedata.digit(char, None) is not None:
                table[code] = str(unicodedata.digit(char))
                continue
            folded = unicodedata.normalize("NFKC", char)
            if folded != char and any(c.isalnum() for c in folded):
                table[code] = "".join(CHINESE_DIGITS.get(c, c) for c in folded)
    return (re.compile(_char_class(c for c in table if c < 0x10000)),
            re.compile(_char_class(c for c in table if c >= 0x10000)), table)


def fold(text: str) -> str:
    """Look-alike characters and Chinese numerals as plain ASCII letters and digits."""
    if text.isascii():
        return text
    bmp, astral, table = _fold_table()
    text = bmp.sub(lambda m: m.group(0).translate(table), text)
    if _ASTRAL.search(text):
        text = astral.sub(lambda m: m.group(0).translate(table), text)
    return text


def decode_hidden(text: str, *, ics: bool = False) -> str:
    """Undo the encodings that hide text from a plain search (line numbers then count
    the unfolded lines of an iCalendar file)."""
    if ics or "\r\n " in text or "\r\n\t" in text:
        # iCalendar folds lines at 75 octets, which can cut a number or name in two
        text = _ICS_FOLD.sub("", text)
    return _decode(text, _json_mode(text))


_NO_JSON, _JSON_BY_REGEX, _JSON_BY_CODEC = 0, 1, 2


def _json_mode(text: str) -> int:
    """How ``_decode`` undoes the file's ``\\uXXXX`` escapes: a choice made for the whole file."""
    if "\\u" not in text:
        return _NO_JSON
    # an escape the codec would misread or warn about: the regex, one call per escape
    return _JSON_BY_REGEX if "\\" in _CODEC_ESCAPE.sub("", text) else _JSON_BY_CODEC


def _decode(text: str, json_mode: int) -> str:
    """``decode_hidden`` after the unfolding, with the file's ``_json_mode``: every step but
    that choice works within a line, so a file's lines can be decoded one by one."""
    # the codec reads every escape of the stretch it is given (``\\t`` too), the regex only ``\\uXXXX``
    if (json_mode == _JSON_BY_CODEC and "\\" in text) or (json_mode == _JSON_BY_REGEX and "\\u" in text):
        text = _unescape_json(text, by_codec=json_mode == _JSON_BY_CODEC)
    if "\\" in text:
        # a JSON "\n" would put the letter n between two halves of a number
        text = _JSON_SHORT.sub(" ", text)
    if "&" in text:
        text = html.unescape(text)
    if "%" in text:
        text = unquote(text)
    return text


def _unescape_json(text: str, *, by_codec: bool) -> str:
    """``\\uXXXX`` escapes as characters (a search index escapes every Chinese one):
    through the C codec, which also joins surrogate pairs once re-encoded; the regex,
    one call per escape, only where the codec refuses the file (a stray ``\\x``)."""
    if not by_codec:
        decoded = _JSON_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)
    else:
        # backslashreplace turns every non-ASCII character into an escape the codec undoes;
        # only the stretch from the first escape to the end of the last is decoded (each
        # escape stands for itself, at most six characters): a page's escapes are in one script
        start, end = text.index("\\"), min(len(text), text.rindex("\\") + 6)
        middle = text[start:end].encode("ascii", "backslashreplace").decode("unicode_escape")
        decoded = text[:start] + middle + text[end:]
    if _SURROGATE.search(decoded):
        decoded = decoded.encode("utf-16", "surrogatepass").decode("utf-16", errors="replace")
    return decoded


def readable(text: str, *, ics: bool = False) -> str:
    """The file's text decoded and folded: what every later match runs on."""
    return fold(decode_hidden(text, ics=ics))


def text_view(text: str) -> str:
    """``text`` with every tag replaced by a separator: block boundaries by BLOCK_MARK,
    others by INLINE_MARK.  A tag spanning lines keeps its line breaks."""
    if "<" not in text:
        return text
    text = _BLOCK.sub(BLOCK_MARK, text)
    text = _TAG.sub(INLINE_MARK, text)
    if "<" in text:
        text = _LONG_TAG.sub(lambda m: INLINE_MARK + "\n" * m.group(0).count("\n"), text)
    return text



# SVG geometry is runs of small numbers that would join into phone-shaped strings;
# no personal data can hide there, so it is blanked (same length, lines kept) first.
_GEOMETRY = re.compile(r"""\s(?:d|points|viewBox|transform)=(?:"[^"]*"|'[^']*')""")
_GEOMETRY_NAMES = ("d=", "points=", "viewBox=", "transform=")
_GEOMETRY_HINT = re.compile(r"=(?:(?<=\sd=)|(?<=\spoints=)|(?<=\sviewBox=)|(?<=\stransform=))")
"""Where ``_GEOMETRY`` may begin, found fast (a pattern that begins with white space is tried at
every space of a page)."""
_GEOMETRY_OPEN = re.compile(r"""\s(?:d|points|viewBox|transform)=(?:"[^"]*|'[^']*)\Z""")
"""A value not closed on its line: ``_GEOMETRY`` would take the next line into it."""
_OPEN_TAG = re.compile(r"</?[A-Za-z!?][^<>]*\Z")
"""A tag not closed on its line: ``_LONG_TAG`` would take the next line into it."""


def _blank(match: re.Match[str]) -> str:
    return re.sub(r"[^\n]", " ", match.group(0))


def squeeze(text: str) -> str:
    """``GAPS.sub("", text)``, faster on a page: its white space (the most of its gaps) is
    dropped by ``str.split``, the rare other gaps then by a pattern."""
    text = "".join(text.split())
    if text.isascii():  # every other gap is outside ASCII (a constant-time test)
        return text
    return NOT_SPACE_GAPS.sub("", text) if NOT_SPACE_GAPS.search(text) else text


def squeezed_words(view: str) -> str:
    """What names and addresses are searched in: ``view`` with house numbers as digits
    (``address_forms``, as the case's values were) and its gaps removed."""
    return squeeze(address_forms(view))


class Units:
    """One view of a file as ``LineViews`` worked it out: a unit per line, and the pieces of a
    long line in the line's place (joined with nothing, every other two units with a line
    break), each unit with its mark (what ``LineViews``' ``mark`` says of its text)."""

    def __init__(self, worked: list[_Line], spans: list[tuple[int, int]], view: Callable[[_Line], str],
                 mark: Callable[[_Line], str]) -> None:
        self.worked, self.spans, self.view, self.mark = worked, spans, view, mark
        """``spans``: the units ``[start, end)`` that are the pieces of one line."""
        self._ends: list[int] | None = None
        """The lengths of the units before each, added up (worked out for the first ``offset``)."""

    def marks(self) -> str:
        """The units' marks, one character each."""
        return "".join(map(self.mark, self.worked))

    def text(self, start: int = 0, end: int | None = None) -> str:
        """The view from the start of unit ``start`` to the end of unit ``end - 1``."""
        end = len(self.worked) if end is None else end
        if end == start + 1:
            return self.view(self.worked[start])
        texts = list(map(self.view, self.worked[start:end]))
        if not self.spans:
            return "\n".join(texts)
        lines: list[str] = []
        at = start
        for first, last in self.spans:
            first, last = max(first, start), min(last, end)
            if first < last:
                lines += texts[at - start:first - start]
                lines.append("".join(texts[first - start:last - start]))
                at = last
        lines += texts[at - start:]
        return "\n".join(lines)

    def offset(self, index: int) -> int:
        """Where unit ``index`` begins in the view."""
        if self._ends is None:
            self._ends = [0, *accumulate(map(len, map(self.view, self.worked)))]
        glued = sum(max(0, min(index, last - 1) - first) for first, last in self.spans)
        return self._ends[index] + index - glued


class Views:
    """A file's text as the scan reads it.  Worked out unit by unit (``LineViews``), ``base`` and
    ``shown`` are put together when first read: a page's scan reads them only where it found
    something, its units (``units``) otherwise."""

    def __init__(self, base: str | Units, shown: str | Units | None, squeezed: str, squeezed_shown: str | None,
                 forms: bool, *, marked: bool = False, words: tuple[Units, Units | None] | None = None) -> None:
        self._views: list[str | Units | None] = [base, shown]
        self._units = (base if marked and isinstance(base, Units) else None,
                       shown if marked and isinstance(shown, Units) else None)
        self._words = words
        self.squeezed = squeezed
        """``squeezed_words`` of ``base``."""
        self.squeezed_shown = squeezed_shown
        """``squeezed_words`` of ``shown``."""
        self.forms = forms
        """``may_add_up(base)``: whether partial maskings may add up to a number there."""

    def _view(self, which: int) -> str | None:
        view = self._views[which]
        if isinstance(view, Units):
            view = self._views[which] = view.text()
        return view

    @property
    def base(self) -> str:
        """Decoded, folded, look-alike digits read, SVG geometry blanked."""
        view = self._view(0)
        assert view is not None
        return view

    @property
    def shown(self) -> str | None:
        """``text_view`` of ``base`` if it has tags."""
        return self._view(1)

    def units(self, shown: bool) -> Units | None:
        """``shown`` or ``base`` unit by unit, with the marks of a ``LineViews`` given ``mark``."""
        return self._units[shown]

    def words(self, shown: bool) -> Units | None:
        """``squeezed_shown`` or ``squeezed`` unit by unit, with the marks of a ``LineViews``
        given ``word_mark``."""
        return None if self._words is None else self._words[shown]

    def _key(self) -> tuple[str, str | None, str, str | None, bool]:
        return self.base, self.shown, self.squeezed, self.squeezed_shown, self.forms

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Views) and self._key() == other._key()

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Views{self._key()!r}"


def base_view(text: str, *, ics: bool = False) -> str:
    """The file's text as every search reads it: decoded, folded, look-alike digits read,
    SVG geometry blanked."""
    base = lookalike_digits(readable(text, ics=ics))
    return _GEOMETRY.sub(_blank, base) if "<svg" in base else base


def views(text: str, *, ics: bool = False) -> Views:
    """The ``Views`` of a file's text, worked out on the whole text."""
    base = base_view(text, ics=ics)
    if "<" not in base:
        return Views(base, None, squeezed_words(base), None, may_add_up(base))
    shown = text_view(base)
    return Views(base, shown, squeezed_words(base), squeezed_words(shown), may_add_up(base))


_Line = tuple[str, str, str, str, bool, str, str, str, str, bool, bool, str, str, str, str, str, str, str, str]
"""One line's base view, its text view, both again with SVG geometry blanked, whether it
opens an SVG (a file's geometry is blanked if any of its lines does), the four views'
``squeezed_words``, ``may_add_up`` of its base view, plain and blanked, the marks of the
four views and the word marks of the four squeezed views."""
_PLAIN, _PLAIN_SHOWN, _BLANKED, _BLANKED_SHOWN, _SVG, _SQUEEZED, _SQUEEZED_SHOWN, _SQUEEZED_BLANKED, \
    _SQUEEZED_BLANKED_SHOWN, _FORMS, _FORMS_BLANKED, _MARK, _MARK_SHOWN, _MARK_BLANKED, _MARK_BLANKED_SHOWN, \
    _WORDS, _WORDS_SHOWN, _WORDS_BLANKED, _WORDS_BLANKED_SHOWN = (itemgetter(i) for i in range(19))


class LineViews:
    """``views`` of many files, worked out line by line, each distinct line once: a site's
    pages repeat the theme's header, navigation and footer line for line, thousands of
    times.  The same result as ``views``: every step works within a line (a squeezed view
    is its lines' squeezed views end to end), and a file where one might not (a decoded
    line break, a tag or an SVG value over two lines, a folded iCalendar line) is worked
    out whole.  Lines longer than ``KEEP`` are worked out piece by piece, cut before each
    table cell, row and list item (``_pieces``), and not kept themselves, only their pieces.

    ``mark``: what the scan needs to know of a unit's view (a line's, a piece's), one
    character worked out once per distinct unit; the views' ``units`` then give the marks.
    ``word_mark`` the same of a unit's squeezed view, given by the views' ``words``."""

    KEEP = 4096
    LIMIT = 200_000
    """Distinct lines kept at most (``serve`` scans edit after edit in one process)."""

    def __init__(self, mark: Callable[[str], str] | None = None, word_mark: Callable[[str], str] | None = None) -> None:
        self._seen: tuple[dict[str, _Line | None], ...] = ({}, {}, {})
        """By the file's ``_json_mode``."""
        self._mark = mark
        self._word_mark = word_mark

    def of(self, text: str, *, ics: bool = False) -> Views:
        if ics or "\r" in text:
            return views(text, ics=ics)
        mode = _json_mode(text)
        seen = self._seen[mode]
        if len(seen) > self.LIMIT:
            seen.clear()
        units = text.split("\n")
        fresh = set(units).difference(seen)
        spans: list[tuple[int, int]] = []
        long = [line for line in fresh if len(line) > self.KEEP]
        if long:
            # a long line is its pieces, each distinct one worked out once, and kept if short (a
            # month's session table is one line of thousands of cells, the same leader, time,
            # venue and booking cells over and over)
            units, spans, pieces = _cut(units, long)
            fresh.difference_update(long)
            fresh.update(set(pieces).difference(seen))
        mark, word_mark = self._mark or _unmarked, self._word_mark or _unmarked
        for unit in fresh:
            seen[unit] = _line_views(unit, mode, mark, word_mark)
        worked = list(map(seen.__getitem__, units))
        for unit in fresh:
            if len(unit) > self.KEEP:
                del seen[unit]
        if None in worked:
            return views(text, ics=ics)  # something runs on from one line or piece into the next
        done: list[_Line] = worked  # type: ignore[assignment]
        svg = any(map(_SVG, done))
        squeezed = "".join(map(_SQUEEZED_BLANKED if svg else _SQUEEZED, done))
        forms = any(map(_FORMS_BLANKED if svg else _FORMS, done))
        base = Units(done, spans, _BLANKED if svg else _PLAIN, _MARK_BLANKED if svg else _MARK)
        marked = self._mark is not None
        whole = [(0, len(done))]  # a squeezed view is its units' end to end
        words = Units(done, whole, _SQUEEZED_BLANKED if svg else _SQUEEZED, _WORDS_BLANKED if svg else _WORDS)
        if "<" not in squeezed:  # squeezing removes no "<": the base view has none
            return Views(base, None, squeezed, None, forms, marked=marked,
                         words=(words, None) if self._word_mark else None)
        words_shown = Units(done, whole, _SQUEEZED_BLANKED_SHOWN if svg else _SQUEEZED_SHOWN,
                            _WORDS_BLANKED_SHOWN if svg else _WORDS_SHOWN)
        return Views(base, Units(done, spans, _BLANKED_SHOWN if svg else _PLAIN_SHOWN,
                                 _MARK_BLANKED_SHOWN if svg else _MARK_SHOWN), squeezed,
                     "".join(map(_SQUEEZED_BLANKED_SHOWN if svg else _SQUEEZED_SHOWN, done)), forms, marked=marked,
                     words=(words, words_shown) if self._word_mark else None)


def _unmarked(view: str) -> str:
    return ""


def _cut(lines: list[str], long: list[str]) -> tuple[list[str], list[tuple[int, int]], list[str]]:
    """``lines`` with each of the ``long`` ones as its pieces (``_pieces``), the units
    ``[start, end)`` that are the pieces of one line, and those pieces."""
    pieces = {line: _pieces(line) or [line] for line in long}
    units: list[str] = []
    spans: list[tuple[int, int]] = []
    at = 0
    for index in compress(count(), map(pieces.__contains__, lines)):
        units += lines[at:index]
        cut = pieces[lines[index]]
        if len(cut) > 1:
            spans.append((len(units), len(units) + len(cut)))
        units += cut
        at = index + 1
    units += lines[at:]
    return units, spans, [piece for cut in pieces.values() for piece in cut]


_TAG_CUT = re.compile("><(?=td|tr|th|li|option)")
_JSON_CUT = re.compile(',(?=")')
"""Where a long line is cut into pieces (after the first character of each): before each
table cell, row, list item and option of a list to choose from, and before each key and
string of a JSON list or object (a page's structured data, a month of sessions, is one
line of thousands of entries that other pages repeat).  Every step of ``_line_views``
gives the same result on the pieces one by one as on the line, wherever a ``>`` is
followed by a ``<`` or a ``,`` by a ``"``: nothing it matches spans such a place (an
escape or percent code holds none of these characters and an entity name neither ``,``
nor ``"``; a tag, comment mark, look-alike run, house number or partial masking does not
run from a ``>`` on into a ``<``, nor from a ``,`` into a ``"``; and a look-around there
sees one of these four characters, none of which any of them takes).  What can run on (a
tag left open, an SVG value not closed, an encoded line break) makes its piece None and
so the line, as at the end of a line."""


JSON_CUT_MAX = 1_000_000
"""Lines longer than this (a whole JSON file on one line: the search index) are not cut before
each JSON key and string: the same views, but hundreds of thousands of pieces held at once and
kept, which put 400 MB on ``serve``'s peak; a page's structured data is far shorter (pages stay
under 100 KB)."""


def _pieces(line: str) -> list[str] | None:
    """``line`` cut at ``_TAG_CUT`` and ``_JSON_CUT`` (None: not cut)."""
    if "\0" in line:
        return None  # the mark the cuts are made with
    cut = _TAG_CUT.sub(">\0<", line)
    if len(line) <= JSON_CUT_MAX:
        cut = _JSON_CUT.sub(",\0", cut)
    pieces = cut.split("\0")
    return pieces if len(pieces) > 1 else None


def _line_views(line: str, json_mode: int, mark: Callable[[str], str],
                word_mark: Callable[[str], str]) -> _Line | None:
    """One line's part of ``views`` (None: the line cannot be worked out alone)."""
    decoded = _decode(line, json_mode)
    if "\n" in decoded:
        return None  # an escaped line break
    base = lookalike_digits(fold(decoded))
    shown = _line_text_view(base)
    if shown is None or base.startswith(_GEOMETRY_NAMES):
        return None  # the line break before the name is the white space _GEOMETRY begins with
    squeezed = squeezed_words(base)
    squeezed_shown = squeezed if shown is base else squeezed_words(shown)
    forms = may_add_up(base)
    marked = mark(base)
    marked_shown = marked if shown is base else mark(shown)
    words = word_mark(squeezed)
    words_shown = words if squeezed_shown == squeezed else word_mark(squeezed_shown)
    if not _GEOMETRY_HINT.search(base):
        return (base, shown, base, shown, "<svg" in base, squeezed, squeezed_shown, squeezed, squeezed_shown,
                forms, forms, marked, marked_shown, marked, marked_shown, words, words_shown, words, words_shown)
    if _GEOMETRY_OPEN.search(base):
        return None
    blanked = _GEOMETRY.sub(_blank, base)
    blanked_shown = _line_text_view(blanked)
    if blanked_shown is None:
        return None
    squeezed_blanked, marked_blanked = squeezed_words(blanked), mark(blanked)
    squeezed_blanked_shown = squeezed_blanked if blanked_shown is blanked else squeezed_words(blanked_shown)
    words_blanked = word_mark(squeezed_blanked)
    return (base, shown, blanked, blanked_shown, "<svg" in base, squeezed, squeezed_shown, squeezed_blanked,
            squeezed_blanked_shown, forms, may_add_up(blanked), marked, marked_shown, marked_blanked,
            marked_blanked if blanked_shown is blanked else mark(blanked_shown), words, words_shown, words_blanked,
            words_blanked if squeezed_blanked_shown == squeezed_blanked else word_mark(squeezed_blanked_shown))


def _line_text_view(line: str) -> str | None:
    """``text_view`` of one line of a file that has tags (None: a tag goes on to the next line)."""
    if "<" not in line and "-->" not in line:
        return line
    line = _BLOCK.sub(BLOCK_MARK, line)
    line = _TAG.sub(INLINE_MARK, line)
    if "<" in line:
        if _OPEN_TAG.search(line):
            return None
        line = _LONG_TAG.sub(INLINE_MARK, line)
    return line

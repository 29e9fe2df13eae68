"""The privacy guard: the last step of every build scans every output file for every
private value of every case, and for anything shaped like an ID or mobile number.

Text is decoded first (HTML entities, JSON \\uXXXX escapes, percent-encoding), and
matching ignores what can hide a value: spaces and zero-width characters inside a
name or address (jieba's search index inserts U+200B between words), and spaces,
dashes or dots inside a number.  Punctuation inside a name is *not* ignored: across
a comma two ordinary words too often spell a two-character name.

All names and addresses are matched by one trie-shaped regular expression and all
numbers by a set lookup, so a city-scale site is one pass per file, not one pass
per secret.
"""

from __future__ import annotations

import bisect
import html
import os
import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from ..model.cases import Petitioner
from ..model.content import Content
from ..parallel import fork_map
from .anonymise import mask_id_number, mask_name, mask_phone

SKIP_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".webp", ".ico", ".woff", ".woff2", ".ttf", ".gz", ".zip",
                 ".pdf", ".docx", ".xlsx"}
THEME_FOLDERS = ("assets/javascripts/", "assets/stylesheets/")
"""The theme's own bundles: byte-for-byte the installed package, never content."""

_INVISIBLE = re.compile(r"[\s\u00a0\u200b\u200c\u200d\u2060\ufeff\u3000]+")
# Digit groups joined by single separators: "139 0000 1234", "199-0000-1234".  Every
# contiguous run of groups is a candidate, so two numbers side by side stay two numbers.
_DIGIT_RUN = re.compile(r"(?<![0-9A-Za-z.])\d+(?:[ \u00a0\u200b\-‐－]\d+)*[Xx]?(?![0-9A-Za-z.])")
# SVG geometry is runs of small numbers that would join into phone-shaped strings;
# no personal data can hide there, so it is blanked (same length, lines kept) first.
_GEOMETRY = re.compile(r'\s(?:d|points|viewBox|transform)="[^"]*"')
_GROUP = re.compile(r"\d+[Xx]?")
_MOBILE = re.compile(r"1[3-9]\d{9}")
MAX_GROUPS = 6
_ICS_FOLD = re.compile(r"\r\n[ \t]")
_JSON_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})")
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"

KIND_LABELS = {"name": "姓名", "id_number": "身份证号", "phone": "手机号", "address": "住址",
               "id_pattern": "身份证号样式的号码", "mobile_pattern": "手机号样式的号码"}


def id_check_digit(first17: str) -> str:
    """GB 11643 / ISO 7064 MOD 11-2 check character."""
    return _ID_CHECK[sum(int(d) * w for d, w in zip(first17, _ID_WEIGHTS, strict=True)) % 11]


def is_valid_id_number(value: str) -> bool:
    return bool(re.fullmatch(r"\d{17}[\dXx]", value)) and id_check_digit(value[:17]) == value[17].upper()


def digits(value: str) -> str:
    return "".join(c for c in value if c.isdigit() or c in "Xx").upper()


@dataclass(frozen=True)
class Secret:
    value: str
    kind: str
    case_id: str
    case_file: str


@dataclass(frozen=True)
class Leak:
    file: str
    line: int
    column: int
    kind: str
    shown: str
    """The value masked: an error message must not leak it again."""
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
    left out (the site must name the leader, and the scan could not tell them apart)."""
    public_names = {leader.name for leader in content.leaders.values()}
    result = []
    for case in content.cases.values():
        path = content.source("case", case.id).path
        for person in (case.petitioner, *case.co_petitioners):  # 联名信访: every signatory is private
            for kind in ("name", "id_number", "phone", "address"):
                value = getattr(person, kind)
                if kind == "name" and value in public_names:
                    continue
                if value and len(value.strip()) >= 2:
                    result.append(Secret(value.strip(), kind, case.id, path))
    return result


def _trie_regex(words: Iterable[str]) -> re.Pattern[str] | None:
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

    return re.compile(build(trie))


class Scanner:
    """Compiled once per build for all cases; ``scan_text`` is then one pass per file."""

    def __init__(self, secrets: Iterable[Secret], allow: Iterable[str], public_names: Iterable[str] = ()) -> None:
        self.allowed = {digits(a) for a in allow if digits(a)}
        # a private 王伟 inside a published leader's name 王伟东 is the leader, not a leak
        self.public_regex = _trie_regex(sorted({_INVISIBLE.sub("", n) for n in public_names if n}, key=len,
                                               reverse=True))
        self.words: dict[str, Secret] = {}
        self.numbers: dict[str, Secret] = {}
        for secret in secrets:
            if secret.kind in ("name", "address"):
                key = _INVISIBLE.sub("", secret.value)
                if len(key) >= 2:
                    self.words.setdefault(key, secret)
            else:
                key = digits(secret.value)
                if len(key) >= 7 and key not in self.allowed:
                    self.numbers.setdefault(key, secret)
        # longest first inside the trie is implicit: the trie prefers longer continuations
        self.word_regex = _trie_regex(sorted(self.words, key=len, reverse=True))
        # only candidates of these digit counts can be a known number or a pattern
        self.lengths = {len(n) for n in self.numbers} | {11, 18}
        self.longest = max(self.lengths)

    def scan_text(self, text: str, file: str) -> list[Leak]:
        text = _GEOMETRY.sub(lambda m: " " * len(m.group(0)), decode_hidden(text))
        leaks: list[Leak] = []
        squeezed = _INVISIBLE.sub("", text)
        if self.word_regex is not None:
            spans = [m.span() for m in self.public_regex.finditer(squeezed)] if self.public_regex else []
            starts = [start for start, _ in spans]
            for match in self.word_regex.finditer(squeezed):
                index = bisect.bisect_right(starts, match.start()) - 1
                if index >= 0 and match.end() <= spans[index][1]:
                    continue
                if match.group(0) in self.words:
                    where = _original_index(text, _INVISIBLE, match.start())
                    leaks.append(self._leak(text, where, file, self.words[match.group(0)]))
        for run in _DIGIT_RUN.finditer(text):
            if len(run.group(0)) < 7:
                continue  # dates, times and counts: too short to be anybody's number
            groups = [(m.start() + run.start(), m.group(0).upper()) for m in _GROUP.finditer(run.group(0))]
            for first in range(len(groups)):
                value = ""
                for _, part in groups[first:first + MAX_GROUPS]:
                    value += part
                    if len(value) > self.longest:
                        break
                    if len(value) not in self.lengths:
                        continue
                    leak = self._number(text, groups[first][0], file, value)
                    if leak is not None:
                        leaks.append(leak)
                        break
        return leaks

    def _number(self, text: str, where: int, file: str, value: str) -> Leak | None:
        if value in self.allowed or (value.endswith("X") and len(value) != 18):
            return None
        if value in self.numbers:
            return self._leak(text, where, file, self.numbers[value])
        if len(value) == 18 and is_valid_id_number(value):
            return self._pattern(text, where, file, "id_pattern", value)
        if len(value) == 11 and _MOBILE.fullmatch(value):
            return self._pattern(text, where, file, "mobile_pattern", value)
        return None

    def _leak(self, text: str, index: int, file: str, secret: Secret) -> Leak:
        line, column = _line_col(text, index)
        return Leak(file, line, column, secret.kind, _masked(secret.kind, secret.value), secret.case_id,
                    secret.case_file)

    def _pattern(self, text: str, index: int, file: str, kind: str, value: str) -> Leak:
        line, column = _line_col(text, index)
        return Leak(file, line, column, kind, _masked(kind, value), None, None)


def decode_hidden(text: str) -> str:
    """Undo the encodings that hide text from a plain search (line numbers then count
    the unfolded lines of an iCalendar file)."""
    if "\r\n " in text or "\r\n\t" in text:
        # iCalendar folds lines at 75 octets, which can cut a number or name in two
        text = _ICS_FOLD.sub("", text)
    if "\\u" in text:
        text = _JSON_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)
    if "&" in text:
        text = html.unescape(text)
    if "%" in text:
        text = unquote(text)
    return text


def _original_index(text: str, gaps: re.Pattern[str], squeezed_index: int) -> int:
    """Where a character of ``gaps.sub("", text)`` sits in ``text``; only computed for
    hits, which are rare, so the common path stays a single C-level substitution."""
    removed = 0
    for match in gaps.finditer(text):
        if match.start() - removed > squeezed_index:
            break
        removed += match.end() - match.start()
    return squeezed_index + removed


def _line_col(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


PARALLEL_BYTES = 20 * 2**20
"""Above this much output the scan is split over all cores (a city's feeds are ~100 MB)."""


def _scan_files(scanner: Scanner, job: tuple[Path, list[str]]) -> list[Leak]:
    folder, files = job
    leaks: list[Leak] = []
    for relative in files:
        raw = (folder / relative).read_bytes()
        if b"\x00" not in raw[:1024]:
            leaks += scanner.scan_text(raw.decode("utf-8", errors="replace"), relative)
    return leaks


def scan_tree(folder: Path, secrets: Iterable[Secret], *, allow: Iterable[str],
              public_names: Iterable[str] = (), skip: Collection[str] = (), parallel: bool = True) -> list[Leak]:
    """Every leak in the files under ``folder`` (paths relative to it), except the theme's
    bundles and binary files, and except ``skip`` (files already scanned elsewhere)."""
    scanner = Scanner(secrets, allow, public_names)
    files = [relative for p in sorted(folder.rglob("*"))
             if p.is_file() and p.suffix.lower() not in SKIP_SUFFIXES
             and not (relative := p.relative_to(folder).as_posix()).startswith(THEME_FOLDERS)
             and relative not in skip]
    size = sum((folder / f).stat().st_size for f in files)
    cores = os.cpu_count() or 1
    # files are dealt round-robin to balance sizes
    jobs = [(folder, files[i::cores]) for i in range(cores)]
    parts = fork_map(_scan_files, scanner, jobs, parallel=parallel and size >= PARALLEL_BYTES)
    return sorted((leak for part in parts for leak in part), key=lambda leak: (leak.file, leak.line, leak.column))


def format_leak(leak: Leak) -> str:
    what = KIND_LABELS[leak.kind]
    if leak.case_id:
        source = f"案件 {leak.case_id}（{leak.case_file}）信访人的{what}（{leak.shown}）"
        advice = "请从公开的内容中删去，或改用“张某”这样的称呼"
    else:
        source = f"{what}（{leak.shown}）"
        advice = "公开页面不得出现个人号码；如确需公开（如热线），请加入 office.yaml 的 public_numbers"
    return f"{leak.file}:{leak.line}:{leak.column}: 发现{source}；{advice}"


def mask_free_text(text: str, petitioner: Petitioner) -> str:
    """Published free text with the petitioner's private values replaced, and any other
    ID or mobile number removed: the 典型案例 pages use this on every field."""
    name = petitioner.name.strip()
    if name:
        spaced = r"[\s\u00a0\u200b]*".join(re.escape(c) for c in name)
        text = re.sub(spaced, mask_name(name), text)
    for value, placeholder in ((petitioner.address, "（地址已隐去）"),):
        if value:
            text = re.sub(r"[\s\u00a0]*".join(re.escape(c) for c in value.strip()), placeholder, text)
    for value, placeholder in ((petitioner.id_number, "（身份证号已隐去）"), (petitioner.phone, "（电话已隐去）")):
        if value and digits(value):
            gap = r"[\s\u00a0\-.]*"
            text = re.sub(gap.join(re.escape(c) for c in digits(value)), placeholder, text, flags=re.IGNORECASE)
    text = re.sub(r"(?<!\d)\d{17}[\dXx](?!\d)", "（身份证号已隐去）", text)
    return re.sub(r"(?<!\d)1[3-9]\d(?:[\s\-]?\d){8}(?!\d)", "（电话已隐去）", text)



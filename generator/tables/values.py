"""Cell values as offices write them: dates, times, ways of receiving, people.

Each reader returns what it found and, where it had to guess, a note in the clerk's words
that the importer writes as a YAML comment beside the session.  A value that cannot be
right (``2月30日``, a weekday that does not match its date) is a ``ValueError`` whose
message names the value.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field

from ..model.schedule import DayPart, Mode

_CN_DIGITS = {"〇": 0, "零": 0, "○": 0, "Ｏ": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
              "八": 8, "九": 9}
WEEKDAYS = "一二三四五六日"


def normalise(text: str) -> str:
    """Full-width digits, letters and colons to ASCII (NFKC); every kind of space to one."""
    text = unicodedata.normalize("NFKC", text).replace("\u200b", "")
    return re.sub(r"\s+", " ", text).strip()


def tidy(text: str) -> str:
    """Free text (a place, a note, a scope) as written: only runs of spaces made one."""
    return re.sub(r"[ \t\u3000\u00a0]+", " ", text.replace("\r\n", "\n")).strip()


def squeeze(text: str) -> str:
    """A name without the spaces typesetters put into two-character names (``徐 雄``)."""
    return re.sub(r"\s+", "", normalise(text))


def _cn_number(text: str) -> int:
    """``十二`` → 12, ``二十一`` → 21, ``三十`` → 30, ``二〇二一`` → 2021 (digit by digit)."""
    if "十" not in text:
        return int("".join(str(_CN_DIGITS[c]) for c in text))
    tens, _, ones = text.partition("十")
    return (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[ones] if ones else 0)


_CN_NUMERAL = "〇零○一二两三四五六七八九十"
_CN_DATE = re.compile(f"(?:([{_CN_NUMERAL}]{{4}})年)?([{_CN_NUMERAL}]{{1,3}})月([{_CN_NUMERAL}]{{1,3}})[日号]")


def _arabic_dates(text: str) -> str:
    return _CN_DATE.sub(lambda m: (f"{_cn_number(m.group(1))}年" if m.group(1) else "")
                        + f"{_cn_number(m.group(2))}月{_cn_number(m.group(3))}日", text)


_DATE_PATTERNS = (
    re.compile(r"(?:(\d{4})\s*年\s*)?(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?"),
    re.compile(r"(\d{4})\s*[.\-/．。]\s*(\d{1,2})\s*[.\-/．。]\s*(\d{1,2})"),
)
_WEEKDAY = re.compile(r"(?:星期|周|礼拜)\s*([一二三四五六日天七1-7])")


@dataclass(frozen=True)
class FoundDate:
    day: dt.date
    rest: str
    """The cell's text without the date and weekday: a time of day often follows."""
    year_given: bool


def find_date(value: str | dt.date | dt.time, year: int | None) -> FoundDate | None:
    """The date in a cell, checked against a weekday written beside it; None when the cell
    holds no date at all.  ``ValueError`` for a date that does not exist, a weekday that
    does not match, or a date without a year when none is known."""
    if isinstance(value, dt.date):
        return FoundDate(value, "", True)
    if isinstance(value, dt.time):
        return None
    text = _arabic_dates(normalise(value))
    for pattern in _DATE_PATTERNS:
        match = pattern.search(text)
        if match:
            break
    else:
        return None
    written = match.group(0).strip()
    given = match.group(1) is not None
    if not given and year is None:
        raise ValueError(f"日期“{written}”没有年份，标题里也没有“某年某月”；请用 --year 指明年份")
    the_year = int(match.group(1)) if given else year
    assert the_year is not None
    try:
        day = dt.date(the_year, int(match.group(2)), int(match.group(3)))
    except ValueError:
        raise ValueError(f"日期“{written}”不存在") from None
    rest = text[:match.start()] + " " + text[match.end():]
    weekday = _WEEKDAY.search(rest)
    if weekday:
        said = weekday.group(1)
        number = 7 if said in "日天七" else int(said) if said.isdigit() else WEEKDAYS.index(said) + 1
        if number != day.isoweekday():
            raise ValueError(f"日期“{written}”是星期{WEEKDAYS[day.weekday()]}，表中写的是“{weekday.group(0)}”；"
                             "请核对日期或星期")
        rest = rest[:weekday.start()] + rest[weekday.end():]
    rest = re.sub(r"^[\s()（）,，、]+|[\s()（）,，、]+$", "", rest.replace("()", "").replace("（）", ""))
    return FoundDate(day, rest, given)


_YEAR_IN_TITLE = re.compile(r"(\d{4})\s*年")


def year_in(text: str) -> int | None:
    """The year a notice's title states once (``2021年2月…安排``)."""
    match = _YEAR_IN_TITLE.search(_arabic_dates(normalise(text)).replace("〇", "0"))
    if not match:
        cn = re.search(f"([{_CN_NUMERAL}]{{4}})年", normalise(text))
        return _cn_number(cn.group(1)) if cn else None
    return int(match.group(1))


@dataclass(frozen=True)
class Slot:
    part: DayPart | None
    start: dt.time | None
    end: dt.time | None

    def as_yaml(self) -> str:
        items = []
        if self.part is not None:
            if self.start is None:
                return self.part.value
            items.append(f"part: {self.part.value}")
        if self.start is not None and self.end is not None:
            items += [f'start: "{self.start:%H:%M}"', f'end: "{self.end:%H:%M}"']
        return "{" + ", ".join(items) + "}"


_CLOCK = r"(\d{1,2})\s*(?:[:：.]\s*(\d{2})|时\s*(?:(\d{1,2})\s*分)?|点\s*(?:(\d{1,2})\s*分?)?)?"
_RANGE = re.compile(_CLOCK + r"\s*(?:-|—|–|~|～|至|到|－|―|－－|——)+\s*" + _CLOCK)
_SINGLE = re.compile(r"(上午|下午|全天|全日)?\s*(\d{1,2})\s*"
                     r"(?:[:：]\s*(\d{2})|时\s*(?:(\d{1,2})\s*分)?|点\s*(?:(\d{1,2})\s*分?)?)(?:\s*(?:开始|起))?")
_PARTS = {"上午": DayPart.MORNING, "下午": DayPart.AFTERNOON, "全天": DayPart.ALL_DAY, "全日": DayPart.ALL_DAY}
_PART = re.compile("|".join(_PARTS))


def _clock(hour: str, *minutes: str | None) -> dt.time:
    minute = next((m for m in minutes if m), "0")
    return dt.time(int(hour), int(minute))


def find_times(text: str) -> tuple[list[Slot], str, list[str]]:
    """The time slots written in ``text`` (``上午8:30—11:30``, ``下午``, ``8：30-11：30、14:30-17:00``),
    what is left of the text, and the start times given without an end (``上午9:00`` is 上午,
    "09:00开始").  ``ValueError`` for a clock time that cannot be."""
    text = normalise(text)
    starts: list[str] = []
    slots: list[Slot] = []
    spans: list[tuple[int, int]] = []
    for match in _RANGE.finditer(text):
        before = text[:match.start()]
        parts = list(_PART.finditer(before))
        part = _PARTS[parts[-1].group(0)] if parts and not _RANGE.search(before[parts[-1].end():]) else None
        g = match.groups()
        try:
            start, end = _clock(g[0], g[1], g[2], g[3]), _clock(g[4], g[5], g[6], g[7])
        except ValueError:
            raise ValueError(f"时间“{match.group(0)}”不是有效的钟点") from None
        if part is DayPart.AFTERNOON and start.hour < 12:
            start = start.replace(hour=start.hour + 12) if start.hour < 8 else start
            end = end.replace(hour=end.hour + 12) if end.hour < 12 and end.hour <= 8 else end
        if end <= start:
            raise ValueError(f"时间“{match.group(0)}”的结束不晚于开始")
        slots.append(Slot(part, start, end))
        spans.append((match.start(), match.end()))
        if parts and part is not None:
            spans.append((parts[-1].start(), parts[-1].end()))
    for match in _SINGLE.finditer(text):
        # only a start (上午9:00, 14:30): the part of day, and the clock time said in the note
        if any(a <= match.start() < b for a, b in spans):
            continue
        try:
            start = _clock(match.group(2), match.group(3), match.group(4), match.group(5))
        except ValueError:
            raise ValueError(f"时间“{match.group(0)}”不是有效的钟点") from None
        part = _PARTS[match.group(1)] if match.group(1) else DayPart.MORNING if start.hour < 12 else DayPart.AFTERNOON
        if part is DayPart.AFTERNOON and start.hour < 8:
            start = start.replace(hour=start.hour + 12)
        slots.append(Slot(part, None, None))
        starts.append(f"{start:%H:%M}开始")
        spans.append((match.start(), match.end()))
    for match in _PART.finditer(text):
        if not any(a <= match.start() < b for a, b in spans):
            following = text[match.end():]
            if not _RANGE.match(following.lstrip()):
                slots.append(Slot(_PARTS[match.group(0)], None, None))
                spans.append((match.start(), match.end()))
    rest = text
    for a, b in sorted(spans, reverse=True):
        rest = rest[:a] + " " + rest[b:]
    slots.sort(key=lambda s: (s.start or (s.part.bounds[0] if s.part else dt.time(0))))
    return slots, re.sub(r"^[\s、，,;；]+|[\s、，,;；]+$", "", normalise(rest)), starts


MODE_WORDS: list[tuple[str, Mode]] = [
    ("电话接访", Mode.PHONE), ("视频接访", Mode.VIDEO), ("网上接访", Mode.ONLINE), ("网络接访", Mode.ONLINE),
    ("下访", Mode.VISIT), ("预约接访", Mode.BOOKED), ("约访", Mode.INVITED), ("现场接访", Mode.ONSITE),
    ("电话", Mode.PHONE), ("视频", Mode.VIDEO), ("网上", Mode.ONLINE), ("预约", Mode.BOOKED), ("现场", Mode.ONSITE),
]


def find_mode(text: str) -> Mode | None:
    squeezed = squeeze(text)
    return next((mode for word, mode in MODE_WORDS if word in squeezed), None)


_PHONE = re.compile(r"(?<!\d)(?:0\d{2,3}[-\s]?)?\d{7,8}(?!\d)|(?<!\d)1[3-9]\d{9}(?!\d)|(?<!\d)0\d{2,3}-\d{4,8}(?!\d)"
                    r"|(?<!\d)12345(?!\d)")


def find_phones(text: str) -> list[str]:
    return [m.group(0).strip() for m in _PHONE.finditer(normalise(text))]


ROLE_WORDS = ("负责同志", "领导同志", "负责人", "主要领导", "分管领导", "班子成员", "有关领导", "值班领导",
              "县领导", "市领导", "区领导", "领导一名", "同志")
TITLE_STARTS = ("副", "常务", "市", "区", "县", "省", "州", "镇", "乡", "街道", "党", "政", "人大", "政协", "纪委",
                "组织部", "宣传部", "统战部", "政法委", "公安", "法院", "检察", "局", "主任", "书记", "部长", "主席",
                "秘书长", "院长", "检察长", "委员", "调研员", "巡视员", "总经济师", "助理", "处长", "科长", "所长",
                "站长", "队长", "厅长", "一级", "二级", "三级", "四级")


@dataclass
class Person:
    name: str
    title: str = ""
    guesses: list[str] = field(default_factory=list)


@dataclass
class People:
    persons: list[Person]
    role: str | None = None
    with_others: str | bool | None = None


def _split_top(text: str) -> list[str]:
    """Split on 、，,；; outside brackets (a title in brackets may hold 、)."""
    pieces, depth, current = [], 0, ""
    for char in text:
        if char in "（(【[":
            depth += 1
        elif char in "）)】]":
            depth = max(0, depth - 1)
        if depth == 0 and char in "、，,；;/\n":
            pieces.append(current)
            current = ""
        else:
            current += char
    pieces.append(current)
    return [p.strip() for p in pieces if p.strip()]


def find_people(text: str, known_names: set[str]) -> People:
    """Who receives: names (with their titles), an unnamed role, and "等"."""
    text = re.sub(r"\s*\n\s*", "、", tidy(text))
    with_others: str | bool | None = None
    others = re.search(r"等\s*(?:[（(]([^）)]*)[）)])?\s*$", text)
    if others:
        with_others = others.group(1).strip() if others.group(1) else True
        text = text[:others.start()].strip()
    persons: list[Person] = []
    roles: list[str] = []
    for piece in _split_top(text):
        person = _person(piece, known_names)
        if person is None:
            if persons and piece.startswith(TITLE_STARTS) and not any(w in piece for w in ROLE_WORDS):
                persons[-1].title = f"{persons[-1].title}、{piece}" if persons[-1].title else piece
            else:
                roles.append(piece)
        else:
            persons.append(person)
    return People(persons, "、".join(roles) or None, with_others)


def _person(piece: str, known_names: set[str]) -> Person | None:
    bracket = re.match(r"^(.+?)\s*[（(](.+)[）)]$", piece)
    if bracket:
        inner = _person(bracket.group(1), known_names)
        if inner is not None:
            inner.title = bracket.group(2).strip()
            return inner
    squeezed = squeeze(piece)
    for name in sorted(known_names, key=len, reverse=True):
        if squeezed.startswith(name) and len(name) >= 2:
            title, spaced = _after_name(piece, name)
            guesses = [f"“{piece}”里的姓名有排版空格，按“{name}”"] if spaced else []
            return Person(name, title, guesses)
    if any(word in squeezed for word in ROLE_WORDS):
        return None
    if squeezed.startswith(TITLE_STARTS) and len(squeezed) > 4:
        return None
    tokens = piece.split()
    if len(tokens) >= 2 and all(len(t) == 1 for t in tokens[:2]) and len(tokens[0] + tokens[1]) <= 3:
        name = tokens[0] + tokens[1]
        if len(tokens) > 2 and len(tokens[2]) == 1 and len(name) == 2 and not tokens[2].startswith(TITLE_STARTS):
            name += tokens[2]
            rest = " ".join(tokens[3:])
        else:
            rest = " ".join(tokens[2:])
        return Person(name, rest, [f"“{piece}”按姓名“{name}”（去掉了排版空格）"])
    if len(tokens) >= 2 and 2 <= len(tokens[0]) <= 4:
        return Person(tokens[0], " ".join(tokens[1:]))
    if 2 <= len(squeezed) <= 4 and re.fullmatch(r"[\u4e00-\u9fff·]+", squeezed):
        return Person(squeezed)
    for size in (3, 2, 4):
        if len(squeezed) > size and squeezed[size:].startswith(TITLE_STARTS):
            return Person(squeezed[:size], squeezed[size:],
                          [f"“{piece}”按姓名“{squeezed[:size]}”、职务“{squeezed[size:]}”拆开"])
    return None


def _after_name(piece: str, name: str) -> tuple[str, bool]:
    """What follows ``name`` in ``piece`` (whose name may carry spaces), and whether it did."""
    count = 0
    for index, char in enumerate(piece):
        if not char.isspace():
            count += 1
        if count == len(name):
            return piece[index + 1:].strip(" ：:，,"), bool(re.search(r"\s", piece[:index + 1].strip()))
    return "", False

"""Masking personal data the way Chinese courts and offices publish it:
surname + 某 (法释〔2016〕19号 第九条), 187****1234, ID numbers cut to both ends."""

from __future__ import annotations

import re
from functools import lru_cache

from ..model.cases import Petitioner
from .idnumber import digits

COMPOUND_SURNAMES = frozenset({
    "欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文", "司徒",
    "夏侯", "轩辕", "令狐", "钟离", "闾丘", "端木", "独孤", "南宫", "西门", "百里", "呼延", "万俟",
    "司空", "澹台", "公冶", "太史", "申屠", "赫连", "第五",
})


def surname(name: str) -> str:
    name = name.strip()
    return name[:2] if name[:2] in COMPOUND_SURNAMES else name[:1]


def mask_name(name: str, gender: str | None = None) -> str:
    """张三 -> 张某; with a known gender, 张女士 / 张先生 reads more politely in a letter."""
    family = surname(name)
    if gender == "female":
        return f"{family}女士"
    if gender == "male":
        return f"{family}先生"
    return f"{family}某"


def mask_phone(phone: str) -> str:
    digits = "".join(c for c in phone if c.isdigit())
    if len(digits) < 7:
        return "*" * len(digits)
    return f"{digits[:3]}****{digits[-4:]}"


def mask_id_number(id_number: str) -> str:
    value = id_number.strip()
    if len(value) < 8:
        return "*" * len(value)
    return value[:6] + "*" * (len(value) - 10) + value[-4:]


def mask_free_text(text: str, petitioner: Petitioner) -> str:
    """Published free text with the petitioner's private values replaced, and any other
    ID or mobile number removed: the 典型案例 pages use this on every field.  (A value
    disguised past these patterns is left to the scan, which then fails the build.)"""
    name = petitioner.name.strip()
    if name:
        text = _masked(text, name, r"[\s\u00a0\u200b]*", mask_name(name))
    for value, placeholder in ((petitioner.address, "（地址已隐去）"),):
        if value:
            text = _masked(text, value.strip(), r"[\s\u00a0]*", placeholder)
    for value, placeholder in ((petitioner.id_number, "（身份证号已隐去）"), (petitioner.phone, "（电话已隐去）")):
        if value and digits(value):
            text = _masked(text, digits(value), r"[\s\u00a0\-.]*", placeholder, re.IGNORECASE)
    text = _ANY_ID.sub("（身份证号已隐去）", text)
    return _ANY_MOBILE.sub("（电话已隐去）", text)


_ANY_ID = re.compile(r"(?<!\d)\d{17}[\dXx](?!\d)")
_ANY_MOBILE = re.compile(r"(?<!\d)1[3-9]\d(?:[\s\-]?\d){8}(?!\d)")


def _masked(text: str, value: str, gap: str, placeholder: str, flags: int = 0) -> str:
    """``value`` replaced with ``placeholder`` wherever it is written, ``gap`` allowed between its
    characters. A text without the value's first character (in either case with ``IGNORECASE``,
    which folds only an ID's final X among the digits) cannot hold it: most fields are passed
    over without a pattern."""
    first = value[:1]
    if first not in text and not (flags & re.IGNORECASE and first.swapcase() in text):
        return text
    return _spelled(value, gap, flags).sub(placeholder, text)


@lru_cache(maxsize=4096)
def _spelled(value: str, gap: str, flags: int = 0) -> re.Pattern[str]:
    """``value`` with ``gap`` allowed between its characters, compiled once: a city's case
    pages mask each petitioner's values in every field of every list the case is in (more
    patterns than ``re``'s own cache holds)."""
    return re.compile(gap.join(re.escape(c) for c in value), flags)

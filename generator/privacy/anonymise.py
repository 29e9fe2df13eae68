"""Masking personal data the way Chinese courts and offices publish it:
surname + 某 (法释〔2016〕19号 第九条), 187****1234, ID numbers cut to both ends."""

from __future__ import annotations

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

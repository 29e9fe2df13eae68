"""Jinja filters for letters: Chinese dates, 〔〕 numbers, amounts in figures and 大写.

Formatting lives here, in Python, so templates only place values."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal

_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_SMALL_UNITS = ["", "拾", "佰", "仟"]
_BIG_UNITS = ["", "万", "亿", "万亿"]
_CN_NUMERALS = "〇一二三四五六七八九"


def cn_date(value: dt.date) -> str:
    """2026年11月22日: Arabic figures, full year, no leading zeros (GB/T 9704 7.3.5.4)."""
    return f"{value.year}年{value.month}月{value.day}日"


def doc_number(code: str, year: int, number: int) -> str:
    """示信复〔2026〕12号: 六角括号, full year, no leading zeros, no 第 (7.2.5)."""
    return f"{code}〔{year}〕{number}号"


_NUMBER = re.compile(
    r"^\s*(?P<code>[^\s〔\[【(（［]+?)\s*[〔\[【(（［]\s*(?P<year>\d{4})\s*[〕\]】)）］]\s*"
    r"第?\s*(?P<number>\d+)\s*号?\s*$")


def parse_doc_number(text: str) -> tuple[str, int, int]:
    """示信复〔2026〕4号 as offices type it: 〔〕 [] 【】 () or full-width brackets, zero-padded,
    full-width digits, 第…号 — all the same number.  Raises ValueError with the expected form."""
    match = _NUMBER.match(unicodedata.normalize("NFKC", text).replace("〔", "〔"))
    if match is None:
        raise ValueError(f"文号“{text}”看不懂；请写成 机关代字〔年份〕序号号，如 示信复〔2026〕4号")
    return match["code"], int(match["year"]), int(match["number"])


def cn_ordinal(value: int) -> str:
    """1 -> 一, 12 -> 十二, 20 -> 二十 (for headings 一、（一）)."""
    if value < 0 or value >= 100:
        raise ValueError(f"序号 {value} 超出 0–99")
    if value < 10:
        return _CN_NUMERALS[value]
    tens, ones = divmod(value, 10)
    return ("" if tens == 1 else _CN_NUMERALS[tens]) + "十" + ("" if ones == 0 else _CN_NUMERALS[ones])


def amount(value: float | int | str | Decimal) -> str:
    """12345.6 -> 12,345.60元."""
    number = Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return f"{number:,.2f}元"


def _four_digits(group: int) -> str:
    text = ""
    zero = False
    for position in range(3, -1, -1):
        digit = group // 10**position % 10
        if digit == 0:
            zero = bool(text)
            continue
        if zero:
            text += "零"
            zero = False
        text += _DIGITS[digit] + _SMALL_UNITS[position]
    return text


def daxie(value: float | int | str | Decimal) -> str:
    """Amount in capital figures as on a cheque: 12345.6 -> 壹万贰仟叁佰肆拾伍元陆角整."""
    number = Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    if number < 0:
        return "负" + daxie(-number)
    cents = int(number * 100)
    yuan, fraction = divmod(cents, 100)
    jiao, fen = divmod(fraction, 10)
    text = ""
    groups = []
    while yuan:
        yuan, group = divmod(yuan, 10000)
        groups.append(group)
    need_zero = False
    for index in range(len(groups) - 1, -1, -1):
        group = groups[index]
        if group == 0:
            need_zero = bool(text)
            continue
        if text and (need_zero or group < 1000):
            text += "零"
        text += _four_digits(group) + _BIG_UNITS[index]
        need_zero = False
    text = (text or "零") + "元"
    if jiao == 0 and fen == 0:
        return text + "整"
    if jiao:
        text += _DIGITS[jiao] + "角"
    elif text != "零元":
        text += "零"
    if fen:
        text += _DIGITS[fen] + "分"
    else:
        text += "整"
    return text.removeprefix("零元") if text.startswith("零元") and (jiao or fen) else text


FILTERS = {
    "cn_date": cn_date,
    "cn_ordinal": cn_ordinal,
    "amount": amount,
    "daxie": daxie,
}

"""Jinja filters for letters: Chinese dates, 〔〕 numbers, amounts in figures and 大写.

Formatting lives here, in Python, so templates only place values."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from ..casework.numbers import doc_number, parse_doc_number
from ..chinese import cn_date

__all__ = ["FILTERS", "TEXT_FILTERS", "amount", "bare", "cn_date", "cn_ordinal", "daxie", "doc_number", "joined",
           "parse_doc_number", "sentence"]

_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_SMALL_UNITS = ["", "拾", "佰", "仟"]
_BIG_UNITS = ["", "万", "亿", "万亿"]
_CN_NUMERALS = "〇一二三四五六七八九"


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


_ENDS = "。！？!?"
_LOOSE_ENDS = "。.；;，,、：: \u3000"


def sentence(text: str) -> str:
    """A sentence built from a case field, closed by exactly one mark: 。 added unless it
    already ends in 。 ！ ？ (a trailing ；，. becomes 。)."""
    text = str(text).strip().rstrip(_LOOSE_ENDS)
    if not text or text.endswith(tuple("！？!?")):
        return text
    return text + "。"


def bare(text: str) -> str:
    """A case field quoted inside a sentence (关于“……”): without its own closing mark."""
    return str(text).strip().rstrip(_ENDS + _LOOSE_ENDS)


def joined(text: str, word: str = "问题") -> str:
    """Case text the template follows with its own noun (反映的……问题): the noun is not added
    when the text already ends in it or in its twin (问题 / 事项), so 房屋问题 stays 房屋问题."""
    text = bare(text)
    twins = ("问题", "事项") if word in ("问题", "事项") else (word,)
    return text if text.endswith(twins) else text + word


FILTERS = {
    "cn_date": cn_date,
    "cn_ordinal": cn_ordinal,
    "amount": amount,
    "daxie": daxie,
}

TEXT_FILTERS = {
    "sentence": sentence,
    "bare": bare,
    "joined": joined,
}
"""Filters over case text: their output is still the case's text (a value filled in after the
layout is read), never the template's, so a fact written "---" or "一、……" stays a sentence."""

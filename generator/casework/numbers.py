"""A document number (文号) as printed and as clerks type it: the register's one form."""

from __future__ import annotations

import re
import unicodedata


def doc_number(code: str, year: int, number: int, brackets: str = "〔〕", digits: int = 0) -> str:
    """示信复〔2026〕12号: 六角括号, full year, no leading zeros, no 第 (7.2.5); an office that
    writes its series otherwise gives ``brackets`` ([] or ()) and ``digits`` (04号)."""
    return f"{code}{brackets[0]}{year}{brackets[1]}{number:0{digits}d}号"


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

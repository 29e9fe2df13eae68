"""Resident ID numbers (GB 11643-1999) and the digits of a number as the scan compares them."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_ID_SHAPE = re.compile(r"\d{17}[\dXx]")


def id_check_digit(first17: str) -> str:
    """GB 11643 / ISO 7064 MOD 11-2 check character."""
    return _ID_CHECK[sum(int(d) * w for d, w in zip(first17, _ID_WEIGHTS, strict=True)) % 11]


def is_valid_id_number(value: str) -> bool:
    return bool(_ID_SHAPE.fullmatch(value)) and id_check_digit(value[:17]) == value[17].upper()


def looks_like_id_number(value: str) -> bool:
    """A valid check digit and a real birth date (positions 7-14, born 1900-2099): one
    random 18-digit string in eleven passes the check digit alone, far fewer both."""
    if not is_valid_id_number(value):
        return False
    try:
        born = dt.date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        return False
    return 1900 <= born.year <= 2099


def digits(value: str) -> str:
    """The digits of a phone or ID number as written in a case file (and an ID's final X)."""
    return "".join(str(unicodedata.digit(c)) if c.isdigit() else "X" for c in value if c.isdigit() or c in "Xx")

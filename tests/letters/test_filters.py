"""Letter filters: values checked by hand against the conventions they implement."""

from __future__ import annotations

import datetime as dt

import pytest

from generator.letters.filters import amount, cn_date, cn_ordinal, daxie, doc_number
from generator.privacy.anonymise import mask_id_number, mask_name, mask_phone


def test_dates_have_no_leading_zeros() -> None:
    assert cn_date(dt.date(2026, 1, 5)) == "2026年1月5日"
    assert cn_date(dt.date(2026, 11, 22)) == "2026年11月22日"


def test_document_numbers_use_hexagonal_brackets_and_no_padding() -> None:
    assert doc_number("示信复", 2026, 1) == "示信复〔2026〕1号"
    assert doc_number("示信复", 2026, 12) == "示信复〔2026〕12号"


@pytest.mark.parametrize(("value", "text"), [
    (0, "零元整"),
    (8, "捌元整"),
    (10, "壹拾元整"),
    (105, "壹佰零伍元整"),
    (1010, "壹仟零壹拾元整"),
    (10000, "壹万元整"),
    (105000, "壹拾万伍仟元整"),
    (1000005, "壹佰万零伍元整"),
    (12345.6, "壹万贰仟叁佰肆拾伍元陆角整"),
    (3000.05, "叁仟元零伍分"),
    (0.5, "伍角整"),
    (100000000.07, "壹亿元零柒分"),
])
def test_amounts_in_capitals(value: float, text: str) -> None:
    assert daxie(value) == text


def test_amounts_in_figures() -> None:
    assert amount(12345.6) == "12,345.60元"


def test_ordinals() -> None:
    assert [cn_ordinal(n) for n in (1, 9, 10, 11, 20, 21, 99)] == ["一", "九", "十", "十一", "二十", "二十一", "九十九"]


def test_masking() -> None:
    assert mask_name("张三丰") == "张某"
    assert mask_name("欧阳修文") == "欧阳某"
    assert mask_name("李华", "female") == "李女士"
    assert mask_phone("199 0000 1234") == "199****1234"
    assert mask_id_number("990000198001010004") == "990000********0004"

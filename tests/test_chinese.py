"""A date's Chinese form (GB/T 9704 7.3.5.4: Arabic figures, full year, no leading zeros)."""

from __future__ import annotations

import datetime as dt

from generator.chinese import cn_date, cn_date_range, cn_month, cn_month_day
from generator.letters.filters import FILTERS


def test_forms() -> None:
    day = dt.date(2026, 1, 5)
    assert cn_date(day) == "2026年1月5日"
    assert cn_month_day(day) == "1月5日"
    assert cn_month(2026, 1) == "2026年1月"
    assert cn_date_range(dt.date(2026, 1, 1), dt.date(2026, 3, 31)) == "2026年1月1日至3月31日"
    assert cn_date_range(dt.date(2025, 12, 1), dt.date(2026, 2, 28)) == "2025年12月1日至2026年2月28日"


def test_the_letters_filter_is_the_same_function() -> None:
    assert FILTERS["cn_date"] is cn_date

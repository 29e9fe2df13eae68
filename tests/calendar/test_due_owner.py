"""One owner for a due date: the process page's worked example and a case's deadlines both
come from calendar.deadlines.due_date, so the office's roll-forward setting applies to both."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.calendar.deadlines import case_deadlines
from generator.pipeline import prepare
from generator.site.pages.documents import process_page
from generator.site.parts.data import SiteData
from tests.conftest import edit

TODAY = dt.date(2026, 9, 16)  # a Wednesday


@pytest.mark.parametrize(("roll", "accept", "handle"), [
    # +15 days = Thursday 10-01, the first day of 国庆/中秋 (10-01..10-07): rolled to Thursday 10-08.
    # +60 days = Sunday 11-15: rolled to Monday 11-16.
    (True, "2026年10月8日", "2026年11月16日"),
    (False, "2026年10月1日", "2026年11月15日"),
])
def test_the_process_page_example_honours_roll_forward_like_the_case_deadlines(
        content_copy: Callable[[str], Path], roll: bool, accept: str, handle: str) -> None:
    content = content_copy("sample")
    if not roll:
        edit(content / "office.yaml", "  simple_answer_working_days: 5\n",
             "  simple_answer_working_days: 5\n  roll_forward_holidays: false\n")
    prepared = prepare(content)
    page = process_page(SiteData(prepared, TODAY, None))
    assert f"<strong>{accept}" in page and f"<strong>{handle}" in page
    assert ("顺延到节假日后的第一个工作日" in page) is roll
    # a case received and accepted that day gets the same dates from the same owner
    case = next(iter(prepared.content.cases.values())).model_copy(
        update={"received": TODAY, "accepted": TODAY, "rejected": None, "replied": None,
                "reply_delivered": None, "review": None, "recheck": None, "simple": False,
                "transferred_from": None})
    due = {d.limit.key: d.due for d in case_deadlines(case, prepared.calendar, prepared.content.office)}
    assert f"{due['accept'].year}年{due['accept'].month}月{due['accept'].day}日" == accept
    assert f"{due['handle'].year}年{due['handle'].month}月{due['handle'].day}日" == handle

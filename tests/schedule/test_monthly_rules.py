"""Day-of-month rules as notices write them (tests/fixtures/monthly_notices): "每月15日县领导接访，
遇节假日顺延", a township tier "每月10日", a department's "每周三，节假日顺延", a standing swap with
next month's leader and a yearly quota.

2027 by hand: the 调休 arrangement is not published yet, so the calendar is the statutory days of
《全国年节及纪念日放假办法》 with the lunar dates of 2027 — 元旦 1/1, 春节 2/5–2/8 (除夕 is Fri 2/5,
正月初一 Sat 2/6), 清明 4/5, 劳动节 5/1–5/2, 端午 Wed 6/9, 中秋 Wed 9/15, 国庆 10/1–10/3 — and
weekends. The 15th falls on Sat 5/15, Sun 8/15 and in 中秋 (Wed 9/15); the 10th on Sun 1/10,
Sat 4/10, Sat 7/10 and Sun 10/10."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.cli import main
from generator.errors import ContentError
from generator.pipeline import Prepared, prepare
from generator.schedule.sessions import SessionStatus
from tests.conftest import FIXTURES, edit

D = dt.date
MONTHLY = FIXTURES / "monthly_notices"


@pytest.fixture(scope="module")
def prepared() -> Prepared:
    return prepare(MONTHLY)


def _dates(prepared: Prepared, rule: str) -> list[dt.date]:
    return [s.date for s in prepared.sessions if s.rule_id == rule]


def test_the_fifteenth_over_a_year_with_weekend_and_mid_autumn_postponed(prepared: Prepared) -> None:
    assert _dates(prepared, "county15") == [
        D(2027, 1, 15), D(2027, 2, 15), D(2027, 3, 15), D(2027, 4, 15), D(2027, 5, 17), D(2027, 6, 15),
        D(2027, 7, 15), D(2027, 8, 16), D(2027, 9, 16), D(2027, 10, 15), D(2027, 11, 15), D(2027, 12, 15)]
    by_id = {s.id: s for s in prepared.sessions}
    assert by_id["county15-20270916"].original_date == D(2027, 9, 15)
    assert by_id["county15-20270916"].date_note == "原定9月15日，遇中秋节顺延"
    assert by_id["county15-20270517"].date_note == "原定5月15日，遇周末顺延"
    assert by_id["county15-20270615"].original_date is None and by_id["county15-20270615"].date_note is None


def test_the_township_tier_on_the_tenth(prepared: Prepared) -> None:
    assert _dates(prepared, "township10") == [
        D(2027, 1, 11), D(2027, 2, 10), D(2027, 3, 10), D(2027, 4, 12), D(2027, 5, 10), D(2027, 6, 10),
        D(2027, 7, 12), D(2027, 8, 10), D(2027, 9, 10), D(2027, 10, 11), D(2027, 11, 10), D(2027, 12, 10)]


def test_the_weekly_department_rule_moves_past_duanwu_and_mid_autumn(prepared: Prepared) -> None:
    assert _dates(prepared, "rsj-wed") == [
        D(2027, 6, 2), D(2027, 6, 10), D(2027, 6, 16), D(2027, 6, 23), D(2027, 6, 30),
        D(2027, 7, 7), D(2027, 7, 14), D(2027, 7, 21), D(2027, 7, 28),
        D(2027, 8, 4), D(2027, 8, 11), D(2027, 8, 18), D(2027, 8, 25),
        D(2027, 9, 1), D(2027, 9, 8), D(2027, 9, 16), D(2027, 9, 22), D(2027, 9, 29)]


def test_check_says_each_moved_date_and_why(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--content", str(MONTHLY)]) == 0
    notes = [line.removeprefix("提示：").split(": ", 1) for line in capsys.readouterr().err.splitlines()
             if line.startswith("提示：")]
    assert [(*Path(p).name.split(":"), m) for p, m in notes] == [
        ("county.yaml", "4", "规则“county15”：2027-05-15（周六）是周末，顺延到 2027-05-17（周一）"),
        ("county.yaml", "4", "规则“county15”：2027-08-15（周日）是周末，顺延到 2027-08-16（周一）"),
        ("county.yaml", "4", "规则“county15”：2027-09-15（周三）是中秋节假期，顺延到 2027-09-16（周四）"),
        ("county.yaml", "15", "规则“township10”：2027-01-10（周日）是周末，顺延到 2027-01-11（周一）"),
        ("county.yaml", "15", "规则“township10”：2027-04-10（周六）是周末，顺延到 2027-04-12（周一）"),
        ("county.yaml", "15", "规则“township10”：2027-07-10（周六）是周末，顺延到 2027-07-12（周一）"),
        ("county.yaml", "15", "规则“township10”：2027-10-10（周日）是周末，顺延到 2027-10-11（周一）"),
        ("rsj.yaml", "3", "规则“rsj-wed”：2027-06-09（周三）是端午节假期，顺延到 2027-06-10（周四）"),
        ("rsj.yaml", "3", "规则“rsj-wed”：2027-09-15（周三）是中秋节假期，顺延到 2027-09-16（周四）"),
    ]
    assert all(p.endswith(("schedule/county.yaml:4", "schedule/county.yaml:15", "schedule/rsj.yaml:3"))
               for p, _ in notes)


def test_swap_with_next_months_leader(prepared: Prepared) -> None:
    by_id = {s.id: s for s in prepared.sessions}
    march, april = by_id["county15-20270315"], by_id["county15-20270415"]
    # roster order: 陈一 Jan, 陈二 Feb, 陈三 Mar, 陈四 Apr, 陈五 May, 陈一 Jun …
    assert (march.leaders, march.original_leaders) == (("chen-4",), ("chen-3",))
    assert (april.leaders, april.original_leaders) == (("chen-3",), ("chen-4",))
    assert march.status is april.status is SessionStatus.SUBSTITUTED
    assert march.changes[0].description == "原定由陈三接访，与4月15日负责接待的陈四调换"
    assert april.changes[0].description == "原定由陈四接访，与3月15日负责接待的陈三调换"
    assert by_id["county15-20270517"].leaders == ("chen-5",)  # the rest of the rota is untouched


def test_quota_is_a_warning_word_for_word(content_copy: Callable[[str], Path]) -> None:
    assert not [w for w in prepare(MONTHLY).warnings if "quota" in w]  # 3, 3, 2, 2, 2 times: at least once each
    root = content_copy("monthly_notices")
    edit(root / "schedule/county.yaml", "quota: 1", "quota: 3")
    warnings = [w.split(": ", 1)[1] for w in prepare(root).warnings if "quota" in w]
    assert warnings == [
        "规则“county15”要求每位领导每年至少接访 3 次（quota），陈三2027 年只安排了 2 次；请补排，或核对 roster",
        "规则“county15”要求每位领导每年至少接访 3 次（quota），陈四2027 年只安排了 2 次；请补排，或核对 roster",
        "规则“county15”要求每位领导每年至少接访 3 次（quota），陈五2027 年只安排了 2 次；请补排，或核对 roster",
    ]


@pytest.mark.parametrize(("on_holiday", "september", "note"), [
    ("skip", None, "规则“county15”：2027-09-15（周三）是中秋节假期，当次不安排"),
    ("previous_workday", D(2027, 9, 14), "规则“county15”：2027-09-15（周三）是中秋节假期，提前到 2027-09-14（周二）"),
    ("keep", D(2027, 9, 15), "规则“county15”：2027-09-15（周三）是中秋节假期，照常接访（on_holiday: keep）"),
])
def test_every_on_holiday_choice(content_copy: Callable[[str], Path], on_holiday: str,
                                 september: dt.date | None, note: str) -> None:
    root = content_copy("monthly_notices")
    edit(root / "schedule/county.yaml", "day: 15\n    on_holiday: next_workday",
         f"day: 15\n    on_holiday: {on_holiday}")
    prepared = prepare(root)
    held = [d for d in _dates(prepared, "county15") if d.month == 9]
    assert held == ([september] if september else [])
    assert note in [n.split(": ", 1)[1] for n in prepared.notes]
    if on_holiday == "previous_workday":
        assert {s.id: s for s in prepared.sessions}["county15-20270914"].date_note == "原定9月15日，遇中秋节提前"


def test_several_days_and_the_last_day(content_copy: Callable[[str], Path]) -> None:
    root = content_copy("monthly_notices")
    edit(root / "schedule/county.yaml", "day: 10\n    on_holiday: next_workday", "day: [1, last]\n    on_holiday: skip")
    days = [d for d in _dates(prepare(root), "township10") if d.month in (1, 2)]
    # 1/1 元旦 is skipped; 1/31 is a Sunday, skipped; 2/1 Monday; 2/28 a Sunday, skipped
    assert days == [D(2027, 2, 1)]
    edit(root / "schedule/county.yaml", "day: [1, last]\n    on_holiday: skip", "day: [1, 月末]\n    on_holiday: keep")
    days = [d for d in _dates(prepare(root), "township10") if d.month in (1, 2)]
    assert days == [D(2027, 1, 1), D(2027, 1, 31), D(2027, 2, 1), D(2027, 2, 28)]


@pytest.mark.parametrize(("old", "new", "message"), [
    ("day: 10\n", "day: 32\n", "day 是每月的几日：1–31，或 last（最后一天）"),
    ("day: 10\n", "day: 10\n    weekday: 3\n",
     "monthly 规则写 day（每月几日），或写 weekday 和 nth（第几个星期几），不要都写"),
])
def test_bad_days_are_said(content_copy: Callable[[str], Path], old: str, new: str, message: str) -> None:
    root = content_copy("monthly_notices")
    edit(root / "schedule/county.yaml", old, new)
    with pytest.raises(ContentError) as caught:
        prepare(root)
    assert any(message in p.message for p in caught.value.problems), caught.value.problems

"""Working-day arithmetic against dates checked by hand against the State Council's
2026 holiday notice (国庆 10/1–10/7 off, 9/20 Sun and 10/10 Sat worked;
春节 2/15–2/23 off, 2/14 Sat and 2/28 Sat worked)."""

from __future__ import annotations

import datetime as dt

from generator.calendar.workdays import WorkCalendar
from generator.model.holidays import HolidaySpan, HolidayYear

D = dt.date


def test_adjusted_weekend_workdays_count_as_working_days() -> None:
    calendar = WorkCalendar()
    assert calendar.is_workday(D(2026, 9, 20))  # Sunday, 调休上班
    assert calendar.is_workday(D(2026, 10, 10))  # Saturday, 调休上班
    assert calendar.is_workday(D(2026, 2, 14)) and calendar.is_workday(D(2026, 2, 28))
    assert not calendar.is_workday(D(2026, 10, 7))
    assert not calendar.is_workday(D(2026, 2, 23))
    assert calendar.is_adjusted_workday(D(2026, 10, 10))


def test_five_working_days_across_national_day() -> None:
    calendar = WorkCalendar()
    # 9/18 Fri: 9/20 (调休 Sun)=1, 9/21..9/24 = 2..5
    assert calendar.add_workdays(D(2026, 9, 18), 5) == D(2026, 9, 24)
    # 9/30 Wed: 10/8=1, 10/9=2, 10/10 (调休 Sat)=3, 10/12=4, 10/13=5
    assert calendar.add_workdays(D(2026, 9, 30), 5) == D(2026, 10, 13)


def test_working_days_from_a_weekend_start_do_not_overcount() -> None:
    # 9/19 Sat: 9/20=1 … 9/24=5; chinese_calendar.find_workday(5, 9/19) says 9/25
    assert WorkCalendar().add_workdays(D(2026, 9, 19), 5) == D(2026, 9, 24)


def test_calendar_days_roll_forward_over_holidays_but_not_over_adjusted_workdays() -> None:
    calendar = WorkCalendar()
    assert calendar.add_days(D(2026, 8, 6), 60) == D(2026, 10, 8)  # nominal 10/5, 国庆
    assert calendar.add_days(D(2026, 9, 25), 15) == D(2026, 10, 10)  # 调休上班日
    assert calendar.add_days(D(2026, 8, 6), 60, roll_forward=False) == D(2026, 10, 5)


def test_spring_festival_2026() -> None:
    calendar = WorkCalendar()
    # 2/13 Fri + 1 working day = 2/14 (调休 Sat); + 2 = 2/24 (after 2/15–2/23 off)
    assert calendar.add_workdays(D(2026, 2, 13), 1) == D(2026, 2, 14)
    assert calendar.add_workdays(D(2026, 2, 13), 2) == D(2026, 2, 24)
    assert calendar.holiday_name(D(2026, 2, 17)) == "春节"


def test_a_year_unknown_to_the_package_is_filled_from_content() -> None:
    year = HolidayYear(
        year=2027,
        holidays=[HolidaySpan(name="春节", start=D(2027, 2, 5), end=D(2027, 2, 8))],
        workdays=[D(2027, 2, 20)],
    )
    calendar = WorkCalendar.from_content([year])
    assert not calendar.is_workday(D(2027, 2, 8))  # Monday, holiday
    assert calendar.is_workday(D(2027, 2, 20))  # Saturday, declared 调休
    assert calendar.holiday_name(D(2027, 2, 5)) == "春节"
    assert calendar.guessed_years == set()


def test_a_year_nobody_knows_falls_back_to_weekends_and_is_remembered() -> None:
    calendar = WorkCalendar()
    assert calendar.is_workday(D(2027, 2, 8))  # a Monday; real arrangement unknown
    assert not calendar.is_workday(D(2027, 2, 6))  # Saturday
    assert calendar.guessed_years == {2027}

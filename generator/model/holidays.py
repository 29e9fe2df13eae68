"""Holidays and 调休 for years the holiday package does not know yet."""

from __future__ import annotations

import datetime as dt

from pydantic import Field, model_validator

from .base import Day, Record, Text


class HolidaySpan(Record):
    name: Text
    """节日名称，如“春节”。"""
    start: Day
    end: Day | None = None
    """最后一天（含）；一天的假期不填。"""

    @model_validator(mode="after")
    def _ordered(self) -> HolidaySpan:
        if self.end is not None and self.end < self.start:
            raise ValueError("假期的 end 早于 start；请检查日期")
        return self

    def days(self) -> list[dt.date]:
        last = self.end or self.start
        return [self.start + dt.timedelta(n) for n in range((last - self.start).days + 1)]


class HolidayYear(Record):
    year: int = Field(ge=2000, le=2100)
    holidays: list[HolidaySpan] = Field(default_factory=list)
    workdays: list[Day] = Field(default_factory=list)
    """调休上班的周末日期。"""
    source: str | None = None
    """依据，如国务院办公厅通知的标题和日期。"""
    complete: bool = True
    """false 表示当年调休安排尚未公布，只填了法定假日。"""


class HolidaysFile(Record):
    years: list[HolidayYear] = Field(default_factory=list)

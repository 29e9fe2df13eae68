"""Administrative units (单位): 市 / 区县 / 乡镇街道, as a tree."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import Field

from .base import Day, Record, RecordId, Text


class UnitLevel(StrEnum):
    CITY = "city"
    COUNTY = "county"
    TOWNSHIP = "township"

    @property
    def label(self) -> str:
        return {"city": "市级", "county": "区县", "township": "乡镇街道"}[self.value]


class FormerName(Record):
    name: Text
    until: Day
    """用这个名称的最后一天。"""


class Unit(Record):
    """单位：市、区县或乡镇（街道）。"""

    id: RecordId
    name: Text
    """全称，如“示例市高新区”。"""
    level: UnitLevel
    """city（市）、county（区县）或 township（乡镇街道）。"""
    parent: RecordId | None = None
    """上级单位的 id；市级单位不填。"""
    reception_address: str | None = None
    """本级信访接待场所地址。"""
    phone: str | None = None
    """本级信访接待电话。"""
    former_names: list[FormerName] = Field(default_factory=list)
    """曾用名（如机构改革前的“环境保护局”）：该日期及以前的接访按当时的名称显示。"""

    def name_on(self, day: dt.date) -> str:
        """The name the unit had on ``day``."""
        if not self.former_names:  # most units (each session row asks)
            return self.name
        for former in sorted(self.former_names, key=lambda f: f.until):
            if day <= former.until:
                return former.name
        return self.name


class UnitsFile(Record):
    units: list[Unit] = Field(min_length=1)

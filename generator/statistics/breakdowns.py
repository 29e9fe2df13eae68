"""How a period's cases are broken down (区县, 乡镇街道, 承办单位, 问题类别), the table of one
breakdown, and the name each row is published under."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from ..model.content import Content
from ..model.units import UnitLevel
from .counts import Counts
from .facts import CaseFacts

CITY_LEVEL = "（市本级）"
COUNTY_LEVEL = "（区县本级）"


class Breakdown(StrEnum):
    COUNTY = "counties"
    TOWNSHIP = "townships"
    DEPARTMENT = "departments"
    TOPIC = "topics"

    @property
    def label(self) -> str:
        return {"counties": "按区县", "townships": "按乡镇街道", "departments": "按承办单位",
                "topics": "按问题类别"}[self.value]

    @property
    def column(self) -> str:
        return {"counties": "区县", "townships": "乡镇街道", "departments": "承办单位",
                "topics": "问题类别"}[self.value]

    def key_of(self, facts: CaseFacts) -> str:
        return str(getattr(facts, _FACT_OF[self.value]))


_FACT_OF = {"counties": "county", "townships": "township", "departments": "department", "topics": "topic"}


@dataclass
class Table:
    """A breakdown: one row per group, largest first, and the total of the same cases."""

    breakdown: Breakdown
    rows: list[tuple[str, Counts]]
    total: Counts


def group_name(content: Content, breakdown: Breakdown, key: str) -> str:
    """The name a breakdown row is published under: a topic's or unit's name, a unit above
    the breakdown's level marked 市本级 / 区县本级."""
    if breakdown is Breakdown.TOPIC:
        return content.topics[key].name if key in content.topics else key
    unit = content.units.get(key)
    if breakdown is Breakdown.DEPARTMENT or unit is None:
        return key
    if unit.level is UnitLevel.CITY:
        return unit.name + CITY_LEVEL
    if breakdown is Breakdown.TOWNSHIP and unit.level is UnitLevel.COUNTY:
        return unit.name + COUNTY_LEVEL
    return unit.name

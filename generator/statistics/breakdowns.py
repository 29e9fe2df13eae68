"""How a period's cases are broken down (区县, 乡镇街道, 承办单位, 问题类别), the table of one
breakdown, and the name each row is published under."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from ..model.content import Content
from ..model.office import StatisticsSettings, calendar_bounds
from ..model.units import UnitLevel
from .counts import SHARE, Counts, Rate
from .facts import CaseFacts
from .periods import Period

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


COUNTIES_TOTAL = "区县合计（不含市本级）"
"""The row name of the counties' own sum (``statistics.counties_total``)."""


def counties_total(content: Content, table: Table) -> Counts | None:
    """Every 按区县 row but the city's own cases (市本级), when the office asks for it: the city's
    departments are no county's work, and a counties-only total is what a county ranking compares."""
    if table.breakdown is not Breakdown.COUNTY or not content.office.statistics.counties_total:
        return None
    result = Counts()
    cities = city_keys(content, table)
    for key, counts in table.rows:
        if key not in cities:
            result.merge(counts)
    return result


def city_keys(content: Content, table: Table) -> set[str]:
    """The rows of the city's own cases (市本级) in a table."""
    return {key for key, _ in table.rows if (unit := content.units.get(key)) is not None
            and unit.level is UnitLevel.CITY}


@dataclass(frozen=True)
class Declared:
    """A period's published headline total (a hotline's calls) beside its categorised cases."""

    label: str
    total: int
    categorised: int
    remainder_label: str

    @property
    def remainder(self) -> int:
        """What the total holds beyond the categories (check refuses a total below them)."""
        return self.total - self.categorised

    def share(self, part: int) -> Rate:
        """占总量: a row's part of the declared total, rounded as shares are."""
        return Rate(part, self.total, SHARE.key)

    def explanation(self) -> str:
        return (f"本期{self.label}为{self.total}，其中{self.categorised}件是按问题类别分类统计的信访事项，"
                f"其余{self.remainder}为“{self.remainder_label}”，不在分类之内，单列一行；“占总量”以{self.label}"
                "为分母，“占比”和各项比率只计分类统计的事项。")


def declared_total(settings: StatisticsSettings, period: Period, table: Table) -> Declared | None:
    """The 按问题类别 table's declared total, if the office published one for this period."""
    if table.breakdown is not Breakdown.TOPIC:
        return None
    found = settings.total_of(period.key)
    # a range whose id reads like a year is still a range: the key's shape says which one is meant
    if found is None or (period.kind == "range") != (calendar_bounds(found.period) is None):
        return None
    return Declared(found.label, found.total, table.total.received, found.remainder)


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

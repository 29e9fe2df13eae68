"""领导接访 statistics from the record of receptions held: 场次, 批次 and 人次 by period, by
level (市级 / 区县 / 乡镇街道, and 其中主要领导) and by leader — the figures offices report
("区领导接访约访累计44批次69人次，其中主要领导接访8批次12人次").

The site's statistics pages, the open data, the leader pages and the 通报 all read these
counts, so they agree.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from ..model.units import UnitLevel
from ..schedule.receptions import Reception
from .counts import Rate
from .periods import Period

PRINCIPAL = "principal"
"""The key of the 其中主要领导 row (a subset of the level rows, not added to the total)."""


@dataclass
class ReceptionCounts:
    """One row of the 领导接访 table."""

    sessions: int = 0
    """Sessions held (场次)."""
    not_held: int = 0
    """Sessions recorded as not held."""
    batches: int = 0
    people: int = 0
    matters: int = 0
    settled: int = 0
    """Matters settled on the spot (当场化解)."""

    def add(self, reception: Reception) -> None:
        held = reception.held
        if not held.held:
            self.not_held += 1
            return
        self.sessions += 1
        self.batches += held.batch_count
        self.people += held.people or 0
        self.matters += held.matters or 0
        self.settled += held.settled or 0

    @property
    def settled_rate(self) -> Rate:
        return Rate(self.settled, self.matters, "reception_settled")


COLUMNS: list[tuple[str, str]] = [
    ("sessions", "接访场次"), ("batches", "批次"), ("people", "人次"), ("matters", "事项（件）"),
    ("settled", "当场化解（件）"), ("not_held", "未举行（场）"),
]
"""The counts in the order the page, the open data and the 通报 print them."""


def level_label(level: str) -> str:
    """市级领导, 区县领导, 乡镇街道领导, 其中主要领导."""
    if level == PRINCIPAL:
        return "其中主要领导"
    return f"{UnitLevel(level).label}领导"


@dataclass
class ReceptionTable:
    rows: list[tuple[str, ReceptionCounts]]
    """(level key, counts): the levels that received in order 市级, 区县, 乡镇街道, then 其中主要领导."""
    total: ReceptionCounts


def in_period(receptions: Iterable[Reception], period: Period) -> list[Reception]:
    return [r for r in receptions if period.start <= r.date <= period.end]


def reception_table(receptions: Iterable[Reception], period: Period) -> ReceptionTable:
    levels: dict[UnitLevel, ReceptionCounts] = {}
    principal = ReceptionCounts()
    total = ReceptionCounts()
    for reception in in_period(receptions, period):
        levels.setdefault(reception.level, ReceptionCounts()).add(reception)
        total.add(reception)
        if reception.principal:
            principal.add(reception)
    rows: list[tuple[str, ReceptionCounts]] = [(str(level.value), levels[level]) for level in UnitLevel
                                               if level in levels]
    if principal.sessions or principal.not_held:
        rows.append((PRINCIPAL, principal))
    return ReceptionTable(rows, total)


def leader_counts(receptions: Iterable[Reception], leader_id: str) -> dict[int, ReceptionCounts]:
    """A leader's receptions by year, newest first (the leader's page)."""
    years: dict[int, ReceptionCounts] = {}
    for reception in receptions:
        if leader_id in reception.leaders:
            years.setdefault(reception.date.year, ReceptionCounts()).add(reception)
    return dict(sorted(years.items(), reverse=True))


def recording_since(receptions: list[Reception]) -> dt.date | None:
    """The first recorded day: before it the office kept no record, so nothing is counted."""
    return receptions[0].date if receptions else None

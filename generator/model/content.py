"""All content of one office, indexed by id: what every output reads."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .cases import Case
from .documents import Notice, Policy
from .files import RecordKind
from .holidays import HolidayYear
from .office import Office
from .people import Leader, Topic
from .schedule import ScheduleFile
from .units import Unit


@dataclass(frozen=True)
class Source:
    """Where a record came from, so later checks can point at the line."""

    path: str
    line: int


@dataclass
class Content:
    """The validated content; dicts keep file order."""

    root: Path
    office: Office
    units: dict[str, Unit]
    leaders: dict[str, Leader]
    topics: dict[str, Topic]
    schedules: dict[str, ScheduleFile]
    """Schedule files by display path."""
    policies: dict[str, Policy]
    notices: dict[str, Notice]
    cases: dict[str, Case]
    holiday_years: list[HolidayYear]
    sources: dict[tuple[RecordKind, str], Source] = field(default_factory=dict)
    """(kind, id) -> where it was defined, e.g. (RecordKind.CASE, "2026-001")."""

    def source(self, kind: RecordKind, record_id: str) -> Source:
        """Where a loaded record is; asking for one that was never loaded is a bug, not a
        place to point the clerk at."""
        try:
            return self.sources[(kind, record_id)]
        except KeyError:
            raise LookupError(f"no {kind.value} “{record_id}” was loaded") from None

    def unit_chain(self, unit_id: str) -> list[Unit]:
        """The unit and its ancestors, nearest first."""
        chain: list[Unit] = []
        current = self.units.get(unit_id)
        # a cycle stops at the first unit met again; by identity, as a model's __eq__ compares
        # every field and the site asks for a chain per session on every page
        while current is not None and all(current is not u for u in chain):
            chain.append(current)
            current = self.units.get(current.parent) if current.parent else None
        return chain

"""import(export(month)) gives the content's sessions back, field by field: the sample and
benchmark content at scale 0.03, in all three formats."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from benchmarks.generate import generate
from generator.model.schedule import Mode, ScheduleFile
from generator.pipeline import Prepared, prepare
from generator.schedule.sessions import ScheduledSession
from generator.tables.schedule_export import export, heading, rows_for
from generator.tables.schedule_import import Options, import_table, schedule_yaml
from tests.conftest import REPO

Fields = tuple[object, ...]


def _expected(prepared: Prepared, start: dt.date, end: dt.date) -> list[Fields]:
    groups: dict[str, list[ScheduledSession]] = {}
    for session in prepared.sessions:
        if start <= session.date <= end and session.is_active:
            groups.setdefault(session.group, []).append(session)
    found = []
    for slots in groups.values():
        first = slots[0]
        # 预约接访 is what the old `appointment` is shown as; the table says the words
        mode = Mode.BOOKED if first.mode is Mode.APPOINTMENT else first.mode
        found.append((first.date, first.unit, list(first.leaders), first.role, first.with_others,
                      sorted((s.part, s.start, s.end) for s in slots), list(first.venues), mode, first.scope,
                      first.booking, list(first.phone), first.note))
    return sorted(found, key=repr)


def _imported(path: Path, prepared: Prepared) -> list[Fields]:
    imported = import_table(path, prepared.content, Options())
    assert imported.problems == [], imported.problems
    assert imported.proposed == {}
    text = schedule_yaml(path, imported, dt.date(2026, 11, 24))
    schedule = ScheduleFile.model_validate(yaml.safe_load(text))  # what check reads
    found = []
    for s in schedule.sessions:
        others = "" if s.with_others is True else s.with_others or None
        mode = s.mode if isinstance(s.mode, Mode) else None
        found.append((s.date, s.unit, list(s.leaders), s.role, others,
                      sorted((t.part, t.start, t.end) for t in s.times), list(s.venues), mode, s.scope,
                      s.booking and s.booking.text, list(s.phone), s.note))
    return sorted(found, key=repr)


def _round_trip(prepared: Prepared, start: dt.date, end: dt.date, folder: Path) -> int:
    expected = _expected(prepared, start, end)
    assert expected, "nothing to compare"
    rows = rows_for(list(prepared.sessions), prepared.content, start, end)
    for suffix in (".docx", ".xlsx", ".csv"):
        path = folder / f"接访安排{suffix}"
        export(rows, heading(prepared.content, start, end), path)
        got = _imported(path, prepared)
        assert len(got) == len(expected), suffix
        for mine, theirs in zip(got, expected, strict=True):
            assert mine == theirs, suffix
    return len(expected)


@pytest.mark.parametrize("month", [(2026, 11), (2026, 12), (2027, 1)])
def test_the_sample_comes_back_field_by_field(month: tuple[int, int], tmp_path: Path) -> None:
    prepared = prepare(REPO / "content")
    start = dt.date(*month, 1)
    end = (start + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
    assert _round_trip(prepared, start, end, tmp_path) > 5


def test_benchmark_content_comes_back_field_by_field(tmp_path: Path) -> None:
    generate(tmp_path / "content", scale=0.03, seed=7)
    prepared = prepare(tmp_path / "content")
    assert _round_trip(prepared, dt.date(2026, 3, 1), dt.date(2026, 3, 31), tmp_path) > 50

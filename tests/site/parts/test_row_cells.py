"""A row's cells kept for the sessions that share them (``session_table.Cells``): a session
gets the booking and place words of its own capacity, overflow and unit name on its date,
whatever the sessions before it said."""

from __future__ import annotations

import dataclasses
import datetime as dt
import xml.etree.ElementTree as ET

import pytest

from generator.model.schedule import Capacity
from generator.model.units import FormerName
from generator.pipeline import prepare
from generator.schedule.sessions import ScheduledSession, SessionStatus
from generator.site.parts.data import SiteData
from generator.site.parts.session_table import Cells, Notes, session_rows
from tests.conftest import REPO


@pytest.fixture(scope="module")
def sample() -> SiteData:
    return SiteData(prepare(REPO / "content"), dt.date(2026, 6, 15), None)


def _xml(markup: str) -> ET.Element:
    return ET.fromstring(markup.replace("<br>", "<br/>"))


def _text(cell: str) -> str:
    return "".join(_xml(f"<td>{cell}</td>").itertext())


def _base(sample: SiteData) -> ScheduledSession:
    return dataclasses.replace(next(s for s in sample.sessions if s.id == "dongcheng-daily-20261102"),
                               capacity=None, overflow=None, note=None, scope=None, not_received=())


def test_each_row_says_its_own_capacity_and_overflow(sample: SiteData) -> None:
    base = _base(sample)
    said = {
        "people": (Capacity(count=15), None, "名额：限 15 人"),
        "cases": (Capacity(count=15, unit="件"), None, "名额：限 15 件"),
        "more": (Capacity(count=20), None, "名额：限 20 人"),
        "overflow": (Capacity(count=15), "转由副职领导接待", "名额：限 15 人；超出名额：转由副职领导接待"),
        "hostile": (None, '<b>转</b>&"', '名额：超出名额：<b>转</b>&"'),
        "none": (None, None, None),
    }
    for order in (list(said), list(said)[::-1]):
        cells = Cells(sample.content, sample.today)
        for name in order:
            capacity, overflow, expected = said[name]
            session = dataclasses.replace(base, id=name, capacity=capacity, overflow=overflow)
            lines = [_text(line) for line in cells.booking(session, Notes("t"), "").split("<br>")]
            assert next((x for x in lines if x.startswith("名额：")), None) == expected, name


def test_a_unit_is_named_as_it_was_on_the_sessions_day(sample: SiteData) -> None:
    """A unit renamed after a session keeps its old name in that session's row, the same
    unit's later rows its new one (the cell is kept per name, not per unit)."""
    content = sample.content
    base = _base(sample)
    unit = content.units[base.unit]
    renamed = unit.model_copy(update={"former_names": [FormerName(name="旧名称<办>", until=dt.date(2026, 11, 15))]})
    content = dataclasses.replace(content, units={**content.units, unit.id: renamed})
    cells = Cells(content, sample.today)
    later = dataclasses.replace(base, id="later", date=dt.date(2026, 11, 20))
    before = dataclasses.replace(base, id="before", date=dt.date(2026, 11, 10))
    on_the_day = dataclasses.replace(base, id="last", date=dt.date(2026, 11, 15))
    assert _text(cells.place(later)).startswith(f"{unit.name} ")
    assert _text(cells.place(before)).startswith("旧名称<办> ")
    assert _text(cells.place(on_the_day)).startswith("旧名称<办> ")
    assert _text(cells.place(later)).startswith(f"{unit.name} ")


def test_a_cancelled_row_among_scheduled_ones_offers_no_booking(sample: SiteData) -> None:
    base = dataclasses.replace(_base(sample), capacity=Capacity(count=15))
    sessions = [dataclasses.replace(base, id=f"s{i}", date=dt.date(2026, 11, 2 + i),
                                    status=SessionStatus.CANCELLED if i == 1 else SessionStatus.SCHEDULED)
                for i in range(3)]
    rows = session_rows(sessions, Cells(sample.content, sample.today), "schedule/2026-11/index.md", Notes("t"))
    booking = [_xml(row).findall("td")[6] for row in rows]
    assert ["名额：限 15 人" in "".join(td.itertext()) for td in booking] == [True, False, True]
    assert booking[1].get("class") == "xf-empty"

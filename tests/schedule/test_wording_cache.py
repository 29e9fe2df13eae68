"""``Wording`` words each distinct piece once, keyed by the fields it depends on: for every
session, each of its texts must be what the plain functions say, also when a session that
differs in one field only was worded before it (a key missing a field would hand over the
other session's text)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from generator.model.schedule import DayPart, Mode
from generator.pipeline import prepare
from generator.schedule import wording
from generator.schedule.sessions import ScheduledSession
from generator.schedule.wording import Wording
from tests.conftest import REPO

VARIANTS: dict[str, list[Any]] = {
    "leaders": [(), ("zhou-mingyuan",), ("zhou-mingyuan", "lin-jianguo")],
    "role": [None, "区委主要负责同志", " 副区长 "],
    "with_others": [None, "", "市直有关部门负责同志"],
    "mode": list(Mode),
    "venues": [(), ("市人民来访接待中心",), ("一楼", "二楼")],
    "phone": [(), ("0000-12345",), ("0000-1", "１３９")],
    "venue_exceptions": [(), (("杨叶镇", "花湖镇政府"),)],
    "topics": [(), ("social-insurance",), ("social-insurance", "property")],
    "queue": [False, True],
    "booking": [None, "", "拨打 0000-12345678 预约"],
    "date": [dt.date(2026, 1, 5), dt.date(2026, 11, 25)],
    "part": [None, *DayPart],
    "start": [None, dt.time(9, 0), dt.time(14, 30)],
    "end": [None, dt.time(11, 30), dt.time(17, 0)],
}


def variants(base: ScheduledSession) -> list[ScheduledSession]:
    made = [base]
    for field, values in VARIANTS.items():
        made += [dataclasses.replace(base, **{field: value}) for value in values]
    return made


def test_each_cached_text_is_the_plain_function_s() -> None:
    prepared = prepare(REPO / "content")
    content = prepared.content
    assert set(content.leaders) >= {"zhou-mingyuan", "lin-jianguo"}
    assert set(content.topics) >= {"social-insurance", "property"}
    words = Wording(content)
    sessions = [v for base in prepared.sessions[::7] for v in variants(base)] + prepared.sessions
    for session in sessions * 2:  # the second round from the caches only
        clock = (f"{session.start:%H:%M}" if session.start else None, f"{session.end:%H:%M}" if session.end else None)
        assert words.slot(session) == (*clock, wording.time_text(session))
        assert words.team(session) == wording.team_text(session, content)
        assert words.summary(session) == wording.summary(session, content)
        assert words.place(session) == wording.place_text(session)
        assert words.topics(session) == wording.topics_text(session, content)
        assert words.booking(session) == wording.booking_text(session, content)

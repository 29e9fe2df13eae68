"""The feeds' events are written by ``vevent``, not by the icalendar library's serialiser
(its per-character folding of every line of every event was most of a city's calendar
time); each event must still be byte for byte what the library writes for the same
properties, hostile text included, and read back by the library as the text put in."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar, Event

from generator.ics.feeds import Properties, vevent

SHANGHAI = ZoneInfo("Asia/Shanghai")
STAMP = dt.datetime(2026, 11, 24, 0, 0, tzinfo=dt.UTC)
HOSTILE = [
    "张三（副市长）现场接访",
    "地点：市人民来访接待中心,一楼;大厅\\二楼",
    "第一行\n第二行\r\n第三行\r第四行",
    "C:\\Notes\\new 与 \\N 与 \\n 和 \\\\N",
    "BEGIN:VEVENT\r\nSUMMARY:伪造\r\nEND:VEVENT",
    "^^脱字符^和^'引号\"",
    "表情😀𝟏𝟑𝟖和全角１３８、不换行\u00a0空格\u200b零宽",
    "接" * 200,
    "a" * 300,
    "<script>alert(1)</script> &amp; %E5%BC%A0",
    "",
]
# a backslash or a caret at every position around the first folds: the library never ends a
# folded piece with one; ASCII and three-byte characters put the fold in different places
HOSTILE += [("x" * k) + "\\," + ("接" * 40) for k in range(60, 80)]
HOSTILE += [("接" * k) + "^;" + ("y" * 90) for k in range(18, 30)]
HOSTILE += [("x" * k) + "\\;" + ("y" * (150 - k)) + "^" + "z" * 80 for k in range(60, 80)]  # all ASCII


def library(properties: Properties) -> bytes:
    event = Event()
    for name, value in properties.items():
        event.add(name.lower(), value)
    result: bytes = event.to_ical()
    return result


def session_event(text: str) -> Properties:
    return {"UID": f"{text[:30]}@office", "DTSTAMP": STAMP,
            "DTSTART": dt.datetime(2026, 12, 9, 9, 0, tzinfo=SHANGHAI),
            "DTEND": dt.datetime(2026, 12, 9, 12, 0, tzinfo=SHANGHAI), "SUMMARY": text, "LOCATION": text,
            "DESCRIPTION": f"接访领导：{text}\n地点：{text}", "STATUS": "CONFIRMED", "SEQUENCE": 3,
            "URL": "https://xf.example.gov.cn/schedule/2026-12/#city-wednesday-20261209-" + "a" * 40,
            "COMMENT": text}


@pytest.mark.parametrize("text", HOSTILE)
def test_a_session_event_is_what_the_library_writes(text: str) -> None:
    properties = session_event(text)
    written = vevent(properties)
    assert written == library(properties)
    # and the library reads back the very text put in (its line breaks as LF)
    event = Calendar.from_ical(b"BEGIN:VCALENDAR\r\n" + written + b"END:VCALENDAR\r\n").walk("VEVENT")[0]
    plain = text.replace("\\N", "\n").replace("\r\n", "\n").replace("\r", "\n")
    assert str(event["SUMMARY"]) == plain
    assert event["SEQUENCE"] == 3
    assert event.decoded("DTSTART") == dt.datetime(2026, 12, 9, 9, 0, tzinfo=SHANGHAI)
    assert all(len(line) <= 75 for line in written.split(b"\r\n"))


@pytest.mark.parametrize("text", HOSTILE[:8])
def test_an_all_day_event_is_what_the_library_writes(text: str) -> None:
    properties: Properties = {"UID": "suspension-x@office", "DTSTAMP": STAMP, "DTSTART": dt.date(2026, 11, 30),
                              "DTEND": dt.date(2027, 2, 25), "SUMMARY": text, "DESCRIPTION": f"原因：{text}",
                              "STATUS": "CONFIRMED", "TRANSP": "TRANSPARENT"}
    assert vevent(properties) == library(properties)


def test_the_line_cache_gives_the_same_bytes() -> None:
    lines: dict[str, str] = {}
    first = [vevent(session_event(text), lines) for text in HOSTILE]
    assert lines and [vevent(session_event(text), lines) for text in HOSTILE] == first
    assert first == [library(session_event(text)) for text in HOSTILE]

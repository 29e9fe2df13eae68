"""Suspensions are in the data files and calendars, not only in the banner: the real-notices
fixture announces on 2026-07-01 that 示例县 stops receiving visitors from 2026-07-20 until further
notice; built on 2026-07-06 (announced) and on 2026-07-21 (in force)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import jsonschema
import pytest
from icalendar import Calendar

from tests.conftest import FIXTURES
from tests.site.conftest import Built, build_sample

CHANNELS = ["来信寄至示例县人民路8号县信访局", "登录示例省网上信访平台", "拨打 0000-7654321"]


@pytest.fixture(scope="module", params=[dt.date(2026, 7, 6), dt.date(2026, 7, 21)])
def built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Built:
    today: dt.date = request.param
    return build_sample(tmp_path_factory.mktemp("susp") / "site", today, FIXTURES / "real_notices")


def test_json_carries_the_suspension_with_its_channels(built: Built) -> None:
    data = json.loads((built.site / "data/schedule.json").read_text("utf-8"))
    jsonschema.validate(data, json.loads((built.site / "data/schedule.schema.json").read_text("utf-8")))
    status = "announced" if built.today < dt.date(2026, 7, 20) else "current"
    assert data["suspensions"] == [{
        "id": "centre-repair", "status": status, "start": "2026-07-20", "end": None,
        "units": [{"id": "shixian", "name": "示例县"}],
        "text": "示例县自7月20日起暂停现场接访，恢复时间另行通知", "reason": "县人民来访接待中心装修改造",
        "alternatives": CHANNELS, "announced": "2026-07-01", "note": None}]


def test_csv_file_of_its_own(built: Built) -> None:
    text = (built.site / "data/suspensions.csv").read_bytes().decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows == [{
        "编号": "centre-repair", "状态": "已公布" if built.today < dt.date(2026, 7, 20) else "暂停中",
        "开始": "2026-07-20", "结束": "另行通知", "单位": "示例县",
        "公告": "示例县自7月20日起暂停现场接访，恢复时间另行通知", "原因": "县人民来访接待中心装修改造",
        "其他渠道": "；".join(CHANNELS), "公布日期": "2026-07-01", "说明": ""}]
    assert "suspensions.csv" in (built.site / "schedule/index.html").read_text("utf-8")


def test_every_calendar_has_an_all_day_event_to_its_horizon(built: Built) -> None:
    feeds = [built.site / "calendar/all.ics", *sorted((built.site / "calendar/leaders").glob("*.ics"))]
    for path in feeds:
        events = [e for e in Calendar.from_ical(path.read_bytes()).walk("VEVENT")
                  if str(e["UID"]).startswith("suspension-")]
        assert len(events) == 1, path
        event = events[0]
        assert event["DTSTART"].dt == dt.date(2026, 7, 20)
        # until further notice: through the feed's 92-day horizon, the day after as DTEND
        assert event["DTEND"].dt == built.today + dt.timedelta(days=93)
        assert str(event["SUMMARY"]) == "示例县自7月20日起暂停现场接访，恢复时间另行通知"
        assert str(event["DESCRIPTION"]).splitlines() == [
            "原因：县人民来访接待中心装修改造", "暂停期间请通过：" + "；".join(CHANNELS)]


def test_no_suspension_no_file_rows(tmp_path: Path) -> None:
    built = build_sample(tmp_path / "site", dt.date(2026, 12, 7), FIXTURES / "role_notices")
    assert (built.site / "data/suspensions.csv").read_bytes().decode("utf-8-sig").splitlines() == [
        "编号,状态,开始,结束,单位,公告,原因,其他渠道,公布日期,说明"]
    assert json.loads((built.site / "data/schedule.json").read_text("utf-8"))["suspensions"] == []


def test_a_hostile_reason_stays_text(content_copy, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from tests.conftest import edit

    root = content_copy("real_notices")
    hostile = '=HYPERLINK(\\"http://x\\")\\nEND:VEVENT\\nBEGIN:VEVENT <script>alert(1)</script>'
    edit(root / "schedule/county.yaml", "reason: 县人民来访接待中心装修改造", f'reason: "{hostile}"')
    built = build_sample(tmp_path / "site", dt.date(2026, 7, 6), root)
    reason = '=HYPERLINK("http://x")\nEND:VEVENT\nBEGIN:VEVENT <script>alert(1)</script>'
    row = next(csv.DictReader(io.StringIO((built.site / "data/suspensions.csv").read_bytes().decode("utf-8-sig"))))
    assert row["原因"] == "'" + reason
    assert json.loads((built.site / "data/schedule.json").read_text("utf-8"))["suspensions"][0]["reason"] == reason
    events = [e for e in Calendar.from_ical((built.site / "calendar/all.ics").read_bytes()).walk("VEVENT")
              if str(e["UID"]).startswith("suspension-")]
    assert len(events) == 1 and str(events[0]["DESCRIPTION"]).startswith("原因：" + reason)

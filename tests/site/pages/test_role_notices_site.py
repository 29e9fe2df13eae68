"""Notices that name nobody and give no time (tests/fixtures/role_notices, no leaders.yaml):
a workday rota of "县领导一名", a Monday-morning overlay by "县委书记或县长" in the same hall,
and a 专题接访日 received by "县自然资源局负责联系分管的县领导" with no time. Expected values worked
out by hand: December 2026 has 23 working days (Tue 12/1 … Thu 12/31, no holiday) and four
Mondays from 12/7; built on Monday 12/7."""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import json
import re
from collections.abc import Iterator

import pytest
from icalendar import Calendar

from tests.conftest import FIXTURES
from tests.site.conftest import Built, build_sample
from tests.site.pages.test_real_notices_site import cells

TODAY = dt.date(2026, 12, 7)


@pytest.fixture(scope="module")
def roles(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Built]:
    yield build_sample(tmp_path_factory.mktemp("roles") / "site", TODAY, FIXTURES / "role_notices")


def test_no_leaders_file_and_every_session_is_there(roles: Built) -> None:
    content = roles.prepared.content
    assert content.leaders == {}
    by_rule = {r: [s for s in roles.prepared.sessions if s.rule_id == r] for r in ("rota", "monday")}
    assert len(by_rule["rota"]) == 23
    assert [s.date.day for s in by_rule["monday"]] == [7, 14, 21, 28]
    # one hall, two receptions on each Monday: a warning said once, not four errors
    assert [w.split(": ", 1)[1] for w in roles.prepared.warnings] == [
        "“县人民来访接待中心”有 4 个时段同时安排了两场接访（最早是 2026-12-07 上午 的“monday-20261207”"
        "与“rota-20261207”）；合署接访、分组接访不必理会；如该场所同一时段只能接待一场，请在 office.yaml 写 "
        "venues: [{name: 县人民来访接待中心, rooms: 1}]"]


def test_a_day_without_time_shows_the_date_and_no_time(roles: Built) -> None:
    rows = cells(roles.page("/schedule/2026-12/")).rows
    day = rows["land-day"]
    assert day[0].split()[:2] == ["12月16日", "周三"]
    assert day[1] == ""  # the notice gave no time: nothing, not 全天
    assert day[2] == "县自然资源局负责联系分管的县领导"
    assert rows["rota-20261207"][1] == "" and rows["monday-20261207"][1] == "上午"
    month = html.unescape(roles.page("/schedule/2026-12/"))
    assert "全天" not in month


def test_leaders_page_lists_the_roles_with_their_next_date(roles: Built) -> None:
    page = html.unescape(roles.page("/leaders/"))
    assert "本机构的接访公告没有点名接访领导。" in page
    assert "近期暂无安排" not in page
    table = page.split('id="by-role"', 1)[1]
    rows = [r for r in (c.split("</td>")[:3] for c in table.split("<tr>")[2:])]
    said = [[html.unescape(re.sub(r"<[^>]+>", "", cell)).strip() for cell in row] for row in rows]
    # in the order of their next session (the morning sorts before the untimed day)
    assert said == [["县委书记或县长", "示例县", "12月7日（周一）上午"],
                    ["县领导一名", "示例县", "12月7日（周一）"],
                    ["县自然资源局负责联系分管的县领导", "示例县", "12月16日（周三）"]]


def test_home_next_line_has_no_invented_time(roles: Built) -> None:
    home = html.unescape(roles.page("/"))
    assert "今天有领导接访" in home
    assert "全天" not in home


def test_json_csv_and_ics_leave_the_time_empty(roles: Built) -> None:
    data = {s["id"]: s for s in json.loads((roles.site / "data/schedule.json").read_text("utf-8"))["sessions"]}
    land = data["land-day"]
    assert (land["start"], land["end"], land["part"], land["time"]) == (None, None, None, "")
    assert land["role"] == "县自然资源局负责联系分管的县领导" and land["leaders"] == []
    assert data["monday-20261214"]["part"] == "上午"
    schema = json.loads((roles.site / "data/schedule.schema.json").read_text("utf-8"))
    assert "不是全天" in schema["$defs"]["OpenSession"]["properties"]["part"]["description"]
    text = (roles.site / "data/schedule.csv").read_text("utf-8-sig")
    rows = {r["编号"]: r for r in csv.DictReader(io.StringIO(text))}
    assert [rows["land-day"][k] for k in ("日期", "时间", "开始", "结束", "时段")] == ["2026-12-16", "", "", "", ""]
    assert rows["rota-20261231"]["接访人"] == "县领导一名"
    calendar = Calendar.from_ical((roles.site / "calendar/all.ics").read_bytes())
    events = {str(e["UID"]).split("@")[0]: e for e in calendar.walk("VEVENT")}
    land_event = events["land-day"]
    assert land_event["DTSTART"].dt == dt.date(2026, 12, 16)
    assert not isinstance(land_event["DTSTART"].dt, dt.datetime)
    assert land_event["DTEND"].dt == dt.date(2026, 12, 17)
    assert str(land_event["SUMMARY"]) == "县自然资源局负责联系分管的县领导现场接访"
    description = str(land_event["DESCRIPTION"])
    assert "时间" not in description and "全天" not in description and "上午" not in description
    assert str(events["monday-20261207"]["SUMMARY"]) == "上午：县委书记或县长现场接访"


def test_a_named_leader_without_sessions_points_at_the_role_receptions(content_copy, tmp_path) -> None:  # type: ignore[no-untyped-def]
    root = content_copy("role_notices")
    (root / "leaders.yaml").write_text(
        "leaders:\n  - {id: zhao, name: 赵某, title: 副县长, unit: rolexian}\n", encoding="utf-8")
    built = build_sample(tmp_path / "site", TODAY, root)
    for url in ("/leaders/", "/leaders/zhao/"):
        page = html.unescape(built.page(url))
        assert "近期暂无安排" not in page, url
        assert "近期没有点名由其接访的安排；" in page and "另有按职务公布的接访" in page, url


def test_leaders_file_may_be_empty(content_copy) -> None:  # type: ignore[no-untyped-def]
    from generator.pipeline import prepare

    root = content_copy("role_notices")
    (root / "leaders.yaml").write_text("leaders: []\n", encoding="utf-8")
    assert prepare(root).content.leaders == {}


def _all_pages(built: Built) -> dict[str, str]:
    return {p.relative_to(built.site).as_posix(): html.unescape(p.read_text("utf-8"))
            for p in built.site.rglob("*.html")}


def test_office_without_address_shows_no_receiving_address(content_copy, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from tests.conftest import edit

    root = content_copy("role_notices")
    edit(root / "office.yaml", "address: 示例县人民路8号\n", "")
    built = build_sample(tmp_path / "site", TODAY, root)
    pages = _all_pages(built)
    assert not [name for name, text in pages.items() if "接待地址" in text or "示例县人民路8号" in text]
    assert "地址：" not in pages["index.html"].split('class="md-footer', 1)[1]


def test_an_office_receiving_nobody_in_person_never_says_come_in(content_copy, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from tests.conftest import edit

    root = content_copy("role_notices")
    schedule = root / "schedule/county.yaml"
    edit(schedule, "    role: 县领导一名\n", "    role: 县领导一名\n    mode: phone\n    phone: 0000-7654321\n")
    edit(schedule, "    role: 县委书记或县长\n", "    role: 县委书记或县长\n    mode: video\n")
    edit(schedule, "    topics: [land]\n", "    topics: [land]\n    mode: visit\n")
    edit(root / "topics.yaml", "    department: 示例县自然资源局\n",
         "    department: 示例县自然资源局\n    materials: [身份证, 土地承包合同]\n")
    built = build_sample(tmp_path / "site", TODAY, root)
    pages = _all_pages(built)
    assert not [name for name, text in pages.items() if "接待地址" in text or "来访时请带上" in text]
    home = pages["index.html"]
    assert "联系方式" in home and "来访接待</h2>" not in home and "0000-7654321" in home
    assert "反映问题时请准备" in pages["topics/land/index.html"]

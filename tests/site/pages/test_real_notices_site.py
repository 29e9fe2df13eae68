"""The site, calendar and open data built from schedules typed in as real notices are
written (tests/fixtures/real_notices), parsed: what each page says, and that everything a
session's row shows is also in the JSON, the CSV and the .ics."""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import json
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import jsonschema
import pytest
from icalendar import Calendar

from generator.pipeline import prepare
from generator.site.parts.data import SiteData
from generator.site.parts.session_table import TODAY_ANCHOR
from generator.site.parts.widgets import suspension_lines
from tests.conftest import FIXTURES, edit
from tests.site.conftest import Built, build_sample

TODAY = dt.date(2026, 7, 6)


@pytest.fixture(scope="module")
def real(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Built]:
    yield build_sample(tmp_path_factory.mktemp("real") / "site", TODAY, FIXTURES / "real_notices")


class Cells(HTMLParser):
    """Session rows of a page: row id (and the ids anchored in it) -> list of cell texts;
    and the notes under the table (note id -> text)."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: dict[str, list[str]] = {}
        self.notes: dict[str, str] = {}
        self._row: list[str] | None = None
        self._cell: list[str] | None = None
        self._note: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "tr" and "xf-session" in (a.get("class") or ""):
            self._row = []
            self.rows[a["id"] or ""] = self._row
        elif self._row is not None and a.get("id") and a["id"] != TODAY_ANCHOR:  # the page's #today is no session
            self.rows[a["id"] or ""] = self._row
        if tag == "td" and self._row is not None:
            self._cell = []
        if tag == "br" and self._cell is not None:
            self._cell.append("\n")
        if tag == "span" and self._cell is not None:
            self._cell.append(" ")  # a leader's name and title are separate spans
        if tag == "li" and (a.get("id") or "").startswith("t-"):
            self._note = a["id"]
            self.notes[self._note or ""] = ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "td" and self._row is not None and self._cell is not None:
            self._row.append("".join(self._cell))
            self._cell = None
        if tag == "tr":
            self._row = None
        if tag == "li":
            self._note = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)
        if self._note:
            self.notes[self._note] += data


def cells(page: str) -> Cells:
    parser = Cells()
    parser.feed(page)
    return parser


def month_rows(built: Built, month: str) -> Cells:
    return cells(built.page(f"/schedule/{month}/"))


def test_suspension_banner_is_on_every_page_with_its_channels(real: Built) -> None:
    pages = list(real.site.rglob("*.html"))
    assert len(pages) > 10
    for path in pages:
        raw = path.read_text(encoding="utf-8")
        text = html.unescape(re.sub(r"<[^>]+>", "", raw))
        assert "示例县自7月20日起暂停现场接访，恢复时间另行通知" in text, path
        assert "登录示例省网上信访平台" in text and "拨打 0000-7654321" in text, path
        # the alternative number is one tap away
        assert '<a class="xf-tel" href="tel:00007654321">0000-7654321</a>' in raw, path


def test_suspension_dates_carry_the_year_when_not_this_year(content_copy) -> None:  # type: ignore[no-untyped-def]
    root = content_copy("real_notices")
    edit(root / "schedule/county.yaml", "    start: 2026-07-20\n", "    start: 2026-12-28\n    end: 2027-01-05\n")
    prepared = prepare(root)
    lines = suspension_lines(SiteData(prepared, dt.date(2026, 12, 20), None))
    assert [x["title"] for x in lines] == ["示例县自12月28日起至2027年1月5日暂停现场接访"]
    assert suspension_lines(SiteData(prepared, dt.date(2027, 1, 2), None))[0]["title"] == \
        "示例县自2026年12月28日起至1月5日暂停现场接访"
    # over: no banner; not yet announced: no banner
    assert suspension_lines(SiteData(prepared, dt.date(2027, 1, 6), None)) == []
    assert suspension_lines(SiteData(prepared, dt.date(2026, 6, 30), None)) == []


def test_month_navigation_says_the_year_and_past_months_say_they_are_past(real: Built) -> None:
    july = html.unescape(real.page("/schedule/2026-07/"))
    # the running month carries the note hidden, for a reader after the 31st (the script shows it)
    assert "← 2026年6月" in july
    assert re.search(r'<p class="xf-past-note" role="note" data-xf-after="2026-07-31" hidden>', july)
    june = html.unescape(real.page("/schedule/2026-06/"))
    assert "这是往期接访安排，日期已经过去" in june and "2026年7月 →" in june
    march = html.unescape(real.page("/schedule/2026-03/"))
    assert "← 2026年2月" in march and "这是往期" in march


def test_spring_festival_has_no_row(real: Built) -> None:
    february = month_rows(real, "2026-02").rows
    dates = sorted({row[0].split()[0] for row in february.values()}, key=lambda d: int(d[2:-1]))
    assert dates == ["2月3日", "2月5日", "2月10日", "2月12日", "2月24日", "2月26日"]
    assert all("第四轮" in row[6] for row in february.values() if "周四" in row[0])


def test_team_of_ten_is_one_row_with_morning_and_afternoon_and_capacity_once(real: Built) -> None:
    july = month_rows(real, "2026-07")
    row = july.rows["leaders-20260708-1"]
    assert july.rows["leaders-20260708-2"] is row  # the afternoon's anchor is in the same row
    assert row[1].split("\n") == ["上午", "下午"]
    names = re.findall(r"张[一二三四五六七八九十]", row[2])
    assert len(names) == 10 and "等" not in row[2]
    page = html.unescape(real.page("/schedule/2026-07/"))
    assert page.count("限 30 人") == 1


def test_role_only_and_phone_only_rows(real: Built) -> None:
    july = month_rows(real, "2026-07")
    assert july.rows["secretary-20260710"][2] == "县委主要负责同志"
    phone = july.rows["hotline-20260707"]
    assert "不接待来访人员" in phone[4]
    for number in ("0000-1111", "0000-2222", "0000-3333"):
        assert number in phone[4]
    assert phone[5] == "电话接访" and "按通用方式预约" not in phone[6]


def test_home_says_the_next_session_is_by_telephone_without_a_place(real: Built) -> None:
    home = html.unescape(re.sub(r"<[^>]+>", "", real.page("/")))
    line = home[home.index("下一次："):].split("查看详情")[0]
    assert "电话接访，不接待来访人员" in line and "0000-2222" in line
    assert "地点" not in line
    # nothing the office did not publish: no hours, no general booking line
    assert "接待时间" not in home and "通用预约方式" not in home
    assert "咨询电话0000-7654321" in home.replace(" ", "")


def test_capacity_unit_and_overflow_on_the_saturday(real: Built) -> None:
    row = month_rows(real, "2026-07").rows["saturday-20260711"]
    assert "限 15 件；超出名额：转由副职领导接待或另行约访" in row[6]
    assert row[5] == "预约接访" and row[0].startswith("7月11日")


def test_renamed_bureau_shows_the_name_of_each_date(real: Built) -> None:
    assert "示例县环境保护局" in month_rows(real, "2026-06").rows["env-20260618"][4]
    assert "示例县生态环境局" in month_rows(real, "2026-07").rows["env-20260709"][4]


def test_only_current_leaders_are_listed_and_past_sessions_keep_theirs(real: Built) -> None:
    index = real.page("/leaders/")
    assert "李新" in index and "李旧" not in index
    old = html.unescape(real.page("/leaders/li-old/"))
    assert "离任" in old
    assert "李旧" in month_rows(real, "2026-06").rows["env-20260618"][2]


def test_pages_adapt_to_an_office_without_topics(real: Built) -> None:
    topics = html.unescape(real.page("/topics/"))
    assert "没有按问题类别公布分管领导" in topics
    assert "分管领域" not in real.page("/leaders/")
    assert 'name="topic"' not in real.page("/schedule/2026-07/")


def test_part_of_day_is_a_date_only_event_with_the_part_in_its_summary(real: Built) -> None:
    calendar = Calendar.from_ical((real.site / "calendar/all.ics").read_bytes())
    events = {str(e["UID"]).split("@")[0]: e for e in calendar.walk("VEVENT")}
    hotline = events["hotline-20260707"]
    assert hotline["DTSTART"].dt == dt.date(2026, 7, 7) and not isinstance(hotline["DTSTART"].dt, dt.datetime)
    assert str(hotline["SUMMARY"]) == "上午：县人社局、县住建局、县市场监管局负责同志电话接访"
    assert "LOCATION" in hotline and "不接待来访人员" in str(hotline["LOCATION"])
    # "等" in the calendar exactly where the page says it
    assert str(events["downvisit-20260716"]["SUMMARY"]) == "全天：张七（副县长）等（县直有关部门负责同志）下访"
    assert "等" not in str(events["leaders-20260708-1"]["SUMMARY"])
    timed = events["saturday-20260711"]
    assert timed["DTSTART"].dt == dt.datetime(2026, 7, 11, 9, 0, tzinfo=timed["DTSTART"].dt.tzinfo)


def test_open_data_validates_against_its_published_schema(real: Built) -> None:
    data = json.loads((real.site / "data/schedule.json").read_text(encoding="utf-8"))
    schema = json.loads((real.site / "data/schedule.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(data, schema)
    by_id = {s["id"]: s for s in data["sessions"]}
    assert by_id["saturday-20260711"]["capacity"] == {"count": 15, "unit": "件"}
    assert by_id["leaders-20260708-2"]["part"] == "下午" and by_id["leaders-20260708-2"]["start"] is None
    assert by_id["secretary-20260710"]["leaders"] == [] and by_id["secretary-20260710"]["role"] == "县委主要负责同志"
    assert by_id["downvisit-20260716"]["with_others"] == "县直有关部门负责同志"
    assert by_id["hotline-20260707"]["in_person"] is False
    assert by_id["env-20260618"]["unit"]["name"] == "示例县环境保护局"


# -- every field a row shows is in the JSON, the CSV and the .ics -------------------------

LABELS = re.compile(r"^(预约|名额|受理范围|不在此接待的事项|不在此接待|说明|截止|原因)[：:]?")
SKIP = {"按通用方式预约", "今天", "各类问题", "已结束"}


def _fragments(row: list[str], notes: dict[str, str]) -> list[str]:
    """The row's visible text cut into its statements (the date cell is checked apart)."""
    pieces: list[str] = []
    for cell in row[1:]:
        for note in re.findall(r"见注(\d+)", cell):
            pieces += [text for key, text in notes.items() if key.endswith(f"-n{note}")]
        cell = re.sub(r"见注\d+", "", cell)
        pieces += cell.split("\n")
    out = []
    for piece in pieces:
        piece = LABELS.sub("", piece.strip()).strip("：；。 ")
        piece = re.sub(r"^按通用方式预约（拨打 .*）$", "按通用方式预约", piece)
        if piece and piece not in SKIP and not re.fullmatch(r"[：:]*", piece):
            out.append(piece)
    return out


def _check_complete(built: Built) -> int:
    data = json.loads((built.site / "data/schedule.json").read_text(encoding="utf-8"))
    records = {s["id"]: json.dumps(s, ensure_ascii=False) for s in data["sessions"]}
    raw = (built.site / "data/schedule.csv").read_bytes().decode("utf-8-sig")
    csv_rows = {row[0]: " ".join(row) for row in csv.reader(io.StringIO(raw))}
    calendar = Calendar.from_ical((built.site / "calendar/all.ics").read_bytes())
    events = {str(e["UID"]).split("@")[0]: " ".join(str(e.get(k, "")) for k in
                                                      ("SUMMARY", "LOCATION", "DESCRIPTION"))
              for e in calendar.walk("VEVENT")}
    checked = 0
    months = sorted({p.parent.name for p in (built.site / "schedule").glob("*/index.html")
                     if re.fullmatch(r"\d{4}-\d{2}", p.parent.name)})
    for month in months:
        page = cells(built.page(f"/schedule/{month}/"))
        # a row may stand for the morning and the afternoon of one session: all its ids together
        by_row: dict[int, tuple[list[str], list[str]]] = {}
        for session_id, row in page.rows.items():
            by_row.setdefault(id(row), (row, []))[1].append(session_id)
        for row, ids in by_row.values():
            pieces = _fragments(row, page.notes)
            texts = [("JSON", " ".join(records[i] for i in ids)), ("CSV", " ".join(csv_rows[i] for i in ids))]
            if all(i in events for i in ids):
                texts.append(("ics", " ".join(events[i] for i in ids)))
            for what, text in texts:
                flat = text.replace("\\n", " ")
                for piece in pieces:
                    # names and titles are separate spans on the page, "张一（县长）" in the data;
                    # "等" is checked with the team (with_others), not as a word
                    for word in re.split(r"[、；，\s（）]+|等(?=$|[（\s])", piece):
                        if word:
                            assert word in flat, f"{ids}: “{word}” shown on {month} but not in the {what}"
            checked += len(ids)
    return checked


def test_every_shown_field_is_in_json_csv_and_ics_real_notices(real: Built) -> None:
    assert _check_complete(real) >= 16


def test_every_shown_field_is_in_json_csv_and_ics_sample(built: Built) -> None:
    assert _check_complete(built) >= 100


def test_schedule_data_is_linked_with_its_schema(real: Built) -> None:
    assert (real.site / "data/schedule.schema.json").is_file()
    assert Path(real.site / "data/schedule.json").stat().st_size > 0

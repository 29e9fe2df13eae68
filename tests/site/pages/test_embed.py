"""The portal's widgets (/embed/…), their codes page and data/upcoming.json, generated from the
minimal fixture and parsed; dates below are worked out by hand from its rules
(city-wed: every Wednesday from 2026-09-01, roster 王乙, 赵丙; mayor-monthly: the first Friday,
morning and afternoon; east-daily: workdays from 2026-09-28)."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import jsonschema
import pytest
from lxml import html as lhtml

from benchmarks.generate import generate
from generator.pipeline import prepare
from generator.site.build.tree import files_for, pages_for
from generator.site.files import open_data
from generator.site.pages import embed as embed_pages
from generator.site.parts.data import SiteData
from tests.conftest import FIXTURES, REPO, edit

BASE = "https://xf.example.gov.cn/xf/"
WEDNESDAY = dt.date(2026, 9, 2)
SUNDAY = dt.date(2026, 9, 27)


def _data(today: dt.date, content: Path = FIXTURES / "minimal", base: str | None = BASE) -> SiteData:
    return SiteData(prepare(content), today, base)


def _widget(data: SiteData, path: str) -> lhtml.HtmlElement:
    return lhtml.fromstring(embed_pages.widget_pages(data)[path])


def _visible(page: lhtml.HtmlElement) -> list[str]:
    return [li.get("data-date") for li in page.xpath("//ol[@class='xf-e-list']/li") if li.get("hidden") is None]


def test_the_office_week_on_a_wednesday_shows_today_and_friday_and_carries_later_weeks_hidden() -> None:
    page = _widget(_data(WEDNESDAY), "embed/week/index.html")
    assert _visible(page) == ["2026-09-02", "2026-09-04"]
    rows = page.xpath("//ol[@class='xf-e-list']/li")
    hidden = [li.get("data-date") for li in rows if li.get("hidden") is not None]
    assert "2026-09-09" in hidden and "2026-09-30" in hidden  # later weeks, for the reader's day
    assert page.xpath("string(//h1/span[@class='xf-e-label'])") == "本周领导接访安排"
    assert page.xpath("string(//h1/span[@class='xf-e-span'])") == "8月31日—9月6日"
    friday = rows[1]
    # one row for the mayor's morning and afternoon, linked to its row on the month page
    assert "09:00—11:30、14:30—17:00" in friday.text_content()
    link = friday.xpath(".//a")[0]
    assert link.get("href") == "../../schedule/2026-09/#mayor-monthly-20260904-1"
    assert link.get("target") == "_top" and link.text_content() == "李甲（市长）"
    assert page.xpath("string(//title)") == "本周接访安排 - 测试市信访局"
    assert page.xpath("string(/html/body/@data-until)") == "2026-10-04"  # five weeks from Monday 8-31
    assert "today" in (rows[0].get("class") or "")


def test_every_link_of_every_widget_opens_in_the_top_window() -> None:
    for text in embed_pages.widget_pages(_data(WEDNESDAY)).values():
        page = lhtml.fromstring(text)
        links = page.xpath("//a")
        assert links and all(a.get("target") == "_top" for a in links)


def test_widget_has_no_theme_its_own_assets_and_a_strict_policy_without_frame_ancestors() -> None:
    page = _widget(_data(WEDNESDAY), "embed/units/east/month/index.html")
    assert not page.xpath("//*[contains(@class, 'md-')]")
    assert page.xpath("//link[@rel='stylesheet']/@href") == ["../../../../assets/xinfang-embed.css"]
    assert page.xpath("//script/@src") == ["../../../../assets/xinfang-embed.js",
                                           "../../../../assets/xinfang-today.js"]
    assert not page.xpath("//script[not(@src)]")
    policy = page.xpath("string(//meta[@http-equiv='Content-Security-Policy']/@content)")
    assert "script-src 'self';" in policy and "frame-ancestors" not in policy  # a meta policy cannot set it
    assert page.xpath("string(//meta[@name='viewport']/@content)").startswith("width=device-width")


def test_on_a_sunday_with_nothing_left_the_widget_shows_next_week() -> None:
    page = _widget(_data(SUNDAY), "embed/units/east/week/index.html")
    assert page.xpath("string(//h1/span[@class='xf-e-label'])") == "下周领导接访安排"
    assert page.xpath("string(//h1/span[@class='xf-e-span'])") == "9月28日—10月4日"
    assert _visible(page)[0] == "2026-09-28"
    assert all("2026-09-28" <= d <= "2026-10-04" for d in _visible(page))


def test_unit_widget_holds_its_townships_and_topic_widget_holds_general_sessions(content_copy) -> None:  # type: ignore[no-untyped-def]
    content = content_copy()
    town = content / "schedule" / "town.yaml"
    town.write_text("sessions:\n  - id: town-1\n    date: 2026-09-03\n    unit: east-town\n"
                    "    role: 镇党委书记\n    times: [上午]\n    venues: [镇政府]\n", encoding="utf-8")
    data = _data(WEDNESDAY, content)
    east = _widget(data, "embed/units/east/week/index.html")
    assert _visible(east) == ["2026-09-03"] and "镇党委书记" in east.text_content()
    city = _widget(data, "embed/units/east-town/week/index.html")
    assert _visible(city) == ["2026-09-03"]
    # 王乙's Wednesday receives 拖欠工资 (his topic); the township session receives every kind
    wages = _widget(data, "embed/topics/wages/week/index.html")
    assert _visible(wages) == ["2026-09-02", "2026-09-03"]
    insurance = _widget(data, "embed/topics/social-insurance/week/index.html")
    assert _visible(insurance) == ["2026-09-03", "2026-09-04"]


def test_hostile_names_are_text_in_widgets_and_codes_page(content_copy) -> None:  # type: ignore[no-untyped-def]
    content = content_copy()
    edit(content / "leaders.yaml", "name: 王乙", "name: '<script>alert(1)</script>王乙'")
    edit(content / "units.yaml", "name: 东区", "name: '东区\"><img src=x onerror=alert(1)>'")
    data = _data(WEDNESDAY, content)
    for path, text in embed_pages.widget_pages(data).items():
        page = lhtml.fromstring(text)
        assert not page.xpath("//img") and len(page.xpath("//script")) == 2, path
    week = _widget(data, "embed/week/index.html")
    assert "<script>alert(1)</script>王乙（副市长）" in week.text_content()
    codes = lhtml.fromstring(embed_pages.codes_page(data).split("---", 2)[2])
    assert not codes.xpath("//img") and not codes.xpath("//iframe")
    assert "东区\"><img src=x onerror=alert(1)>" in codes.text_content()


def test_codes_page_gives_the_iframe_code_with_the_site_address_and_every_widget() -> None:
    data = _data(WEDNESDAY)
    markdown = pages_for(data)["embed/index.md"]
    page = lhtml.fromstring(markdown.split("---", 2)[2])
    codes = [c.text_content() for c in page.xpath("//pre/code")]
    assert codes[0] == ('<iframe src="https://xf.example.gov.cn/xf/embed/week/" title="测试市信访局本周接访安排" '
                        'width="100%" height="480" loading="lazy" style="border:0;max-width:800px"></iframe>')
    assert 'height="640"' in codes[1] and "/xf/embed/month/" in codes[1]
    links = set(page.xpath("//a/@href"))
    for path in embed_pages.widget_pages(data):
        assert f"../{path.removeprefix('embed/')}".replace("../", "", 1) in links, path
    cells = page.xpath("//table//td")
    assert "https://xf.example.gov.cn/xf/embed/units/east/week/" in [c.text_content() for c in cells]


def test_codes_page_without_site_url_says_so_and_gives_paths() -> None:
    markdown = pages_for(_data(WEDNESDAY, base=None))["embed/index.md"]
    assert "还没有填写 site_url" in markdown and 'src=&quot;/embed/week/&quot;' in markdown


def test_upcoming_json_is_the_next_30_days_and_matches_its_schema() -> None:
    data = _data(dt.date(2026, 9, 20))
    files = files_for(data)
    upcoming = json.loads(files["data/upcoming.json"])
    jsonschema.validate(upcoming, json.loads(files["data/upcoming.schema.json"]))
    assert (upcoming["start"], upcoming["end"]) == ("2026-09-20", "2026-10-19")
    assert upcoming["complete"] is True and upcoming["omitted"] == 0
    dates = [s["date"] for s in upcoming["sessions"]]
    assert dates == sorted(dates) and dates[0] >= "2026-09-20" and dates[-1] <= "2026-10-19"
    cancelled = [s for s in json.loads(files["data/schedule.json"])["sessions"] if s["date"] == "2026-09-23"]
    assert "2026-09-23" in dates and cancelled
    east = next(s for s in upcoming["sessions"] if s["units"][0] == "east")
    assert east["units"] == ["east", "city"] and east["unit"] == "东区"
    assert east["path"] == f"schedule/2026-09/#{east['id']}"


def test_upcoming_json_over_budget_keeps_what_fits_and_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    data = _data(dt.date(2026, 9, 20))
    whole = json.loads(open_data.upcoming_json(data))
    monkeypatch.setattr(open_data, "UPCOMING_BUDGET", 2500)
    cut = json.loads(open_data.upcoming_json(data))
    assert len(json.dumps(cut, ensure_ascii=False).encode()) <= 2600
    assert cut["complete"] is False and cut["end"] < whole["end"]
    assert cut["omitted"] == len(whole["sessions"]) - len(cut["sessions"])
    assert cut["sessions"] == [s for s in whole["sessions"] if s["date"] <= cut["end"]]


def test_city_scale_upcoming_json_and_widgets_stay_small(tmp_path: Path) -> None:
    generate(tmp_path / "content", scale=0.05)
    data = _data(dt.date(2026, 6, 15), tmp_path / "content")
    raw = open_data.upcoming_json(data)
    assert len(raw) < 50 * 1024
    upcoming = json.loads(raw)
    assert upcoming["sessions"] and upcoming["complete"] is (upcoming["omitted"] == 0)
    sizes = [len(text.encode()) for text in embed_pages.widget_pages(data).values()]
    assert max(sizes) < 100 * 1024


def test_readme_portal_script_is_about_thirty_lines_and_uses_no_html_from_the_data() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    block = re.search(r"<!-- portal-script:start -->\n```html\n(.*?)```", readme, re.S)
    assert block
    script = block.group(1)
    assert 25 <= len(script.splitlines()) <= 35
    assert "innerHTML" not in script and "textContent" in script and "data/upcoming.json" in script
    for header in ("frame-ancestors 'self' https://www.某县.gov.cn", "Access-Control-Allow-Origin"):
        assert readme.count(header) >= 2, header  # nginx and Apache


def test_a_townships_suspension_is_on_its_own_its_countys_and_the_offices_widgets_only(content_copy) -> None:  # type: ignore[no-untyped-def]
    content = content_copy()
    with (content / "units.yaml").open("a", encoding="utf-8") as units:
        units.write("  - id: west\n    name: 西区\n    level: county\n    parent: city\n")
    with (content / "schedule" / "east.yaml").open("a", encoding="utf-8") as schedule:
        schedule.write("suspensions:\n  - id: town-works\n    start: 2026-09-01\n    end: 2026-09-30\n"
                       "    units: [east-town]\n    reason: 接待室维修\n    alternatives: [来信, '<b>网上</b>']\n"
                       "    announced: 2026-08-25\n")
    pages = embed_pages.widget_pages(_data(WEDNESDAY, content))
    for path in ("embed/week/index.html", "embed/units/east/week/index.html",
                 "embed/units/east-town/month/index.html", "embed/topics/wages/week/index.html"):
        notes = lhtml.fromstring(pages[path]).xpath("//p[@class='xf-e-suspension']")
        assert len(notes) == 1, path
        assert notes[0].get("data-xf-end") == "2026-09-30"  # the site's today script hides it after
        assert notes[0].text_content() == ("东区青石镇自9月1日起至9月30日暂停现场接访。原因：接待室维修。"
                                           "暂停期间请通过：来信；<b>网上</b>。")
    assert not lhtml.fromstring(pages["embed/units/west/week/index.html"]).xpath("//p[@class='xf-e-suspension']")


def test_a_units_widget_takes_the_sessions_of_its_units_in_the_windows_order(tmp_path: Path) -> None:
    """``Window.by_unit``: a unit's widget gets exactly the sessions a pass over the whole
    window would pick (its units', townships' under a county's), in the window's order."""
    content = tmp_path / "content"
    generate(content, scale=0.01)
    data = _data(dt.date(2026, 6, 15), content)
    window = embed_pages.Window(list(reversed(data.upcoming)))  # any order is kept, not re-sorted by date
    checked = 0
    for widget in embed_pages.widgets(data):
        if isinstance(widget.select, embed_pages._InUnits):
            expected = [s for s in window.sessions if s.unit in widget.select.units]
            assert widget.select.of(window) == expected
            checked += bool(expected)
    assert checked > 3

"""Every link to a session — pages, JSON-LD, feed.xml, the .ics feeds — reaches the row of
that session, on the sample and at city scale where busy months split per county; and the
build's dead-link check verifies #fragments."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from benchmarks.generate import generate
from generator.pipeline import prepare
from generator.site.build import checks
from generator.site.build.tree import files_for
from generator.site.pages.schedule import month_pages
from generator.site.parts import placement
from generator.site.parts.data import SiteData
from generator.site.parts.placement import url_of
from tests.conftest import REPO
from tests.site.conftest import Built, build_sample
from tests.site.fragments import fragment_links

SAMPLE_URL = "https://xf.example.gov.cn/"
CITY_SCALE = 0.03
"""The smallest benchmark scale whose months have more than MONTH_SPLIT_AT sessions."""


def test_every_fragment_link_of_the_sample_resolves(built: Built) -> None:
    links = fragment_links(built.site, SAMPLE_URL)
    assert not links.dead, "\n".join(links.dead[:20])
    # every kind of output was looked at: the test cannot pass by finding nothing
    assert links.checked.get("ics", 0) >= 20 and links.checked.get("json-ld", 0) >= 5
    assert links.checked.get("rss", 0) >= 1 and links.checked.get("page", 0) >= 1
    assert links.checked.get("open-data", 0) == len(built.prepared.sessions)


@pytest.fixture(scope="module")
def city(tmp_path_factory: pytest.TempPathFactory) -> Built:
    folder = tmp_path_factory.mktemp("city")
    generate(folder / "content", scale=CITY_SCALE, seed=1)
    return build_sample(folder / "site", dt.date(2026, 5, 12), folder / "content")


@pytest.mark.slow
def test_every_fragment_link_resolves_at_city_scale(city: Built) -> None:
    sessions = city.prepared.sessions
    months = {(s.date.year, s.date.month) for s in sessions}
    assert max(sum(1 for s in sessions if (s.date.year, s.date.month) == m) for m in months) \
        > placement.MONTH_SPLIT_AT, "the content must be big enough to split months per county"
    links = fragment_links(city.site, SAMPLE_URL)
    assert not links.dead, f"{len(links.dead)} dead:\n" + "\n".join(links.dead[:20])
    assert links.checked.get("ics", 0) > 1000 and links.checked.get("json-ld", 0) > 50
    assert links.checked.get("open-data", 0) == len(sessions)
    # the links do reach the per-county pages (schedule/2026-05/county-1/), not only month pages
    county_pages = {t for t in links.targets if t.startswith("schedule/") and t.count("/") == 2}
    assert len(county_pages) >= 10, sorted(links.targets)[:20]


def _site_data(content: Path, today: dt.date) -> SiteData:
    return SiteData(prepare(content), today, SAMPLE_URL)


def test_a_session_is_linked_to_the_page_that_holds_its_row(monkeypatch: pytest.MonkeyPatch) -> None:
    """The sample with tiny split thresholds: months split per county and counties into
    several pages, and every session's URL names the generated page with its row."""
    monkeypatch.setattr(placement, "MONTH_SPLIT_AT", 4)
    monkeypatch.setattr(placement, "PAGE_ROWS", 2)
    data = _site_data(REPO / "content", dt.date(2026, 11, 24))
    pages = month_pages(data)
    by_url = {url_of(path): text for path, text in pages.items()}
    assert any(path.endswith("-2.md") for path in pages), "no county spread over two pages"
    county_rows = 0
    for session in data.sessions:
        url = data.session_url(session)
        assert url is not None and url.startswith(SAMPLE_URL)
        page, fragment = url.removeprefix(SAMPLE_URL).split("#")
        assert fragment == session.id
        # its own row, or (an afternoon merged into its morning's row) an anchor in that row
        assert f' id="{session.id}"' in by_url[page], f"{session.id} is not on {page}"
        county_rows += page.count("/") == 3
    assert county_rows > 0
    # the calendar feed and the RSS use the same URL
    files = files_for(data)
    for session in data.sessions[:50]:
        if data.today - dt.timedelta(days=60) <= session.date <= data.today + dt.timedelta(days=92):
            url = data.session_url(session)
            assert f"URL:{url}".encode() in files["calendar/all.ics"].replace(b"\r\n ", b"")


def _write(folder: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_dead_link_check_verifies_fragments(tmp_path: Path) -> None:
    site = _write(tmp_path, {
        "index.html": '<a href="schedule/2026-05/#s1">ok</a><a href="schedule/2026-05/#s2">gone</a>'
                      '<a href="#top">ok</a><a href="#nowhere">gone</a><p id="top"></p>'
                      '<a href="leaders/x/#old">named anchor</a>',
        "schedule/2026-05/index.html": '<table><tr id="s1"></tr></table>',
        "leaders/x/index.html": '<a name="old"></a>',
    })
    found = [str(f) for f in checks.find_dead_links(site)]
    assert len(found) == 2, found
    assert any("#s2" in f for f in found) and any("#nowhere" in f for f in found)


def test_dead_link_check_reads_json_ld_rss_and_folded_ics_urls(tmp_path: Path) -> None:
    base = "https://www.xian.gov.cn/xf/"
    long_id = "s-" + "x" * 80  # long enough that the .ics line is folded
    site = _write(tmp_path, {
        "index.html": '<script type="application/ld+json">'
                      f'[{{"url":"{base}schedule/2026-05/#gone-ld"}},{{"url":"{base}schedule/2026-05/#s1"}}]'
                      "</script>",
        "schedule/2026-05/index.html": f'<table><tr id="s1"></tr><tr id="{long_id}"></tr></table>',
        "feed.xml": f'<?xml version="1.0"?><rss><channel><link>{base}notices/</link>'
                    f"<item><link>{base}schedule/2026-05/#gone-rss</link></item></channel></rss>",
        "notices/index.html": "",
        "data/schedule.json": json.dumps({"sessions": [{"url": f"{base}schedule/2026-05/#gone-json"}]}),
        "calendar/all.ics": "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\n"
                            f"URL:{base}schedule/2026-05/#{long_id[:40]}\r\n {long_id[40:]}\r\n"
                            f"URL:{base}schedule/2026-06/#s9\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
    })
    found = sorted(str(f) for f in checks.find_dead_links(site, base))
    assert len(found) == 4, found
    assert "2026-06" in found[0] and "gone-json" in found[1] and "gone-rss" in found[2] and "gone-ld" in found[3]


def test_a_link_with_a_broken_host_is_reported_not_a_crash(tmp_path: Path) -> None:
    # a typo in a policy's Markdown link, or a hostile one: urlsplit refuses "[" without its "]"
    site = _write(tmp_path, {
        "index.html": '<a href="http://[x/">坏链接</a><a href="notices/">ok</a>',
        "notices/index.html": "",
        "data/schedule.json": json.dumps({"sessions": [{"url": "//[::1/schedule/"}]}),
    })
    found = sorted(str(f) for f in checks.find_dead_links(site, "https://www.xian.gov.cn/"))
    assert found == ["data/schedule.json: 链接 //[::1/schedule/ 不是有效的网址（主机名写错了）；请改正",
                     "index.html: 链接 http://[x/ 不是有效的网址（主机名写错了）；请改正"]


def test_dead_link_check_under_a_sub_path(tmp_path: Path) -> None:
    site = _write(tmp_path, {
        "404.html": '<link href="/xf/assets/a.css" rel="stylesheet"><a href="/xf/">首页</a>'
                    '<a href="/xf/leaders/#t">x</a><a href="/other/">outside</a>',
        "assets/a.css": "",
        "index.html": "",
        "leaders/index.html": '<h1 id="t"></h1>',
    })
    assert [str(f) for f in checks.find_dead_links(site, "https://www.xian.gov.cn/xf/")] == [
        "404.html: 链接指向网站地址 /xf/ 之外的 /other/"]
    # the same links read without the sub-path are all dead: /xf/ is not a folder of the site
    assert len(checks.find_dead_links(site, "https://www.xian.gov.cn/")) == 4

"""Each page generator and output on its own, without MkDocs: the minimal fixture's
records in, parsed HTML / XML / JSON / iCalendar out.  (The full build is tested in
test_pages.py; these fail closer to the cause.)"""

from __future__ import annotations

import datetime as dt
import json
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import icalendar
import jsonschema
import pytest

from generator.pipeline import prepare
from generator.site.build.tree import files_for, pages_for
from generator.site.files.feeds import feed_xml
from generator.site.files.open_data import schedule_files, schedule_schema, suspension_records
from generator.site.pages import directory, documents, home
from generator.site.pages.cases import case_pages
from generator.site.pages.statistics import INDEX, statistics_part
from generator.site.parts.data import SiteData
from tests.conftest import FIXTURES

TODAY = dt.date(2026, 11, 24)
BASE = "https://xf.example.gov.cn/"


class Page(HTMLParser):
    """The text, the links and the front matter title of a generated Markdown page."""

    def __init__(self, markdown: str) -> None:
        super().__init__()
        self.text = ""
        self.links: dict[str, str] = {}
        self._href: str | None = None
        head, _, body = markdown.partition("\n---\n")
        self.title = next((line.split(":", 1)[1].strip().strip('"') for line in head.splitlines()
                           if line.startswith("title:")), "")
        self.feed(body)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self._href = dict(attrs).get("href") or ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "a":
            self._href = None

    def handle_data(self, data: str) -> None:
        self.text += data
        if self._href is not None:
            self.links[data.strip()] = self._href


@pytest.fixture(scope="module")
def data() -> SiteData:
    return SiteData(prepare(FIXTURES / "minimal"), TODAY, BASE)


def test_leader_page_names_the_leader_the_topics_and_the_next_session(data: SiteData) -> None:
    page = Page(directory.leader_page(data, data.content.leaders["li-a"]))
    assert page.title == "李甲（市长）"
    assert page.links["社会保险"] == "../../topics/social-insurance/"
    # the fixture's monthly rule: the first Friday of December 2026 is the 4th
    assert "12月4日（周五）09:00" in page.links
    assert page.links["12月4日（周五）09:00"].startswith("../../schedule/2026-12/#")


def test_topic_page_lists_exactly_the_leaders_in_charge(data: SiteData) -> None:
    page = Page(directory.topic_pages(data, data.content.topics["wages"])["topics/wages.md"])
    leaders = {name for name, href in page.links.items() if href.startswith("../../leaders/")}
    assert leaders == {"王乙", "赵丙", "钱丁"}  # leaders.yaml: topics [wages] or [.., wages]
    assert "常见说法：欠薪、讨薪" in page.text and "测试市人力资源和社会保障局" in page.text


def test_leader_index_links_every_current_leader(data: SiteData) -> None:
    (index,) = directory.leader_pages(data).values()
    links = Page(index).links
    assert {"李甲", "王乙", "赵丙", "钱丁"} <= set(links)


def test_policy_and_notice_pages(data: SiteData) -> None:
    policy = Page(documents.policy_page(data, data.content.policies["procedure"]))
    assert policy.title == "信访事项怎么办理" and "收到之日起 15 日内告知是否受理" in policy.text
    notice = Page(documents.notice_page(data, data.content.notices["holiday"]))
    assert notice.title == "国庆期间接访安排" and "国庆节放假期间暂停现场接访" in notice.text
    assert "国庆期间接访安排" in Page(documents.notice_index(data)).links


def test_process_page_states_the_time_limits(data: SiteData) -> None:
    text = Page(documents.process_page(data)).text
    for limit in ("15日", "60日", "30日"):  # 条例第二十二、三十四、三十五条
        assert limit in text, limit


def test_home_page_offers_the_topic_finder_and_the_office_phone(data: SiteData) -> None:
    keys = {t.id: directory.finder_keys(t) for t in data.content.topics.values()}
    page = Page(home.home(data, keys))
    assert page.links.get("社会保险") == "topics/social-insurance/"
    assert "0000-1234567" in page.text  # office.yaml's appointment phone


def test_case_pages_publish_no_unpublished_case(data: SiteData) -> None:
    pages = case_pages(data)
    assert list(pages) == ["cases/index.md"]  # the fixture's one case is not marked for publication
    assert "张三丰" not in "".join(pages.values())


def test_statistics_pages_state_their_date_and_ratios(data: SiteData) -> None:
    part = statistics_part(data)
    index = part[INDEX]
    assert isinstance(index, str)
    text = Page(index).text
    assert "2026年11月24日" in text and "受理率" in text
    assert all(path.startswith(("statistics/", "data/statistics/")) for path in part)


def test_feed_is_well_formed_rss_with_absolute_links(data: SiteData) -> None:
    channel = ET.fromstring(feed_xml(data)).find("channel")
    assert channel is not None
    items = channel.findall("item")
    assert any(item.findtext("title") == "国庆期间接访安排" for item in items)
    assert all((item.findtext("link") or "").startswith(BASE) for item in items)


def test_open_data_validates_against_its_own_schema(data: SiteData) -> None:
    schedule, table = schedule_files(data, suspension_records(data))
    document = json.loads(schedule)
    jsonschema.validate(document, json.loads(schedule_schema()))
    csv_lines = table.decode("utf-8-sig").splitlines()
    assert len(csv_lines) == len(data.sessions) + 1  # a header and one row per session


def test_calendar_feeds_parse_and_hold_the_leaders_sessions(data: SiteData) -> None:
    files = files_for(data)
    calendar = icalendar.Calendar.from_ical(files["calendar/leaders/li-a.ics"])
    shown = {str(event["URL"]).rsplit("#", 1)[1] for event in calendar.walk("VEVENT")}
    mine = {s.id for s in data.sessions if "li-a" in s.leaders}
    upcoming = {s.id for s in data.sessions if "li-a" in s.leaders and s.date >= TODAY}
    assert upcoming and upcoming <= shown <= mine  # every coming session, and only 李甲's


def test_pages_for_covers_every_record(data: SiteData) -> None:
    pages = pages_for(data)
    content = data.content
    expected = {f"leaders/{x}.md" for x in content.leaders} | {f"topics/{t}.md" for t in content.topics} \
        | {f"policies/{p}.md" for p in content.policies} | {f"notices/{n}.md" for n in content.notices}
    assert expected <= set(pages)

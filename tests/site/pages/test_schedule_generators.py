"""The schedule page generators called directly (no MkDocs build): pages.home, pages.schedule
and widgets each return Markdown/HTML text that is parsed here."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest

from generator.pipeline import prepare
from generator.site.pages import home, schedule
from generator.site.parts import widgets
from generator.site.parts.data import SiteData
from generator.site.parts.today import PageFacts
from tests.conftest import FIXTURES


@pytest.fixture(scope="module")
def data() -> SiteData:
    return SiteData(prepare(FIXTURES / "real_notices"), dt.date(2026, 7, 6), "https://xf.shixian.example/")


def _text(markup: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", markup))


def test_month_pages_carry_the_year_and_mark_the_past(data: SiteData) -> None:
    pages = schedule.month_pages(data)
    assert sorted(pages) == [f"schedule/2026-{m}/index.md" for m in ("02", "03", "06", "07")]
    february = _text(pages["schedule/2026-02/index.md"])
    assert "2026年3月 →" in february and "这是往期接访安排" in february
    july = pages["schedule/2026-07/index.md"]
    assert "← 2026年6月" in _text(july)
    # the running month's note is hidden until a reader's day is past July 31 (the script shows it)
    note = re.search(r'<p class="xf-past-note"[^>]*>', july)
    assert note and 'data-xf-after="2026-07-31"' in note.group() and " hidden" in note.group()
    assert 'data-xf-after="2026-02-28"' in pages["schedule/2026-02/index.md"]
    assert not re.search(r'data-xf-after="2026-02-28"[^>]* hidden', pages["schedule/2026-02/index.md"])


def test_reception_info_leaves_out_what_the_office_did_not_publish(data: SiteData) -> None:
    info = _text(home.reception_info(data)).strip()
    assert info == "接待地址示例县人民路8号咨询电话0000-7654321"
    # on a date before the phone changed, the old number
    earlier = SiteData(data.prepared, dt.date(2026, 6, 1), None)
    assert "0000-1234567" in _text(home.reception_info(earlier))


def test_today_block_for_a_phone_session_gives_no_place(data: SiteData) -> None:
    facts = PageFacts(data, "index.md")
    block = _text(home.today_block(data, "index.md", facts, data.upcoming))
    assert ("下一次：7月7日（周二）上午，县人社局、县住建局、县市场监管局负责同志电话接访，不接待来访人员；"
            "请在接访时段拨打 县人社局 0000-1111" in block)
    assert "地点" not in block and "0000-3333" in block


def test_filters_offer_no_topic_choice_without_topics(data: SiteData) -> None:
    form = widgets.filters(data, data.sessions)
    assert 'name="unit"' in form and 'name="topic"' not in form
    assert widgets.filters(data, []) == ""


def test_home_without_topics_has_no_finder(data: SiteData) -> None:
    page = home.home(data, {})
    assert "我要反映的问题" not in page and "近期接访安排" in page


def test_the_home_page_carries_whole_days_within_its_rows(data: SiteData) -> None:
    sessions = sorted(data.sessions, key=lambda s: s.date)
    first = sessions[0].date
    keep = first + dt.timedelta(days=1)
    horizon = sessions[-1].date
    # all fit: everything, to the horizon
    assert widgets.whole_days(sessions, len(sessions), keep=keep, horizon=horizon) == (sessions, horizon)
    # three rows allowed: whole days only, and every day up to `keep` whatever the count
    kept, last = widgets.whole_days(sessions, 3, keep=keep, horizon=horizon)
    assert all(s.date <= last for s in kept) and not any(s.date == last + dt.timedelta(days=1) for s in kept)
    assert [s for s in sessions if s.date <= last] == kept
    assert all(s in kept for s in sessions if s.date <= keep)

"""The notices feed (RSS 2.0) at /feed.xml: notices and schedule changes, newest first.

Feed readers show ``title`` and ``description`` as HTML, so the text from content goes
in HTML-escaped (and then XML-escaped by ElementTree), and a notice's summary is the
words of its sanitised body, never its raw Markdown."""

from __future__ import annotations

import datetime as dt
from email.utils import format_datetime
from xml.etree import ElementTree as ET

from ...schedule.sessions import ScheduledSession
from ...schedule.wording import team_text
from ..parts.data import SiteData
from ..parts.html import day_label, esc
from ..parts.markdown_body import plain_text

FEED_ITEMS = 50


def _absolute(data: SiteData, path: str) -> str:
    return (data.base_url or "/").rstrip("/") + "/" + path.lstrip("/")


def changed_sessions(data: SiteData) -> list[ScheduledSession]:
    since = data.today - dt.timedelta(days=60)
    return [s for s in data.sessions if s.changes and s.date >= since]


def feed_xml(data: SiteData) -> bytes:
    content = data.content
    items: list[tuple[dt.date, str, str, str, str]] = []
    for notice in content.notices.values():
        if notice.date <= data.today:
            summary = plain_text(notice.body, data.markdown)[:200]
            items.append((notice.date, notice.title, f"notices/{notice.id}/", summary, f"notice-{notice.id}"))
    for session in changed_sessions(data):
        for index, note in enumerate(session.changes):
            if note.announced > data.today:
                continue
            title = (f"接访安排变动：{day_label(session.original_date or session.date)}"
                     f"{team_text(session, content)}接访{session.status.label}")
            text = f"{note.description}。原因：{note.reason}"
            link = data.placement.path(session)
            items.append((note.announced, title, link, text, f"change-{session.id}-{index}"))
    items.sort(key=lambda item: (item[0], item[4]), reverse=True)
    rss = ET.Element("rss", version="2.0")
    channel = ET.SubElement(rss, "channel")
    ET.SubElement(channel, "title").text = esc(f"{content.office.name} 通知公告")
    ET.SubElement(channel, "link").text = _absolute(data, "notices/")
    ET.SubElement(channel, "description").text = "通知公告和接访安排变动"
    ET.SubElement(channel, "language").text = "zh-cn"
    for date, title, link, text, guid in items[:FEED_ITEMS]:
        item = ET.SubElement(channel, "item")
        ET.SubElement(item, "title").text = esc(title)
        ET.SubElement(item, "link").text = _absolute(data, link)
        ET.SubElement(item, "description").text = esc(text)
        ET.SubElement(item, "guid", isPermaLink="false").text = f"{content.office.id}-{guid}"
        stamp = dt.datetime.combine(date, dt.time(9), dt.timezone(dt.timedelta(hours=8)))
        ET.SubElement(item, "pubDate").text = format_datetime(stamp)
    document: bytes = ET.tostring(rss, encoding="utf-8", xml_declaration=True)
    return document

"""The built sample site, parsed: every record has its page, every session is listed."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

from generator.schedule.sessions import SessionStatus
from tests.site.conftest import Built


class Rows(HTMLParser):
    """Collects the session rows (id -> classes and text) of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: dict[str, dict[str, str]] = {}
        self._current: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "tr" and "xf-session" in (attributes.get("class") or ""):
            self._current = attributes["id"] or ""
            self.rows[self._current] = {"class": attributes.get("class") or "", "text": ""}
        elif self._current and attributes.get("id"):
            # the afternoon of a session shares the morning's row, anchored inside it
            self.rows[attributes["id"] or ""] = self.rows[self._current]

    def handle_endtag(self, tag: str) -> None:
        if tag == "tr":
            self._current = None

    def handle_data(self, data: str) -> None:
        if self._current:
            self.rows[self._current]["text"] += data


def rows_of(page: str) -> dict[str, dict[str, str]]:
    parser = Rows()
    parser.feed(page)
    return parser.rows


def test_every_record_has_its_page(built: Built) -> None:
    content = built.prepared.content
    for leader in content.leaders.values():
        page = built.page(f"/leaders/{leader.id}/")
        assert html.escape(leader.name) in page and html.escape(leader.title) in page
    for topic in content.topics.values():
        assert html.escape(topic.name) in built.page(f"/topics/{topic.id}/")
    for notice in content.notices.values():
        if notice.date <= built.today:
            assert html.escape(notice.title) in built.page(f"/notices/{notice.id}/")
    for policy in content.policies.values():
        assert html.escape(policy.title) in built.page(f"/policies/{policy.id}/")
    for url in ("/", "/schedule/", "/leaders/", "/topics/", "/process/", "/notices/", "/cases/", "/statistics/"):
        assert "<html" in built.page(url)


def test_every_session_is_on_its_month_page_with_its_status(built: Built) -> None:
    months: dict[str, dict[str, dict[str, str]]] = {}
    for session in built.prepared.sessions:
        key = f"{session.date:%Y-%m}"
        if key not in months:
            months[key] = rows_of(built.page(f"/schedule/{key}/"))
        row = months[key].get(session.id)
        assert row is not None, f"{session.id} missing from /schedule/{key}/"
        assert f"is-{session.status.value}" in row["class"]
        if session.status is SessionStatus.CANCELLED:
            assert "已取消" in row["text"] and session.changes[0].reason in row["text"]


def test_every_upcoming_session_is_on_its_leaders_page(built: Built) -> None:
    pages: dict[str, dict[str, dict[str, str]]] = {}
    listed = 20  # the leader page lists the next 20; later ones are on the month pages
    per_leader: dict[str, list[str]] = {}
    for session in built.prepared.sessions:
        if session.date >= built.today:
            for leader in session.leaders:
                per_leader.setdefault(leader, []).append(session.id)
    for leader, ids in per_leader.items():
        pages.setdefault(leader, rows_of(built.page(f"/leaders/{leader}/")))
        for session_id in ids[:listed]:
            assert session_id in pages[leader], f"{session_id} missing from /leaders/{leader}/"


def test_home_page_today_follows_the_build_date(built: Built, tmp_path) -> None:  # type: ignore[no-untyped-def]
    import datetime as dt

    from tests.site.conftest import build_sample

    home = built.page("/")
    assert f"今天是{built.today.year}年{built.today.month}月{built.today.day}日" in home
    other = build_sample(tmp_path / "site", dt.date(2026, 12, 2))
    assert "今天是2026年12月2日（周三）" in other.page("/")
    today_rows = [r for r in rows_of(other.page("/")).values() if "is-today" in r["class"]]
    expected = [s for s in other.prepared.sessions if s.date == dt.date(2026, 12, 2)]
    assert len(today_rows) >= len(expected) > 0


def test_yaml_text_is_escaped(built: Built, content_copy, tmp_path) -> None:  # type: ignore[no-untyped-def]
    import datetime as dt

    from tests.conftest import edit
    from tests.site.conftest import build_sample

    root = content_copy("sample")
    leaders = root / "leaders.yaml"
    first_title = re.search(r"title: (.+)", leaders.read_text(encoding="utf-8")).group(1)  # type: ignore[union-attr]
    edit(leaders, f"title: {first_title}", "title: '<script>alert(1)</script>副市长 **粗体**'")
    build_sample(tmp_path / "site", dt.date(2026, 11, 24), root)
    leaders_page = (tmp_path / "site/leaders/index.html").read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in leaders_page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;副市长 **粗体**" in leaders_page


def test_a_topic_page_says_the_general_booking_once(built: Built) -> None:
    # the topic's own sessions, then the general sessions that also take its questions: one
    # booking line above the first table, not again above the second
    page = built.page("/topics/wage-arrears/")
    booking = built.prepared.content.office.booking
    assert booking and page.count("通用预约方式：") == 1
    assert page.index("通用预约方式：") < page.index("以下综合接访也受理各类问题")

"""The county portal's view: a page on another origin (another port of 127.0.0.1) frames a
widget and reads data/upcoming.json with the README's script, while the site's server sends
the headers the README documents for nginx and Apache."""

from __future__ import annotations

import datetime as dt
import functools
import http.server
import re
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browser.conftest import Server
from tests.conftest import REPO

pytestmark = pytest.mark.browser


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


class _SiteWithHeaders(_Quiet):
    """The README's nginx configuration, for a portal at ``portal``."""

    portal = ""

    def end_headers(self) -> None:
        path = self.path.split("?")[0]
        if path.startswith("/embed/"):
            self.send_header("Content-Security-Policy", f"frame-ancestors 'self' {self.portal}")
        else:
            self.send_header("Content-Security-Policy", "frame-ancestors 'self'")
            self.send_header("X-Frame-Options", "SAMEORIGIN")
        if re.match(r"^/data/.*\.json$", path):
            self.send_header("Access-Control-Allow-Origin", self.portal)
            self.send_header("Vary", "Origin")
        super().end_headers()


def _serve(handler: functools.partial[http.server.SimpleHTTPRequestHandler]) -> tuple[str, http.server.HTTPServer]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{httpd.server_address[1]}", httpd


def _readme_script(site: str) -> str:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    block = re.search(r"<!-- portal-script:start -->\n```html\n(.*?)```", readme, re.S)
    assert block
    return block.group(1).replace('"https://xf.example.gov.cn/"', f'"{site}/"')


@pytest.fixture
def portal(server: Server, tmp_path: Path) -> Iterator[tuple[str, str]]:
    """(site URL, portal URL): the built sample behind the documented headers, and a portal."""
    portal_dir = tmp_path / "portal"
    portal_dir.mkdir()
    portal_handler = functools.partial(_Quiet, directory=str(portal_dir))
    portal_url, portal_httpd = _serve(portal_handler)
    site_handler = type("Site", (_SiteWithHeaders,), {"portal": portal_url})
    site_url, site_httpd = _serve(functools.partial(site_handler, directory=str(server.built.site)))
    (portal_dir / "index.html").write_text(
        '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>某县人民政府</title></head><body>'
        f'<h1>某县人民政府门户网站</h1><iframe id="widget" src="{site_url}/embed/week/" title="接访安排" '
        'width="100%" height="480"></iframe>'
        f'<iframe id="whole" src="{site_url}/" title="整个网站" width="100%" height="200"></iframe>'
        + _readme_script(site_url) + "</body></html>", encoding="utf-8")
    yield site_url, portal_url
    portal_httpd.shutdown()
    site_httpd.shutdown()


def test_portal_frames_a_widget_reads_upcoming_json_and_a_session_opens_in_the_top_window(
        browser: object, server: Server, portal: tuple[str, str]) -> None:
    site_url, portal_url = portal
    context = browser.new_context(viewport={"width": 800, "height": 900})  # type: ignore[attr-defined]
    page = context.new_page()
    page.clock.set_fixed_time(dt.datetime(2026, 11, 24, 10, 0))  # the build day of the served sample
    try:
        page.goto(portal_url + "/")
        # the README's script read the data across origins and listed the sessions as text
        items = page.locator("#xf-upcoming li")
        items.first.wait_for(timeout=15_000)
        upcoming = [s for s in server.built.prepared.sessions
                    if dt.date(2026, 11, 24) <= s.date <= dt.date(2026, 12, 23)]
        assert items.count() > 0 and items.count() <= len(upcoming)
        first = items.first.inner_text()
        assert first.startswith(upcoming[0].date.isoformat())
        assert items.first.locator("a").get_attribute("href").startswith(site_url + "/schedule/")
        # the widget is framed: its rows are this week's (Monday 11-23 to Sunday 11-29) from today on
        widget = page.frame_locator("#widget")
        rows = widget.locator("ol.xf-e-list > li:not([hidden])")
        rows.first.wait_for(timeout=15_000)
        dates = [rows.nth(i).get_attribute("data-date") for i in range(rows.count())]
        assert dates and all("2026-11-24" <= d <= "2026-11-29" for d in dates)
        assert widget.locator(".xf-e-span").inner_text() == "11月23日—11月29日"
        # every other page refuses to be framed by the portal (goto waited for every frame's load)
        assert page.frame_locator("#whole").locator(".md-header").count() == 0
        assert not [f for f in page.frames if f.url == site_url + "/" and f.locator(".md-header").count()]
        # a session opens on the site itself, in the top window
        link = rows.first.locator("a")
        target = link.get_attribute("href")
        with page.expect_navigation():
            link.click()
        assert page.url.startswith(site_url + "/schedule/") and page.url.endswith(target.split("#", 1)[1])
        assert page.locator(f"[id='{target.split('#', 1)[1]}']").count() == 1
    finally:
        context.close()


def test_widget_read_later_shows_that_days_week_and_then_says_the_schedule_ran_out(
        browser: object, server: Server) -> None:
    context = browser.new_context(viewport={"width": 320, "height": 700})  # type: ignore[attr-defined]
    page = context.new_page()
    try:
        page.clock.set_fixed_time(dt.datetime(2026, 12, 2, 10, 0))  # a Wednesday, eight days after the build
        page.goto(server.url + "/embed/week/")
        rows = page.locator("ol.xf-e-list > li:not([hidden])")
        dates = [rows.nth(i).get_attribute("data-date") for i in range(rows.count())]
        assert dates and all("2026-12-02" <= d <= "2026-12-06" for d in dates)
        assert page.locator(".xf-e-span").inner_text() == "11月30日—12月6日"
        assert page.evaluate("document.documentElement.scrollWidth") <= 320  # nothing wider than the frame
        until = page.locator("body").get_attribute("data-until")
        later = dt.date.fromisoformat(until) + dt.timedelta(days=10)
        page.clock.set_fixed_time(dt.datetime(later.year, later.month, later.day, 10, 0))
        page.reload()
        assert page.locator(".xf-e-beyond").is_visible()
        assert page.locator("ol.xf-e-list > li:not([hidden])").count() == 0
    finally:
        context.close()

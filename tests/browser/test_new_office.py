"""A real office's site in the browser: one served under a sub-path of its portal
(https://www.某县.gov.cn/xf/), and a new office's straight from ``xinfang init``."""

from __future__ import annotations

import datetime as dt
import functools
import http.server
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from generator.init import init_project
from generator.model.units import UnitLevel
from generator.pipeline import prepare
from generator.site.build.stage import build_site
from tests.browser.conftest import ARTIFACTS, VIEWPORTS, dated_context
from tests.site.build.test_identity import NAME, URL, renamed_sample
from tests.site.conftest import build_sample

pytestmark = pytest.mark.browser

TODAY = dt.date(2026, 11, 25)  # a Wednesday: the init'd office receives today
NEW_OFFICE = "白沙县信访局"  # fictional


class _PortalHandler(http.server.SimpleHTTPRequestHandler):
    """A portal's web server: the folder above the site, and the site's 404.html for any
    missing page (nginx's ``error_page 404 /xf/404.html``)."""

    not_found_page: Path | None = None

    def log_message(self, format: str, *args: object) -> None:
        pass

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        if code != 404 or self.not_found_page is None:
            super().send_error(code, message, explain)
            return
        body = self.not_found_page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


@contextmanager
def _serve(folder: Path, not_found: Path | None = None) -> Iterator[str]:
    handler = type("Handler", (_PortalHandler,), {"not_found_page": not_found})
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(folder)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()


@pytest.fixture(scope="module")
def portal(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The renamed sample with site_url https://www.qingshi.test/xf/, served at /xf/."""
    folder = tmp_path_factory.mktemp("portal")
    build_sample(folder / "www" / "xf", TODAY, renamed_sample(folder))
    with _serve(folder / "www", folder / "www" / "xf" / "404.html") as url:
        yield url


@pytest.fixture(scope="module")
def new_office(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    project = tmp_path_factory.mktemp("new") / "baisha"
    init_project(project, NEW_OFFICE, UnitLevel.COUNTY, TODAY)
    build_site(prepare(project / "content"), today=TODAY, site_dir=project / "site",
               root_config=project / "mkdocs.yml")
    with _serve(project / "site") as url:
        yield url


@pytest.fixture(params=list(VIEWPORTS))
def viewport(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@contextmanager
def _page(browser: object, viewport: str, origin: str) -> Iterator[tuple[object, list[tuple[str, int]]]]:
    """A page recording every response; nothing may come from anywhere but ``origin``."""
    context = dated_context(browser, TODAY, viewport=VIEWPORTS[viewport])
    page = context.new_page()
    responses: list[tuple[str, int]] = []
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.on("response", lambda r: responses.append((r.url, r.status)))
    try:
        yield page, responses
    finally:
        context.close()
    outside = [u for u in requests if not u.startswith((origin, "data:", "blob:", "about:"))]
    assert not outside, outside[:5]


def _shot(page: object, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)  # type: ignore[attr-defined]


def test_a_site_under_a_sub_path_works(browser: object, portal: str, viewport: str) -> None:
    with _page(browser, viewport, portal) as (page, responses):
        page.goto(f"{portal}/xf/")  # type: ignore[attr-defined]
        assert NAME in page.locator(".md-header__topic").first.inner_text()  # type: ignore[attr-defined]
        assert page.title().endswith(NAME)  # type: ignore[attr-defined]
        page.get_by_role("link", name="全部接访安排", exact=True).first.click()  # type: ignore[attr-defined]
        page.wait_for_load_state()  # type: ignore[attr-defined]
        assert page.url == f"{portal}/xf/schedule/"  # type: ignore[attr-defined]
        assert page.locator("tr.xf-session").count() > 0  # type: ignore[attr-defined]
        # the QR code under the printed week encodes the sub-path address
        page.goto(f"{portal}/xf/schedule/week/")  # type: ignore[attr-defined]
        assert page.locator(".xf-url").inner_text() == URL + "schedule/week/"  # type: ignore[attr-defined]
        broken = [(u, s) for u, s in responses if s >= 400]
        assert not broken, broken
        # a mistyped address gets the site's own 404 page, styled, with a way home
        page.goto(f"{portal}/xf/no/such/page/")  # type: ignore[attr-defined]
        assert "404" in page.locator("article").inner_text()  # type: ignore[attr-defined]
        broken = [(u, s) for u, s in responses if s >= 400 and "/no/such/page/" not in u]
        assert not broken, broken  # its stylesheets, scripts and icon are found under /xf/
        assert page.locator("link[rel=stylesheet]").count() > 0  # type: ignore[attr-defined]
        header_color = page.evaluate(  # type: ignore[attr-defined]
            "getComputedStyle(document.querySelector('.md-header')).backgroundColor")
        assert header_color not in ("rgba(0, 0, 0, 0)", "transparent"), "404 page unstyled"
        _shot(page, f"subpath-404-{viewport}")
        logo = page.locator("a.md-logo").first  # type: ignore[attr-defined]
        if logo.is_visible():
            logo.click()
        else:  # a phone: the site's menu, then 首页
            page.locator("label.md-header__button[for=__drawer]").click()  # type: ignore[attr-defined]
            page.locator(".md-nav--primary a.md-nav__link", has_text="首页").first.click()  # type: ignore[attr-defined]
        page.wait_for_load_state()  # type: ignore[attr-defined]
        assert page.url == f"{portal}/xf/"  # type: ignore[attr-defined]
        _shot(page, f"subpath-home-{viewport}")


def test_a_new_office_from_init_shows_its_name_and_its_session(
        browser: object, new_office: str, viewport: str) -> None:
    with _page(browser, viewport, new_office) as (page, responses):
        page.goto(new_office + "/")  # type: ignore[attr-defined]
        assert page.locator("h1").first.inner_text() == NEW_OFFICE  # type: ignore[attr-defined]
        assert NAME not in page.content() and "示例" not in page.content()  # type: ignore[attr-defined]
        today = page.locator(".xf-today-box")  # type: ignore[attr-defined]
        text = today.inner_text()
        assert "今天有领导接访" in text and "09:00—12:00" in text and "白沙县人民来访接待中心" in text
        assert today.locator("tr.xf-session").first.is_visible()
        assert f"{NEW_OFFICE} 版权所有" in page.locator("footer").inner_text()  # type: ignore[attr-defined]
        _shot(page, f"init-home-{viewport}")
        page.goto(f"{new_office}/schedule/{TODAY:%Y-%m}/")  # type: ignore[attr-defined]
        rows = page.locator("tr.xf-session")  # type: ignore[attr-defined]
        assert rows.count() == 4  # the Wednesdays of November 2026: 4, 11, 18, 25
        assert not [(u, s) for u, s in responses if s >= 400]
        _shot(page, f"init-month-{viewport}")

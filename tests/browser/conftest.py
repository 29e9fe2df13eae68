"""Real-browser fixtures: the sample site built once, served on 127.0.0.1, and Debian's
chromium driven by Playwright (its own browser download cannot work on these machines).

A missing chromium is a failure, not a skip: scripts/test.sh installs it."""

from __future__ import annotations

import datetime as dt
import functools
import http.server
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import pytest

from tests.conftest import REPO
from tests.site.conftest import TODAY, Built, build_sample

ARTIFACTS = REPO / "test-artifacts"
VIEWPORTS = {"phone": {"width": 375, "height": 812}, "desktop": {"width": 1280, "height": 800}}
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def chromium_path() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        pytest.fail("chromium is not installed: run `bash scripts/test.sh` (it installs Debian's chromium)")
    return path


def dated_context(browser: object, day: dt.date, **options: object) -> object:
    """A browser context whose clock reads ``day`` at 10:00: the pages work out 今天, 下一次 and
    past marks from the browser's clock, so a journey over a site built for ``day`` is read on
    that day (tests/browser/test_today.py reads the same pages on later days)."""
    context = browser.new_context(**options)  # type: ignore[attr-defined]
    context.clock.install(time=dt.datetime.combine(day, dt.time(10, 0)))
    return context


@dataclass
class Server:
    url: str
    built: Built


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def serving(built: Built) -> Iterator[Server]:
    """``built``'s site served on 127.0.0.1 (a free port) while the block runs."""
    handler = functools.partial(_Quiet, directory=str(built.site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield Server(f"http://127.0.0.1:{httpd.server_address[1]}", built)
    finally:
        httpd.shutdown()


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with serving(build_sample(tmp_path_factory.mktemp("browser") / "site", TODAY)) as served:
        yield served


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@dataclass
class Visit:
    """A browser page that records every request, for the 'nothing leaves 127.0.0.1' check."""

    page: object
    requests: list[str]
    name: str

    def screenshot(self, step: str) -> None:
        ARTIFACTS.mkdir(exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / f"{self.name}-{step}.png"), full_page=True)  # type: ignore[attr-defined]


@pytest.fixture(params=list(VIEWPORTS))
def visit(request: pytest.FixtureRequest, browser: object, server: Server) -> Iterator[Visit]:
    context = dated_context(browser, server.built.today, viewport=VIEWPORTS[request.param], accept_downloads=True)
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    name = f"{request.node.originalname}-{request.param}"
    yield Visit(page, requests, name)
    outside = [u for u in requests if not u.startswith((server.url, "data:", "blob:", "about:"))]
    context.close()
    assert not outside, f"requests left 127.0.0.1: {outside[:5]}"

"""Real-browser fixtures: the sample site built once per engine, served on 127.0.0.1, and
Debian's chromium driven by Playwright (its own browser download cannot work on these machines).

A missing chromium is a failure, not a skip: scripts/test.sh installs it."""

from __future__ import annotations

import datetime as dt
import functools
import http.server
import shutil
import threading
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass

import pytest

from generator.site.build.engines import Engine
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


ENGINES = [pytest.param(Engine.MKDOCS, id="mkdocs"),
           pytest.param(Engine.PROPERDOCS, id="properdocs", marks=pytest.mark.slow),
           pytest.param(Engine.ZENSICAL, id="zensical", marks=pytest.mark.slow)]
"""Every engine ``xinfang build --engine`` offers; the optional ones build more slowly (slow set)."""


@dataclass
class Server:
    url: str
    built: Built
    engine: Engine = Engine.MKDOCS


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def serving(built: Built, engine: Engine = Engine.MKDOCS) -> Iterator[Server]:
    """``built``'s site served on 127.0.0.1 (a free port) while the block runs."""
    handler = functools.partial(_Quiet, directory=str(built.site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield Server(f"http://127.0.0.1:{httpd.server_address[1]}", built, engine)
    finally:
        httpd.shutdown()


class Sites:
    """The sample built with each engine at most once a session, and served until it ends."""

    def __init__(self, folders: pytest.TempPathFactory, stack: ExitStack) -> None:
        self.folders, self.stack, self.served = folders, stack, dict[Engine, Server]()

    def __call__(self, engine: Engine) -> Server:
        if engine not in self.served:
            built = build_sample(self.folders.mktemp(f"browser-{engine.value}") / "site", TODAY, engine=engine)
            self.served[engine] = self.stack.enter_context(serving(built, engine))
        return self.served[engine]


@pytest.fixture(scope="session")
def sites(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sites]:
    with ExitStack() as stack:
        yield Sites(tmp_path_factory, stack)


@pytest.fixture(scope="session")
def server(sites: Sites) -> Server:
    """The sample built with the default engine."""
    return sites(Engine.MKDOCS)


@pytest.fixture(scope="session", params=ENGINES)
def engine_server(request: pytest.FixtureRequest, sites: Sites) -> Server:
    """The sample built with each engine in turn (a test module that asks for ``server`` gets
    every engine by defining ``server`` as this)."""
    return sites(request.param)


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


def search(page: object, engine: Engine, query: str) -> None:
    """Type ``query`` into the engine's search box as a reader would."""
    if engine is Engine.ZENSICAL:  # its dialog opens from the header's button (a magnifier on a phone)
        icon = page.locator("label.md-header__button[for=__search]")  # type: ignore[attr-defined]
        (icon if icon.is_visible() else page.locator(".md-search__button")).click()  # type: ignore[attr-defined]
        box = page.locator("[role=combobox]")  # type: ignore[attr-defined]
        box.wait_for()
        box.click()
        page.keyboard.type(query)  # type: ignore[attr-defined]
        return
    if page.locator(".md-search__input").is_hidden():  # type: ignore[attr-defined]
        page.locator("label.md-header__button[for=__search]").click()  # type: ignore[attr-defined]
    page.fill(".md-search__input", query)  # type: ignore[attr-defined]
    # material reads the query on keyup (and once when its index is ready); fill() sends
    # no key events, so a fast index would never see it: finish as a typist would
    page.press(".md-search__input", "End")  # type: ignore[attr-defined]


@pytest.fixture(params=list(VIEWPORTS))
def visit(request: pytest.FixtureRequest, browser: object, server: Server) -> Iterator[Visit]:
    context = dated_context(browser, server.built.today, viewport=VIEWPORTS[request.param], accept_downloads=True)
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    # the browser reports each thing the page's Content-Security-Policy refused on the console
    refused: list[str] = []
    page.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)
    engine = "" if server.engine is Engine.MKDOCS else f"-{server.engine.value}"
    name = f"{request.node.originalname}{engine}-{request.param}"
    yield Visit(page, requests, name)
    outside = [u for u in requests if not u.startswith((server.url, "data:", "blob:", "about:"))]
    context.close()
    assert not outside, f"requests left 127.0.0.1: {outside[:5]}"
    assert not refused, f"the Content-Security-Policy refused: {refused[:3]}"

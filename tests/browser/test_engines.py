"""What citizens rely on, on each engine's build of the sample: the 大字 switch, the topic
finder, the schedule filters, the office's colours and footer, Chinese search with a styled
result list, and a Content-Security-Policy that the page never violates.  The default engine's
own journeys are in test_journeys.py; ProperDocs and Zensical builds are slower (slow set)."""

from __future__ import annotations

import functools
import http.server
import importlib.util
import threading
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from generator.site.build import stage
from generator.site.build.engines import Engine
from tests.browser.conftest import VIEWPORTS
from tests.site.conftest import TODAY, Built, build_sample

pytestmark = pytest.mark.browser
ENGINES = [pytest.param(Engine.MKDOCS, id="mkdocs"),
           pytest.param(Engine.PROPERDOCS, id="properdocs", marks=pytest.mark.slow),
           pytest.param(Engine.ZENSICAL, id="zensical", marks=pytest.mark.slow)]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@dataclass
class Served:
    url: str
    built: Built
    engine: Engine


@pytest.fixture(scope="module", params=ENGINES)
def served(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    engine: Engine = request.param
    if importlib.util.find_spec(engine.value) is None:
        pytest.fail(f"{engine.value} is not installed: bash scripts/test.sh installs the extras")
    original = stage.SiteStage.__init__

    def with_engine(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        original(self, *args, **{**kwargs, "engine": engine})

    stage.SiteStage.__init__ = with_engine  # type: ignore[method-assign]
    try:
        built = build_sample(tmp_path_factory.mktemp(engine.value) / "site", TODAY)
    finally:
        stage.SiteStage.__init__ = original  # type: ignore[method-assign]
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(built.site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield Served(f"http://127.0.0.1:{httpd.server_address[1]}", built, engine)
    httpd.shutdown()


@pytest.fixture(params=list(VIEWPORTS))
def tab(request: pytest.FixtureRequest, browser: object, served: Served) -> Iterator[object]:
    context = browser.new_context(viewport=VIEWPORTS[request.param])  # type: ignore[attr-defined]
    page = context.new_page()
    violations: list[str] = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    outside: list[str] = []
    page.on("request", lambda r: None if r.url.startswith((served.url, "data:", "blob:")) else outside.append(r.url))
    yield page
    context.close()
    assert not violations, violations[:3]
    assert not outside, outside[:3]


def test_large_text_finder_filters_colours_and_footer(tab, served: Served) -> None:  # type: ignore[no-untyped-def]
    content = served.built.prepared.content
    tab.goto(served.url + "/")
    header = tab.locator(".md-header")
    assert header.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(155, 27, 27)"  # the office's red
    footer = tab.locator(".xf-gov-footer")
    assert content.office.host in footer.inner_text() and footer.locator("a", has_text="网页嵌入代码").count() == 1
    toggle = tab.locator("button.xf-large-toggle")
    toggle.click()
    assert "xf-large" in (tab.locator("html").get_attribute("class") or "")
    tab.fill("#xf-finder-input", "欠薪")
    tab.press("#xf-finder-input", "Enter")
    tab.wait_for_load_state()
    topic = next(t for t in content.topics.values() if "欠薪" in t.keywords)
    assert tab.url.endswith(f"/topics/{topic.id}/")
    tab.goto(served.url + "/schedule/2026-12/")
    form = tab.locator("form.xf-filter").first
    unit = form.locator("select[name=unit] option").nth(2).get_attribute("value")
    form.locator("select[name=unit]").select_option(unit)
    rows = tab.locator("table.xf-sessions tr.xf-session:visible")
    assert rows.count() > 0
    for i in range(rows.count()):
        assert unit in (rows.nth(i).get_attribute("data-units") or "").split()


def test_search_finds_a_leader_in_a_styled_result_list(tab, served: Served) -> None:  # type: ignore[no-untyped-def]
    leader = next(iter(served.built.prepared.content.leaders.values()))
    tab.goto(served.url + "/notices/")
    if served.engine is Engine.ZENSICAL:
        tab.keyboard.press("Control+k")  # Zensical's own search dialog opens on its shortcut
        tab.wait_for_timeout(300)
        tab.keyboard.type(leader.name)
    else:
        if tab.locator(".md-search__input").is_hidden():
            tab.locator("label.md-header__button[for=__search]").click()
        tab.fill(".md-search__input", leader.name)
        tab.press(".md-search__input", "End")
    result = tab.locator(f"a[href*='leaders/{leader.id}/']:visible").last
    result.wait_for(timeout=30_000)
    # styled: the result is laid out by the engine's stylesheet, not the browser's default link
    assert result.evaluate("e => getComputedStyle(e).textDecorationLine") == "none" or \
        result.evaluate("e => getComputedStyle(e).display") != "inline"

"""In Chromium: no payload from content runs, with the Content-Security-Policy and without
it (the escaping alone must hold, and no link may lead off the site that the templates did
not write); and the policy allows the site's own scripts (search, 大字, the topic finder)
with no violation reported."""

from __future__ import annotations

import dataclasses
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from generator.load import records
from tests.browser.conftest import Server, dated_context, serving
from tests.site.conftest import POISONED_PAGE_BUDGET, TODAY, Built, build_sample
from tests.site.test_injection_corpus import poisoned_content
from tests.site.test_markup_corpus import marked_content

pytestmark = pytest.mark.browser

WATCH = """
window.__violations = [];
document.addEventListener('securitypolicyviolation',
  e => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));
"""


@pytest.fixture(scope="module")
def poisoned_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    folder = tmp_path_factory.mktemp("poisoned-browser")
    with serving(build_sample(folder / "site", TODAY, poisoned_content(folder),
                              page_budget=POISONED_PAGE_BUDGET)) as served:
        yield served


def _payload_pages(server: Server) -> list[str]:
    content = server.built.prepared.content
    notice = next(n for n in content.notices.values() if n.date <= TODAY)
    policy = next(iter(content.policies.values()))
    leader = next(iter(content.leaders.values()))
    topic = next(iter(content.topics.values()))
    case = next(c for c in content.cases.values() if c.publish)
    return ["/", "/schedule/", f"/schedule/{TODAY:%Y-%m}/", f"/notices/{notice.id}/", "/notices/",
            f"/policies/{policy.id}/", "/policies/", f"/leaders/{leader.id}/", "/leaders/", f"/topics/{topic.id}/",
            "/topics/", f"/cases/{case.id}/", "/cases/", "/process/", "/statistics/"]


def test_no_payload_runs_on_any_page_that_carries_one(browser, poisoned_server: Server) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 375, "height": 812})
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.add_init_script(WATCH)
    ran = []
    for path in _payload_pages(poisoned_server):
        page.goto(poisoned_server.url + path)
        page.wait_for_load_state("load")
        if page.evaluate("() => window.__pwned !== undefined || (window.parent && window.parent.__pwned)"):
            ran.append(path)
        body = page.inner_text("body")
        assert "__pwned=1" in body or path in ("/statistics/", "/process/"), f"{path}: payload not shown as text"
        # what the CSP had to block (and so would have run without it) is a failure too
        assert page.evaluate("() => window.__violations") == [], path
    # material shows a link's title as a tooltip (content.tooltips): hovering must not run it
    page.goto(poisoned_server.url + _payload_pages(poisoned_server)[3])
    page.hover("a:has-text('提示链接')")
    page.wait_for_timeout(500)
    assert not page.evaluate("() => window.__pwned !== undefined")
    assert page.evaluate("() => window.__violations") == []
    # search results render titles and text from the index: the payload stays text there too
    page.goto(poisoned_server.url + "/leaders/")
    if page.locator(".md-search__input").is_hidden():
        page.locator("label.md-header__button[for=__search]").click()
    name = next(iter(poisoned_server.built.prepared.content.leaders.values())).name.split('"')[0]
    page.fill(".md-search__input", name)
    page.press(".md-search__input", "End")
    page.locator(".md-search-result__item").first.wait_for(timeout=30_000)
    assert "__pwned=1" in page.inner_text(".md-search-result")
    assert not page.evaluate("() => window.__pwned !== undefined")
    page.screenshot(path=str(poisoned_server.built.site.parent / "search.png"))
    context.close()
    assert not ran, f"payload ran on {ran}"
    assert not dialogs


def test_the_site_works_under_its_content_security_policy(browser, server: Server) -> None:  # type: ignore[no-untyped-def]
    context = dated_context(browser, server.built.today, viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.add_init_script(WATCH)
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(server.url + "/topics/")
    csp = page.get_attribute("meta[http-equiv='Content-Security-Policy']", "content")
    assert csp and "script-src 'self'" in csp and "unsafe-inline" not in csp
    # our own scripts ran: the finder input is shown, the 大字 switch is in the header
    assert page.locator("#xf-finder-input").is_visible()
    page.click("button.xf-large-toggle")
    assert page.evaluate("() => document.documentElement.classList.contains('xf-large')")
    # material's scripts ran: search finds a leader from its web worker's index
    leader = next(iter(server.built.prepared.content.leaders.values()))
    page.locator(".md-search__input").click()
    page.fill(".md-search__input", leader.name)
    page.press(".md-search__input", "End")
    page.locator(f".md-search-result__link[href*='leaders/{leader.id}/']").first.wait_for(timeout=30_000)
    page.reload()  # the 大字 choice, applied by the head script before the first paint
    assert page.evaluate("() => document.documentElement.classList.contains('xf-large')")
    assert page.evaluate("() => window.__violations") == []
    context.close()
    assert not [e for e in errors if "Content Security Policy" in e or "Refused" in e], errors


CSP = re.compile(r'<meta http-equiv="Content-Security-Policy"[^>]*>')


def _outside_links(page: Any, origin: str) -> set[str]:
    hrefs = page.evaluate("() => [...document.querySelectorAll('[href], [src], [action], [formaction]')]"
                          ".map(e => e.href || e.src || e.action || e.formAction || '')")
    return {h for h in hrefs if h and not h.startswith((origin, "#")) and not h.startswith("blob:")}


RUNNABLE = ["[点我](javascript:window.__pwned=1)", "<img src=x onerror=window.__pwned=1>",
            '{: onclick="window.__pwned=1" }', "<https://evil.example/autolink>", "[登录](https://evil.example/login)",
            "<script>window.__pwned=1</script>", "![i](https://evil.example/i.png)", "<svg onload=window.__pwned=1>",
            "<b onmouseover=window.__pwned=1>*粗*</b>`码`"]
"""What would run or lead off the site if a line or paragraph separator before it ended the HTML
a value sits in (a link to javascript:, raw HTML with a handler, an attribute list adding one,
an autolink, a login link, an image from outside); the first holds no address, for the fields
whose addresses the site links on purpose.  9 constructs and 7 separators: every pair occurs."""


def _without_csp(built: Built, folder: Path) -> Iterator[Server]:
    """``built``'s site with every page's Content-Security-Policy removed, served: what the
    escaping alone protects (a server that drops the meta tag, an old browser that ignores it)."""
    copy = folder / "site"
    shutil.copytree(built.site, copy)
    for page in copy.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        page.write_text(CSP.sub("", text), encoding="utf-8")
    with serving(dataclasses.replace(built, site=copy)) as served:
        yield served


@pytest.fixture(scope="module")
def unprotected_server(poisoned_server: Server, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The script-payload site (an svg onload in every text field) without its CSP."""
    yield from _without_csp(poisoned_server.built, tmp_path_factory.mktemp("no-csp"))


@pytest.fixture(scope="module")
def unprotected_marked_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """Every text field of every content kind followed by a separator (\\r, \\v, \\f, U+0085,
    U+2028, U+2029, a blank line) and one of ``RUNNABLE``, built with the loader's separator check
    switched off (the escaping must hold on its own), without its CSP."""
    folder = tmp_path_factory.mktemp("marked-browser")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(records, "_line_breaks", lambda *args: None, raising=False)
        built = build_sample(folder / "site", TODAY, marked_content(folder, plain=False, constructs=RUNNABLE),
                             page_budget=POISONED_PAGE_BUDGET)
    yield from _without_csp(built, tmp_path_factory.mktemp("marked-no-csp"))


HANDLERS = ("() => [...document.querySelectorAll('*')].flatMap(e => [...e.attributes]"
            ".filter(a => a.name.startsWith('on')).map(a => e.tagName.toLowerCase() + ' ' + a.name))")


@pytest.mark.parametrize("payloads", ["unprotected_server", "unprotected_marked_server"], ids=["svg", "marked"])
def test_without_the_csp_nothing_runs_and_no_link_leaves_the_site(  # type: ignore[no-untyped-def]
        browser, payloads: str, server: Server, request: pytest.FixtureRequest) -> None:
    unprotected_server: Server = request.getfixturevalue(payloads)
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    ran, leaving, handlers, shown = [], [], [], 0
    for path in _payload_pages(unprotected_server):
        page.goto(unprotected_server.url + path)
        page.wait_for_load_state("load")
        assert page.locator("meta[http-equiv='Content-Security-Policy']").count() == 0
        shown += "__pwned=1" in page.inner_text("body")  # the payloads are there, as text
        if page.evaluate("() => window.__pwned !== undefined || (window.parent && window.parent.__pwned)"):
            ran.append(path)
        # the clean site's page: the links its templates (and the sample's own Markdown) write
        page.goto(server.url + path)
        page.wait_for_load_state("load")
        written, own_handlers = _outside_links(page, server.url), set(page.evaluate(HANDLERS))
        page.goto(unprotected_server.url + path)
        page.wait_for_load_state("load")
        leaving += [f"{path}: {h}" for h in _outside_links(page, unprotected_server.url) - written
                    if h != "https://www.example.gov.cn/"]  # the corpus's own body link, Markdown by design
        # an event handler waits for a tap: one the clean page does not have is a failure already
        handlers += [f"{path}: {h}" for h in set(page.evaluate(HANDLERS)) - own_handlers]
    context.close()
    assert not ran, f"payload ran without the CSP on {ran}"
    assert not dialogs
    assert not leaving, leaving
    assert not handlers, handlers
    assert shown >= len(_payload_pages(unprotected_server)) - 2  # /process/ and /statistics/ show no field
    origins = (unprotected_server.url, server.url)
    assert not [u for u in requests if not u.startswith(origins) and not u.startswith(("data:", "blob:"))]

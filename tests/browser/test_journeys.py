"""Journeys a citizen takes, at a phone and a desktop viewport, in headless chromium, on the
sample built with each engine ``xinfang build --engine`` offers: the 大字 switch, the topic
finder, the schedule filters, the office's colours and footer, Chinese search with a styled
result list, and no Content-Security-Policy violation on any page (checked by ``visit``)."""

from __future__ import annotations

import pytest
from icalendar import Calendar

from generator.site.build.engines import Engine
from generator.site.parts.html import day_label
from tests.browser.conftest import VIEWPORTS, Server, Visit, dated_context, search

pytestmark = pytest.mark.browser


@pytest.fixture(scope="session")
def server(engine_server: Server) -> Server:
    """Every journey on every engine's build (the optional engines' in the slow set)."""
    return engine_server


def _topic_with_keyword(server: Server, word: str):  # type: ignore[no-untyped-def]
    return next(t for t in server.built.prepared.content.topics.values() if word in t.keywords or t.name == word)


@pytest.mark.parametrize("word", ["社保", "欠薪", "拆迁"])
def test_topic_finder_reaches_the_leader_and_next_session_in_three_actions(
    visit: Visit, server: Server, word: str
) -> None:
    page = visit.page
    page.goto(server.url + "/")  # type: ignore[attr-defined]
    page.fill("#xf-finder-input", word)  # action 1: type the problem   # type: ignore[attr-defined]
    page.press("#xf-finder-input", "Enter")  # action 2: open the match  # type: ignore[attr-defined]
    page.wait_for_load_state()  # type: ignore[attr-defined]
    topic = _topic_with_keyword(server, word)
    assert page.url.endswith(f"/topics/{topic.id}/")  # type: ignore[attr-defined]
    leaders = [x for x in server.built.prepared.content.leaders.values() if topic.id in x.topics]
    assert leaders, f"the sample needs a leader for {topic.id}"
    table = page.locator("table.xf-leaders")  # type: ignore[attr-defined]
    text = table.inner_text()
    assert any(x.name in text for x in leaders)
    upcoming = [s for s in server.built.prepared.sessions
                if s.is_active and s.date >= server.built.today and set(s.leaders) & {x.id for x in leaders}]
    assert upcoming and day_label(upcoming[0].date) in text
    visit.screenshot("topic")


def test_search_finds_a_leader_by_name_and_a_topic_by_keyword(visit: Visit, server: Server) -> None:
    page = visit.page
    content = server.built.prepared.content
    leader = next(iter(content.leaders.values()))
    topic = _topic_with_keyword(server, "欠薪")
    for query, target in ((leader.name, f"leaders/{leader.id}/"), ("欠薪", f"topics/{topic.id}/")):
        page.goto(server.url + "/leaders/")  # type: ignore[attr-defined]
        search(page, server.engine, query)
        result = page.locator(f"{RESULTS[server.engine]} a[href*='{target}']").first  # type: ignore[attr-defined]
        result.wait_for(timeout=30_000)  # the index loads in a web worker; slow machines need time
        assert result.is_visible()
        # styled: laid out by the engine's stylesheet (a block, no underline), not a bare browser link
        assert result.evaluate("e => getComputedStyle(e).display") != "inline"
        assert result.evaluate("e => getComputedStyle(e).textDecorationLine") == "none"
        visit.screenshot(f"search-{target.split('/')[0]}")


RESULTS = {Engine.MKDOCS: ".md-search-result", Engine.PROPERDOCS: ".md-search-result",
           Engine.ZENSICAL: "[role=listbox]"}
"""Where each engine lists search results (the page's own links to the same page do not count)."""


def test_month_schedule_filters_by_district_and_shows_cancellation_reasons(visit: Visit, server: Server) -> None:
    page = visit.page
    built = server.built
    content = built.prepared.content
    month = f"{built.today:%Y-%m}"
    page.goto(f"{server.url}/schedule/{month}/")  # type: ignore[attr-defined]
    county = next(u for u in content.units.values() if u.level.value == "county"
                  and any(s.date.strftime("%Y-%m") == month and county_of(content, s.unit) == u.id
                          for s in built.prepared.sessions))
    page.select_option(".xf-filter select[name=unit]", county.id)  # type: ignore[attr-defined]
    fold = page.locator("button.xf-past-toggle")  # type: ignore[attr-defined]
    if fold.count():  # the days already over are folded behind one button: a reader opens it
        fold.first.click()
    rows = page.locator("tr.xf-session")  # type: ignore[attr-defined]
    shown = [rows.nth(i) for i in range(rows.count()) if rows.nth(i).is_visible()]
    expected = [s for s in built.prepared.sessions
                if s.date.strftime("%Y-%m") == month and county_of(content, s.unit) == county.id]
    assert len(shown) == len(expected) > 0
    assert {r.get_attribute("id") for r in shown} == {s.id for s in expected}
    visit.screenshot("filtered")
    cancelled = next(s for s in built.prepared.sessions if s.status.value == "cancelled")
    page.goto(f"{server.url}/schedule/{cancelled.date:%Y-%m}/")  # type: ignore[attr-defined]
    row = page.locator(f"tr[id='{cancelled.id}']")  # type: ignore[attr-defined]
    assert "已取消" in row.inner_text() and cancelled.changes[0].reason in row.inner_text()


def county_of(content, unit_id: str) -> str | None:  # type: ignore[no-untyped-def]
    return next((u.id for u in content.unit_chain(unit_id) if u.level.value == "county"), None)


def test_leader_calendar_link_downloads_a_valid_ics(visit: Visit, server: Server) -> None:
    page = visit.page
    leader = next(iter(server.built.prepared.content.leaders.values()))
    page.goto(f"{server.url}/leaders/{leader.id}/")  # type: ignore[attr-defined]
    link = page.locator(f"a[href$='calendar/leaders/{leader.id}.ics']")  # type: ignore[attr-defined]
    response = page.request.get(server.url + "/calendar/leaders/" + leader.id + ".ics")  # type: ignore[attr-defined]
    assert link.count() == 1 and response.ok
    calendar = Calendar.from_ical(response.body())
    assert leader.name in str(calendar["X-WR-CALNAME"])
    visit.screenshot("leader")


def test_the_office_colours_and_footer_lead_to_the_embed_codes(visit: Visit, server: Server) -> None:
    page = visit.page
    page.goto(server.url + "/")  # type: ignore[attr-defined]
    header = page.locator(".md-header")  # type: ignore[attr-defined]
    assert header.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(155, 27, 27)"  # the office's red
    footer = page.locator(".xf-gov-footer")  # type: ignore[attr-defined]
    assert server.built.prepared.content.office.host in footer.inner_text()
    footer.locator("a", has_text="网页嵌入代码").click()
    page.wait_for_load_state()  # type: ignore[attr-defined]
    assert page.locator("iframe, pre, code").count() > 0 and "<iframe" in page.inner_text("article")  # type: ignore[attr-defined]
    visit.screenshot("embed-codes")


def test_large_text_switch_survives_a_reload(visit: Visit, server: Server) -> None:
    page = visit.page
    page.goto(server.url + "/")  # type: ignore[attr-defined]
    # the page's own text (Zensical also marks each menu label .md-typeset)
    size = "() => parseFloat(getComputedStyle(document.querySelector('article.md-typeset')).fontSize)"
    before = page.evaluate(size)  # type: ignore[attr-defined]
    assert before >= 16
    page.click("button.xf-large-toggle")  # type: ignore[attr-defined]
    enlarged = page.evaluate(size)  # type: ignore[attr-defined]
    page.reload()  # type: ignore[attr-defined]
    assert enlarged > before * 1.15
    assert page.evaluate(size) == enlarged  # type: ignore[attr-defined]
    assert page.get_attribute("button.xf-large-toggle", "aria-pressed") == "true"  # type: ignore[attr-defined]
    visit.screenshot("large")


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_without_javascript_topic_and_schedule_pages_still_work(browser, server: Server,  # type: ignore[no-untyped-def]
                                                                viewport: str) -> None:
    context = browser.new_context(java_script_enabled=False, viewport=VIEWPORTS[viewport])
    page = context.new_page()
    page.goto(server.url + "/")
    topic = _topic_with_keyword(server, "社保")
    page.click(f".xf-topic-list a[href*='topics/{topic.id}/']")
    assert page.url.endswith(f"/topics/{topic.id}/")
    assert page.locator("table.xf-leaders").is_visible()
    page.goto(server.url + "/schedule/")
    assert page.locator("tr.xf-session").count() > 0 and page.locator("tr.xf-session").first.is_visible()
    month = page.locator(".xf-months a").first
    month.click()
    assert "/schedule/" in page.url and page.locator("tr.xf-session").count() > 0
    context.close()


PAGES = ["/", "/schedule/", "/topics/", "/leaders/", "/process/", "/notices/", "/cases/", "/statistics/",
         "/policies/"]


def test_no_page_scrolls_sideways_on_a_phone(browser, server: Server) -> None:  # type: ignore[no-untyped-def]
    built = server.built
    content = built.prepared.content
    urls = [*PAGES, f"/schedule/{built.today:%Y-%m}/", f"/leaders/{next(iter(content.leaders))}/",
            f"/topics/{next(iter(content.topics))}/", f"/policies/{next(iter(content.policies))}/",
            f"/notices/{next(iter(content.notices))}/"]
    context = dated_context(browser, built.today, viewport={"width": 375, "height": 812})
    page = context.new_page()
    wide = []
    for url in urls:
        page.goto(server.url + url)
        overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
        if overflow > 1:
            wide.append(f"{url}: {overflow}px")
    context.close()
    assert not wide, wide

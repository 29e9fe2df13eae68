"""A citizen on a phone and a desktop: where I live, tap to call, banners where they belong.
Expected values come from the content and the expanded schedule, not from the pages."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from tests.browser.conftest import VIEWPORTS, Server
from tests.browser.test_today import md, reading_on

pytestmark = pytest.mark.browser

PHONE_TEXT = re.compile(r"0\d{2,3}-\d{5,8}|1[3-9]\d{9}")


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_choosing_a_township_answers_with_its_next_session_first_and_is_remembered(
        browser: object, server: Server, viewport: str) -> None:
    content = server.built.prepared.content
    day = dt.date(2026, 11, 26)
    # a township leader who handles wage arrears (the sample's 西湖区梅林镇)
    leader = next(x for x in content.leaders.values()
                  if "wage-arrears" in x.topics and content.units[x.unit].level.value == "township")
    township = content.units[leader.unit]
    upcoming = next(s for s in server.built.prepared.sessions
                    if s.is_active and s.date >= day and leader.id in s.leaders)
    with reading_on(browser, day, viewport) as page:
        page.goto(f"{server.url}/topics/wage-arrears/")  # type: ignore[attr-defined]
        answer = page.locator("[data-xf-place-answer]")  # type: ignore[attr-defined]
        # no choice yet: the nearest session, and that 属地 decides
        assert "最近的一场" in answer.inner_text() and "按属地原则" in answer.inner_text()
        page.select_option("#xf-place", township.id)  # type: ignore[attr-defined]
        text = answer.inner_text()
        assert text.startswith(township.name) and md(upcoming.date) in text and leader.name in text
        first = page.locator("table.xf-leaders tbody tr").first  # type: ignore[attr-defined]
        assert leader.name in first.inner_text()
        # the choice stays on the device: another topic page, and the home page's finder, know it
        page.goto(f"{server.url}/")  # type: ignore[attr-defined]
        assert page.input_value("#xf-place") == township.id  # type: ignore[attr-defined]
        page.goto(f"{server.url}/topics/wage-arrears/")  # type: ignore[attr-defined]
        assert page.locator("[data-xf-place-answer]").inner_text().startswith(township.name)  # type: ignore[attr-defined]


def test_the_home_page_finder_carries_the_place_into_the_topic_page(browser: object, server: Server) -> None:
    content = server.built.prepared.content
    county = next(u for u in content.units.values() if u.level.value == "county")
    with reading_on(browser, dt.date(2026, 11, 26)) as page:
        page.goto(server.url + "/")  # type: ignore[attr-defined]
        page.select_option("#xf-place", county.id)  # type: ignore[attr-defined]
        page.fill("#xf-finder-input", "欠薪")  # type: ignore[attr-defined]
        page.press("#xf-finder-input", "Enter")  # type: ignore[attr-defined]
        page.wait_for_url("**/topics/**")  # type: ignore[attr-defined]
        assert page.input_value("#xf-place") == county.id  # type: ignore[attr-defined]
        assert page.locator("[data-xf-place-answer]").inner_text().startswith(county.name)  # type: ignore[attr-defined]


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_every_phone_number_on_the_citizen_pages_is_a_tel_link(browser: object, server: Server,
                                                               viewport: str) -> None:
    content = server.built.prepared.content
    leader = next(iter(content.leaders))
    urls = ["/", "/schedule/2026-11/", "/schedule/2026-12/", f"/leaders/{leader}/", "/topics/wage-arrears/",
            "/notices/2026-11-baiyun-suspension/"]
    with reading_on(browser, None, viewport) as page:
        for url in urls:
            page.goto(server.url + url)  # type: ignore[attr-defined]
            loose = page.evaluate("""() => {
              const out = [];
              const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
              let node;
              while ((node = walker.nextNode())) {
                if (node.parentElement.closest('a[href^="tel:"], script, style, .md-search')) continue;
                out.push(node.textContent);
              }
              return out;
            }""")
            numbers = [m for text in loose for m in PHONE_TEXT.findall(text)]
            assert numbers == [], f"{url}: not tappable: {numbers[:5]}"
            links = page.locator("a[href^='tel:']")  # type: ignore[attr-defined]
            assert links.count() > 0, url
            for i in range(links.count()):
                href, said = links.nth(i).get_attribute("href"), links.nth(i).text_content().strip()
                assert href == "tel:" + re.sub(r"\D", "", said.split("转")[0]) + \
                    ("," + said.split("转")[1].strip() if "转" in said else ""), (url, href, said)


def test_a_township_suspension_is_a_banner_only_on_that_townships_pages(browser: object, server: Server) -> None:
    content = server.built.prepared.content
    suspension = next(s for sched in content.schedules.values() for s in sched.suspensions if s.units)
    (unit,) = suspension.units
    own = [f"/leaders/{x.id}/" for x in content.leaders.values() if x.unit == unit]
    # the schedule pages that list the township's sessions
    own += sorted({f"/schedule/{s.date:%Y-%m}/" for s in server.built.prepared.sessions
                   if s.unit == unit and s.date >= server.built.today})[:2]
    assert own
    other_leader = next(x for x in content.leaders.values()
                        if content.units[x.unit].level.value == "city")
    name = content.units[unit].name
    with reading_on(browser, dt.date(2026, 12, 1)) as page:
        for url in own:
            page.goto(server.url + url)  # type: ignore[attr-defined]
            banner = page.locator(".xf-unit-suspension")  # type: ignore[attr-defined]
            assert banner.count() == 1 and name in banner.inner_text() and banner.is_visible(), url
            assert page.locator(".md-banner .xf-suspension").count() == 0  # type: ignore[attr-defined]
        for url in (f"/leaders/{other_leader.id}/", "/topics/wage-arrears/", "/policies/"):
            page.goto(server.url + url)  # type: ignore[attr-defined]
            assert page.locator(".xf-suspension").count() == 0, url  # type: ignore[attr-defined]
            assert name + "自" not in page.locator("body").inner_text(), url  # type: ignore[attr-defined]
        # the home page: one line with a link to the banner on the schedule page
        page.goto(server.url + "/")  # type: ignore[attr-defined]
        assert page.locator(".xf-suspension").count() == 0  # type: ignore[attr-defined]
        line = page.locator("ul.xf-suspension-lines li")  # type: ignore[attr-defined]
        assert line.count() == 1 and name in line.inner_text()
        line.locator("a").click()
        page.wait_for_url("**/schedule/**")  # type: ignore[attr-defined]
        target = page.locator(f"#xf-suspension-{suspension.id}")  # type: ignore[attr-defined]
        assert target.is_visible() and "暂停期间请通过" in target.inner_text()


def test_large_text_keeps_the_answer_on_the_first_phone_screen(browser: object, server: Server) -> None:
    with reading_on(browser, dt.date(2026, 11, 26)) as page:
        page.goto(server.url + "/")  # type: ignore[attr-defined]
        page.click("button.xf-large-toggle")  # type: ignore[attr-defined]
        box = page.locator(".xf-today-box")  # type: ignore[attr-defined]
        bottom = box.bounding_box()
        assert bottom is not None
        assert "下一次" in box.inner_text() or "今天有领导接访" in box.inner_text()
        # the first line of the answer (today or the next session) is on the first screen
        answer = box.locator("strong").nth(1) if box.locator("strong").count() > 1 else box.locator("strong").first
        top = answer.bounding_box()
        assert top is not None and top["y"] + top["height"] <= VIEWPORTS["phone"]["height"]

"""axe-core on every page template: no serious or critical violations."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.conftest import ARTIFACTS, Server, dated_context

pytestmark = pytest.mark.browser


def template_urls(server: Server) -> dict[str, str]:
    built = server.built
    content = built.prepared.content
    published = [c for c in content.cases.values() if c.publish]
    urls = {
        "home": "/", "topic": f"/topics/{next(iter(content.topics))}/",
        "month": f"/schedule/{built.today:%Y-%m}/", "week": "/schedule/week/",
        "leader": f"/leaders/{next(iter(content.leaders))}/",
        "policy": f"/policies/{next(iter(content.policies))}/", "notice": f"/notices/{next(iter(content.notices))}/",
        "cases": "/cases/", "statistics": "/statistics/", "process": "/process/",
        "statistics-period": f"/statistics/{built.today.year}/",
    }
    if published:
        urls["case"] = f"/cases/{published[0].id}/"
    return urls


def test_page_templates_have_no_serious_accessibility_violations(browser, server: Server) -> None:  # type: ignore[no-untyped-def]
    axe = Axe()
    problems = []
    for viewport in ({"width": 375, "height": 812}, {"width": 1280, "height": 800}):
        context = dated_context(browser, server.built.today, viewport=viewport)
        page = context.new_page()
        for name, url in template_urls(server).items():
            page.goto(server.url + url)
            page.wait_for_load_state("load")
            assert page.get_attribute("html", "lang", timeout=15000).startswith("zh"), url
            assert page.locator("a.md-skip").count() == 1, f"{url}: no skip link"
            result = axe.run(page)
            for violation in result.response["violations"]:
                if violation["impact"] in ("serious", "critical"):
                    nodes = [n["target"] for n in violation["nodes"][:3]]
                    problems.append(f"{name} {url} @{viewport['width']}: {violation['id']} {nodes}")
        context.close()
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "axe.txt").write_text("\n".join(problems) or "no serious or critical violations\n",
                                       encoding="utf-8")
    assert not problems, "\n".join(problems)

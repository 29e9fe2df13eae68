"""The schedule's columns, measured as rendered: at a tablet's and a desktop's width no column
is narrower than four characters, and a table with no change in any row shows no 状态 column."""

from __future__ import annotations

import pytest

from tests.browser.conftest import Server

pytestmark = pytest.mark.browser

MEASURE = """() => Array.from(document.querySelectorAll('table.xf-sessions')).filter(t => t.offsetParent)
  .map(t => {
    const size = parseFloat(getComputedStyle(t.querySelector('td') || t).fontSize);
    const heads = Array.from(t.querySelectorAll('thead th')).filter(th => th.offsetParent);
    return {size, columns: heads.map(th => [th.textContent, th.getBoundingClientRect().width]),
            status: Array.from(t.querySelectorAll('tbody td:nth-child(8)')).some(td => td.textContent.trim()),
            overflow: t.getBoundingClientRect().right - document.documentElement.clientWidth};
  })"""


@pytest.mark.parametrize("width", [768, 1024, 1280])
def test_schedule_columns_are_at_least_four_characters_wide(browser: object, server: Server, width: int) -> None:
    content = server.built.prepared.content
    urls = ["/", "/schedule/", f"/schedule/{server.built.today:%Y-%m}/", "/schedule/2026-12/",
            f"/leaders/{next(iter(content.leaders))}/", "/topics/wage-arrears/"]
    context = browser.new_context(viewport={"width": width, "height": 900})  # type: ignore[attr-defined]
    page = context.new_page()
    narrow, measured = [], 0
    for url in urls:
        page.goto(server.url + url)
        for table in page.evaluate(MEASURE):
            names = [name for name, _ in table["columns"]]
            # an empty 状态 column is not shown; one with a change is
            assert ("状态" in names) == table["status"], (url, names)
            assert table["overflow"] <= 1, (url, table["overflow"])
            for name, px in table["columns"]:
                measured += 1
                if px < 4 * table["size"]:
                    narrow.append(f"{url} {name}: {px:.0f}px < 4 × {table['size']:.1f}px")
    context.close()
    assert measured > 20
    assert not narrow, narrow

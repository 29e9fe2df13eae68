"""The site's search answers: a topic's own words list its topic page first, on a phone and a
desktop, in the real material search (lunr in a Web Worker) over the built index."""

from __future__ import annotations

import pytest

from tests.browser.conftest import VIEWPORTS, Server
from tests.browser.test_today import reading_on

pytestmark = pytest.mark.browser


def _search(page: object, query: str) -> list[str]:
    """Type ``query`` as a reader does; the result pages' paths, in the order listed."""
    if page.locator(".md-search__input").is_hidden():  # type: ignore[attr-defined]
        page.locator("label.md-header__button[for=__search]").click()  # type: ignore[attr-defined]
    # fill, then a key: material searches on the keyboard event (typing a CJK character one
    # key at a time is the input method's work, not a key press)
    page.fill(".md-search__input", query)  # type: ignore[attr-defined]
    page.press(".md-search__input", "End")  # type: ignore[attr-defined]
    results = page.locator(".md-search-result__item > .md-search-result__link")  # type: ignore[attr-defined]
    results.first.wait_for(timeout=30_000)
    hrefs = [results.nth(i).get_attribute("href") or "" for i in range(results.count())]
    # search.highlight adds ?h=… to each link; the page is what is before it
    return [href.split("?")[0].split("#")[0] for href in hrefs]


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_searching_a_topics_own_word_lists_its_topic_page_first(browser: object, server: Server,
                                                                viewport: str) -> None:
    content = server.built.prepared.content
    wages = next(t for t in content.topics.values() if "欠薪" in t.keywords)
    # 欠薪 is also in a published case's title (简易程序五个工作日解决农民工欠薪): a title match,
    # which material weighs a thousand times a match in the text, came first before
    assert any("欠薪" in (c.publish.title if c.publish else "") for c in content.cases.values())
    queries = {"欠薪": wages}
    other = next(t for t in content.topics.values() if t.id != wages.id and t.keywords)
    queries[other.keywords[0]] = other
    queries[other.name] = other
    with reading_on(browser, server.built.today, viewport) as page:
        for query, topic in queries.items():
            page.goto(server.url + "/notices/")  # type: ignore[attr-defined]
            listed = _search(page, query)
            assert listed[0].endswith(f"/topics/{topic.id}/"), (query, listed[:3])
        # the case that says 欠薪 in its title is still found, after the topic page
        page.goto(server.url + "/notices/")  # type: ignore[attr-defined]
        listed = _search(page, "欠薪")
        assert any("/cases/" in href for href in listed[1:]), listed

"""The copy that opens from a file share: ``xinfang bundle`` unpacked and opened over file://
in chromium, followed as a citizen would — navigation, a leader, a month, the topic finder,
and search for a leader and a topic, with no web server and nothing fetched from outside; the
copy built by MkDocs and by ProperDocs (``xinfang bundle --engine properdocs``, slow set)."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from generator.pipeline import Pipeline
from generator.site.build.engines import Engine
from tests.browser.conftest import VIEWPORTS, dated_context
from tests.conftest import REPO
from tests.site.conftest import TODAY

pytestmark = pytest.mark.browser


@dataclass
class Unpacked:
    index: Path
    pipeline: Pipeline


@pytest.fixture(scope="module", params=[pytest.param(Engine.MKDOCS, id="mkdocs"),
                                        pytest.param(Engine.PROPERDOCS, id="properdocs", marks=pytest.mark.slow)])
def unpacked(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Unpacked:
    import os

    folder = tmp_path_factory.mktemp(f"bundle-{request.param.value}")
    pipeline = Pipeline(REPO / "content", today=TODAY, letters_dir=folder / "letters")
    cwd = Path.cwd()
    os.chdir(REPO)  # the root mkdocs.yml, as for a user
    try:
        report = pipeline.bundle(folder / "示例市信访局网站.zip", engine=request.param.value)
    finally:
        os.chdir(cwd)
    with zipfile.ZipFile(report.output) as archive:
        archive.extractall(folder / "share")
    return Unpacked(folder / "share" / "示例市信访局网站" / "index.html", pipeline)


@pytest.fixture(params=list(VIEWPORTS))
def page(request: pytest.FixtureRequest, browser: object, unpacked: Unpacked) -> Iterator[object]:
    context = dated_context(browser, TODAY, viewport=VIEWPORTS[request.param])
    tab = context.new_page()
    requests: list[str] = []
    tab.on("request", lambda r: requests.append(r.url))
    errors: list[str] = []
    tab.on("pageerror", lambda e: errors.append(str(e)))
    yield tab
    context.close()
    outside = [u for u in requests if not u.startswith(("file://", "data:", "blob:", "about:"))]
    assert not outside, f"requests left the copy: {outside[:5]}"
    assert not errors, errors


def _open_search(page) -> None:  # type: ignore[no-untyped-def]
    if page.locator(".md-search__input").is_hidden():
        page.locator("label.md-header__button[for=__search]").click()


def test_navigation_leader_and_month_open_as_files(page, unpacked: Unpacked) -> None:  # type: ignore[no-untyped-def]
    content = unpacked.pipeline.prepare().content
    page.goto(unpacked.index.as_uri())
    assert page.title() == "示例市信访局"
    if page.locator(".md-tabs").is_visible():
        page.locator(".md-tabs a", has_text="接访领导").click()
    else:
        page.locator("label.md-header__button[for=__drawer]").click()
        page.locator(".md-nav--primary a", has_text="接访领导").first.click()
    page.wait_for_load_state()
    assert page.url.endswith("/leaders/index.html")
    leader = next(iter(content.leaders.values()))
    page.locator(f"a[href='{leader.id}.html']").first.click()
    page.wait_for_load_state()
    assert page.url.endswith(f"/leaders/{leader.id}.html")
    assert leader.name in page.locator("h1").inner_text()
    page.goto(unpacked.index.parent.joinpath("schedule", "index.html").as_uri())
    page.locator("ul.xf-months a", has_text="2026年12月").first.click()
    page.wait_for_load_state()
    assert page.url.endswith("/schedule/2026-12/index.html")
    assert page.locator("table.xf-sessions tr.xf-session").count() > 0
    # the theme's stylesheet and our script ran: the 大字 switch is there
    assert page.locator("button.xf-large-toggle").count() == 1


def test_topic_finder_opens_the_topic_file(page, unpacked: Unpacked) -> None:  # type: ignore[no-untyped-def]
    content = unpacked.pipeline.prepare().content
    topic = next(t for t in content.topics.values() if "欠薪" in t.keywords)
    page.goto(unpacked.index.as_uri())
    page.fill("#xf-finder-input", "欠薪")
    page.press("#xf-finder-input", "Enter")
    page.wait_for_load_state()
    assert page.url.endswith(f"/topics/{topic.id}.html")


def test_search_finds_a_leader_and_a_topic_without_a_server(page, unpacked: Unpacked) -> None:  # type: ignore[no-untyped-def]
    content = unpacked.pipeline.prepare().content
    leader = next(iter(content.leaders.values()))
    topic = next(t for t in content.topics.values() if "欠薪" in t.keywords)
    for query, target in ((leader.name, f"leaders/{leader.id}.html"), ("欠薪", f"topics/{topic.id}.html")):
        page.goto(unpacked.index.parent.joinpath("notices", "index.html").as_uri())
        _open_search(page)
        page.fill(".md-search__input", query)
        page.press(".md-search__input", "End")
        # search.highlight adds ?h=… to each result's link
        result = page.locator(f".md-search-result__link[href*='/{target}?']:visible").first
        result.wait_for(timeout=30_000)
        result.click()
        page.wait_for_load_state()
        assert page.url.split("?")[0].endswith("/" + target)

"""City-scale lists stay phone-sized: a topic with more responsible leaders than one page
holds lists the city's and the counties' and gives each county's townships a page; a long
list of cases is cut into numbered pages. Built from the sample with tiny thresholds, so the
build's own link, fragment and privacy checks run over the new pages too."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import html

from generator.model.units import UnitLevel
from generator.site.pages import cases, directory
from tests.site.conftest import TODAY, Built, build_sample


@pytest.fixture(scope="module")
def small_pages(tmp_path_factory: pytest.TempPathFactory) -> Built:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(directory, "TOPIC_ROWS", 1)
        patch.setattr(cases, "CASE_ROWS", 2)
        patch.setattr(directory, "TOPIC_CANDIDATES", 2)
        return build_sample(tmp_path_factory.mktemp("city-lists") / "site", TODAY)


def _leader_links(page: Path) -> list[str]:
    tree = html.parse(str(page))
    return [a.get("href").rstrip("/").rsplit("/", 1)[-1]
            for a in tree.xpath('//table[contains(@class,"xf-leaders")]//td[@data-label="领导"]/a')]


def test_a_topic_with_many_leaders_lists_township_leaders_on_their_county_pages(small_pages: Built) -> None:
    content = small_pages.prepared.content
    split = 0
    for topic in content.topics.values():
        responsible = [x for x in content.leaders.values() if topic.id in x.topics and x.serves_on(TODAY)]
        if len(responsible) <= 1:
            continue
        folder = small_pages.site / "topics" / topic.id
        on_topic = _leader_links(folder / "index.html")
        township = {x.id for x in responsible if content.units[x.unit].level is UnitLevel.TOWNSHIP}
        assert set(on_topic) == {x.id for x in responsible} - township
        found: list[str] = []
        for county_page in sorted(folder.glob("in-*/index.html")):
            county = county_page.parent.name.removeprefix("in-")
            listed = _leader_links(county_page)
            # the county's own leaders and its townships', nobody from elsewhere
            assert all(county in [u.id for u in content.unit_chain(content.leaders[x].unit)] for x in listed)
            found += [x for x in listed if x in township]
            places = html.parse(str(county_page)).xpath('//form[contains(@class,"xf-place")]//option/@value')
            assert places[0] == "" and all(county in [u.id for u in content.unit_chain(p)] for p in places[1:])
            # the topic page links each county page
            assert county_page.parent.name in (folder / "index.html").read_text(encoding="utf-8")
        assert sorted(found) == sorted(township), topic.id  # each township leader on exactly one page
        split += bool(township)
    assert split, "no topic of the sample has township leaders: the test proves nothing"


def test_a_long_list_of_cases_is_cut_into_numbered_pages(small_pages: Built) -> None:
    content = small_pages.prepared.content
    published = {c.id for c in content.cases.values()
                 if c.publish and not content.topics[c.topic].sensitive and c.received <= TODAY}
    assert len(published) >= 3  # at two a page, at least two pages
    pages = [small_pages.site / "cases" / "index.html"]
    number = 2
    while (small_pages.site / "cases" / "index" / str(number) / "index.html").exists():
        pages.append(small_pages.site / "cases" / "index" / str(number) / "index.html")
        number += 1
    assert len(pages) == (len(published) + 1) // 2
    seen: list[str] = []
    for number, page in enumerate(pages, start=1):
        tree = html.parse(str(page))
        rows = tree.xpath('//table[contains(@class,"xf-table")]//td[@data-label="案例"]/a/@href')
        assert 1 <= len(rows) <= 2
        seen += [href.rstrip("/").rsplit("/", 1)[-1] for href in rows]
        current = tree.xpath('//nav[contains(@class,"xf-pager")][1]//strong[@aria-current="page"]/text()')
        assert current[0] == str(number)
        assert f"共 {len(pages)} 页" in tree.xpath('string(//nav[contains(@class,"xf-pager")][1])')
    assert sorted(seen) == sorted(published)


def test_many_rows_share_the_page_s_upcoming_sessions(small_pages: Built) -> None:
    """Each 下次接访 carries the sessions a reader's later day needs, at least the next two, and
    a page of many leaders shares TOPIC_CANDIDATES among them (eight each made a city topic page
    of thirty county leaders 100 KB)."""
    content = small_pages.prepared.content
    carried = 0
    for page in (small_pages.site / "topics").glob("**/index.html"):
        for ids in html.parse(str(page)).xpath('//table[contains(@class,"xf-leaders")]//@data-xf-next'):
            assert len(ids.split()) <= 2
            carried += len(ids.split())
    assert carried
    # without the squeeze the sample's leaders carry more than two (so the test can fail)
    upcoming = [s for s in small_pages.prepared.sessions if s.date >= TODAY and s.leaders]
    assert max(sum(1 for s in upcoming if x in s.leaders) for x in content.leaders) > 2

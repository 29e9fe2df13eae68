"""The links a session row shares between pages (``placement.link_scope``, ``Cells``): a cell
made for one page is served to another only when that page writes every one of its links the
same way, in each link style, whatever order the pages ask in."""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import xml.etree.ElementTree as ET

import pytest

from generator.pipeline import prepare
from generator.schedule.sessions import ScheduledSession, SessionStatus
from generator.site.parts import placement
from generator.site.parts.data import SiteData
from generator.site.parts.placement import LinkStyle, link_scope, link_style, rel
from generator.site.parts.session_table import Cells, leaders_html, topics_html
from tests.conftest import REPO

PAGES = [
    "index.md", "schedule/index.md", "schedule/week.md", "schedule/2026-05/index.md",
    "schedule/2026-05/county-1.md", "schedule/2026-05/county-1-2.md", "schedule/2026-06/county-2.md",
    "leaders/index.md", "leaders/li.md", "leaders/wang.md", "leaders/county-1.md", "topics/index.md",
    "topics/wage.md", "topics/wage/county-1.md", "statistics/index.md", "embed/index.md",
    "embed/leaders/li.html", "embed/topics/wage.html", "leaders.md", "topics.md", "leadership/x.md",
]
TARGETS = {"leaders": ["leaders/li.md", "leaders/wang.md", "leaders/index.md", "leaders/county-1.md"],
           "topics": ["topics/wage.md", "topics/index.md", "topics/wage/county-1.md"]}


@pytest.mark.parametrize("style", list(LinkStyle))
def test_pages_of_one_scope_write_every_link_into_the_section_alike(style: LinkStyle) -> None:
    with link_style(style):
        for section, targets in TARGETS.items():
            shared = 0
            for a, b in itertools.combinations(PAGES, 2):
                if link_scope(a, section) == link_scope(b, section):
                    shared += 1
                    assert [rel(a, t) for t in targets] == [rel(b, t) for t in targets], (a, b, section)
            assert shared > 10  # the test compares pages that do share a scope


def test_a_page_inside_the_section_or_beside_its_name_is_a_scope_of_its_own() -> None:
    with link_style(LinkStyle.FOLDERS):
        # written by hand: from a county's month page up three folders; from a leader's page one
        assert rel("schedule/2026-05/county-1.md", "leaders/li.md") == "../../../leaders/li/"
        assert rel("topics/wage.md", "leaders/li.md") == "../../leaders/li/"
        assert rel("leaders/wang.md", "leaders/li.md") == "../li/"
        assert rel("leaders.md", "leaders/li.md") == "li/"
        assert link_scope("schedule/2026-05/county-1.md", "leaders") != link_scope("topics/wage.md", "leaders")
        assert link_scope("schedule/2026-05/index.md", "leaders") == link_scope("topics/wage.md", "leaders")
        for page in ("leaders/wang.md", "leaders/index.md", "leaders.md"):
            assert link_scope(page, "leaders") == (LinkStyle.FOLDERS, page)
        # a section whose name begins another's is another section
        assert link_scope("leadership/x.md", "leaders") == link_scope("topics/wage.md", "leaders")
    with link_style(LinkStyle.FILES):
        assert rel("schedule/2026-05/county-1.md", "leaders/li.md") == "../../leaders/li.html"
        # a file's links climb from its folder: a month's page and its counties' are alike here
        assert rel("schedule/2026-05/index.md", "leaders/li.md") == "../../leaders/li.html"
        assert link_scope("schedule/2026-05/county-1.md", "leaders") == link_scope("schedule/2026-05/index.md",
                                                                                  "leaders")
        assert link_scope("schedule/2026-05/county-1.md", "leaders") != link_scope("topics/wage.md", "leaders")


@pytest.fixture(scope="module")
def sample() -> SiteData:
    prepared = prepare(REPO / "content")
    return SiteData(prepared, dt.date(2026, 6, 15), None)


def _hrefs(cell: str) -> list[tuple[str, str]]:
    """The (href, text) of each link in a cell, read as XML."""
    return [(a.get("href") or "", "".join(a.itertext())) for a in ET.fromstring(f"<td>{cell}</td>").iter("a")]


def _variants(sample: SiteData) -> list[ScheduledSession]:
    """Sessions alike in what a row's text says but not in whom or what it links."""
    content = sample.content
    base = next(s for s in sample.sessions if s.leaders and s.topics)
    leaders, topics = list(content.leaders), list(content.topics)
    hostile = '<script>alert(1)</script>"&\'\n[x](javascript:1)'
    return [
        base,
        dataclasses.replace(base, id="other-id"),
        dataclasses.replace(base, leaders=tuple(reversed(leaders[:2]))),
        dataclasses.replace(base, leaders=tuple(leaders[:2])),
        dataclasses.replace(base, leaders=(), role=hostile),
        dataclasses.replace(base, role=hostile, with_others=hostile),
        dataclasses.replace(base, with_others=""),
        dataclasses.replace(base, status=SessionStatus.CANCELLED),
        dataclasses.replace(base, topics=tuple(topics[:2])),
        dataclasses.replace(base, topics=tuple(reversed(topics[:2]))),
        dataclasses.replace(base, topics=()),
    ]


@pytest.mark.parametrize("style", list(LinkStyle))
def test_a_cell_is_what_the_page_itself_would_make_in_any_order(sample: SiteData, style: LinkStyle) -> None:
    content = sample.content
    sessions = _variants(sample)
    with link_style(style):
        for order in (PAGES, PAGES[::-1]):
            cells = Cells(content, sample.today)
            for page, session in itertools.product(order, sessions):
                assert cells.team(session, page) == leaders_html(session, content, page), (page, session)
                assert cells.topics(session, page) == topics_html(session, content, page), (page, session)
    # and what they make links each leader and topic from where the page is
    with link_style(LinkStyle.FOLDERS):
        cells = Cells(content, sample.today)
        two = sessions[3]
        first, second = two.leaders
        for page, up in (("schedule/2026-05/county-1.md", "../../../"), ("topics/wage.md", "../../"),
                         ("schedule/2026-05/index.md", "../../")):
            assert _hrefs(cells.team(two, page)) == [
                (f"{up}leaders/{first}/", content.leaders[first].name),
                (f"{up}leaders/{second}/", content.leaders[second].name)]
        assert _hrefs(cells.team(two, f"leaders/{first}.md")) == [  # (its own page: "./")
            ("./", content.leaders[first].name), (f"../{second}/", content.leaders[second].name)]
        hostile = sessions[5]
        cell = ET.fromstring(f"<td>{cells.team(hostile, 'topics/wage.md')}</td>")
        assert "".join(cell.itertext()).count("<script>alert(1)</script>") == 2  # as text, twice
        assert not list(cell.iter("script"))
        t1, t2 = sessions[8].topics
        assert _hrefs(cells.topics(sessions[9], "schedule/2026-05/index.md")) == [
            (f"../../topics/{t2}/", content.topics[t2].name), (f"../../topics/{t1}/", content.topics[t1].name)]
        assert _hrefs(cells.topics(sessions[9], f"topics/{t1}.md")) == [
            (f"../{t2}/", content.topics[t2].name), ("./", content.topics[t1].name)]


def test_a_link_to_a_session_row_reaches_its_own_row_from_every_page(monkeypatch: pytest.MonkeyPatch) -> None:
    """``Placement.href`` keeps the way to each schedule page per scope: from every page, in any
    order, each session's link goes to its own page and row."""
    monkeypatch.setattr(placement, "MONTH_SPLIT_AT", 2)  # the sample's months split per county
    data = SiteData(prepare(REPO / "content"), dt.date(2026, 6, 15), None)
    by_id = {s.id: s for s in data.sessions}
    city, dongcheng, dongcheng2 = (by_id[x] for x in ("city-wednesday-20261104", "dongcheng-daily-20261102",
                                                       "dongcheng-daily-20261201"))
    expected = {  # written by hand: (from page, session) -> link
        ("leaders/xu-guangming.md", dongcheng): "../../schedule/2026-11/dongcheng/#dongcheng-daily-20261102",
        ("leaders/xu-guangming.md", dongcheng2): "../../schedule/2026-12/dongcheng/#dongcheng-daily-20261201",
        ("leaders/xu-guangming.md", city): "../../schedule/2026-11/#city-wednesday-20261104",
        ("topics/wage.md", dongcheng): "../../schedule/2026-11/dongcheng/#dongcheng-daily-20261102",
        ("index.md", dongcheng): "schedule/2026-11/dongcheng/#dongcheng-daily-20261102",
        ("schedule/index.md", dongcheng): "2026-11/dongcheng/#dongcheng-daily-20261102",
        ("schedule/2026-11/index.md", dongcheng): "dongcheng/#dongcheng-daily-20261102",
        ("schedule/2026-11/dongcheng.md", dongcheng): "./#dongcheng-daily-20261102",
        ("schedule/2026-11/dongcheng.md", city): "../#city-wednesday-20261104",
        ("schedule/2026-12/dongcheng.md", dongcheng): "../../2026-11/dongcheng/#dongcheng-daily-20261102",
        ("embed/units/dongcheng/week/index.html", dongcheng):
            "../../../../schedule/2026-11/dongcheng/#dongcheng-daily-20261102",
    }
    for order in (list(expected), list(expected)[::-1]):
        data = SiteData(data.prepared, data.today, None)
        with link_style(LinkStyle.FOLDERS):
            assert {key: data.placement.href(key[1], key[0]) for key in order} == expected
    with link_style(LinkStyle.FILES):
        assert data.placement.href(dongcheng, "leaders/xu-guangming.md") == \
            "../schedule/2026-11/dongcheng.html#dongcheng-daily-20261102"
        assert data.placement.href(dongcheng, "schedule/2026-11/index.md") == \
            "dongcheng.html#dongcheng-daily-20261102"

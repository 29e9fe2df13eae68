"""How a URL is written, and which schedule page shows a session: the one owner of both.

A page's address on a web server is its folder (``leaders/x/``); in the copy that opens from
a file share (``xinfang bundle``) a folder would open a file listing, so every link names
the file (``leaders/x.html``, MkDocs' ``use_directory_urls: false``); Zensical wants them
relative to the Markdown file (``LinkStyle``).  ``link_style`` switches every raw-HTML link of
every generator at once; the published addresses (feeds, calendars, JSON-LD, QR codes, open
data) stay the server's, as ``url_of`` writes them.

A quiet month is one page; a busy one (a city's) has its city-level sessions on the month
page and each county's on its own pages, split again every ``PAGE_ROWS`` rows.  The month
pages are laid out from this placement, and every link to a session — the calendar feeds'
URL, the JSON-LD ``url``, the RSS items, "查看详情" — asks it, so a link and the row it
points at cannot drift apart.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from enum import Enum
from functools import lru_cache

from ...model.content import Content
from ...model.units import UnitLevel
from ...schedule.sessions import ScheduledSession


class LinkStyle(Enum):
    """How a page's raw-HTML links are written."""

    FOLDERS = "folders"
    """Relative to the page's address on a server, to the target's folder (MkDocs, ProperDocs)."""
    FILES = "files"
    """To the target's file (the copy for file://)."""
    SOURCE = "source"
    """Relative to the page's Markdown file: Zensical resolves every relative link in a page as a
    Markdown link, from the source file's folder (a page ``x.md`` is served at ``x/``), so it
    moves raw-HTML links to a page's own address itself."""


_STYLE = LinkStyle.FOLDERS


@contextmanager
def link_style(style: LinkStyle) -> Iterator[None]:
    """Within this block every page link is written in ``style``."""
    global _STYLE
    before, _STYLE = _STYLE, style
    try:
        yield
    finally:
        _STYLE = before


def current_style() -> LinkStyle:
    """How links are written here and now (what a text with links in it depends on)."""
    return _STYLE


def links_to_files(on: bool = True) -> AbstractContextManager[None]:
    """Within this block every page link is written for ``file://`` (``x.html``, ``x/index.html``)."""
    return link_style(LinkStyle.FILES if on else _STYLE)


def url_of(page: str) -> str:
    """Docs-relative Markdown path -> its address on a web server: 'leaders/x.md' -> 'leaders/x/'."""
    if page.endswith("index.md"):
        return page[: -len("index.md")]
    if page.endswith(".md"):
        return page[:-3] + "/"
    return page


def file_of(page: str) -> str:
    """Docs-relative Markdown path -> the file MkDocs writes without directory URLs:
    'leaders/x.md' -> 'leaders/x.html', 'leaders/index.md' -> 'leaders/index.html'."""
    return page[:-3] + ".html" if page.endswith(".md") else page


def page_url(page: str) -> str:
    """The page's site-relative link target as this build writes links."""
    return file_of(page) if _STYLE is LinkStyle.FILES else url_of(page)


def rel(from_page: str, target: str) -> str:
    """A relative URL from the page generated from ``from_page`` to ``target``
    (a Markdown path or a static file path), as the browser resolves it."""
    return _rel(from_page, target, _STYLE)


@lru_cache(maxsize=1 << 16)
def _rel(from_page: str, target: str, style: LinkStyle) -> str:
    there = file_of(target) if style is LinkStyle.FILES else url_of(target)
    path = _relpath(there, _base(from_page, style))
    if (there == "" or there.endswith("/")) and not path.endswith("/"):
        path += "/"
    return "./" if path in (".", "./") else path

def _base(from_page: str, style: LinkStyle) -> str:
    """The folder the links of the page generated from ``from_page`` are resolved from."""
    if style is LinkStyle.SOURCE and from_page.endswith(".md"):
        here = posixpath.dirname(from_page) + "/" if "/" in from_page else ""
    else:
        here = file_of(from_page) if style is LinkStyle.FILES else url_of(from_page)
    return here if here.endswith("/") or not here else posixpath.dirname(here)


def link_scope(from_page: str, section: str) -> tuple[LinkStyle, int | str]:
    """What the links from the page generated from ``from_page`` to the pages of ``section``
    (``leaders``: ``leaders/x.md``, ids as ``model.base.ID_PATTERN`` allows) depend on, as
    links are written here and now: two pages of one scope write each such link alike
    (``rel``), so a text of those links is made once per scope, not once per page (a city's
    month pages link its leaders from some six hundred pages, two scopes).  A page outside
    the section climbs to the site's root and down into it, so only its depth counts; a page
    inside it (or an odd path) is a scope of its own."""
    return _scope(from_page, section, _STYLE)


@lru_cache(maxsize=1 << 12)
def _scope(from_page: str, section: str, style: LinkStyle) -> tuple[LinkStyle, int | str]:
    base = _base(from_page, style)
    steps = [x for x in base.split("/") if x]
    if base.startswith("/") or {".", ".."} & set(steps) or (steps and steps[0] == section):
        return style, from_page
    # _relpath shares no leading step with the target then: the climb is one ".." a step
    return style, len(steps)


def _relpath(path: str, start: str) -> str:
    """``posixpath.relpath(path or ".", start or ".")`` for the site's own relative paths,
    without its two ``abspath`` calls: a city's pages ask for some fifty thousand links."""
    to, base = path.split("/"), start.split("/")
    if path.startswith("/") or start.startswith("/") or {".", ".."} & {*to, *base}:
        return posixpath.relpath(path or ".", start or ".")
    to, base = [x for x in to if x], [x for x in base if x]
    same = 0
    for a, b in zip(to, base, strict=False):
        if a != b:
            break
        same += 1
    return "/".join([".."] * (len(base) - same) + to[same:]) or "."


MONTH_SPLIT_AT = 120
"""A month with more sessions than this gets one page per county (pages stay small)."""
PAGE_ROWS = 80
"""Rows per schedule page: a row is about 1 KB (its marks for the day it is read, tel: links, notes),
so 80 rows and the page around them stay within the 100 KB budget for phones."""


def month_page(year: int, month: int) -> str:
    return f"schedule/{year}-{month:02d}/index.md"


def county_page(year: int, month: int, county_id: str, number: int = 1) -> str:
    """The ``number``-th page of one county's sessions in a split month."""
    suffix = "" if number == 1 else f"-{number}"
    return f"schedule/{year}-{month:02d}/{county_id}{suffix}.md"


@dataclass
class CountyPages:
    county_id: str
    pages: list[tuple[str, list[ScheduledSession]]]
    """(page path, its rows) in order; the first page links the others."""

    @property
    def sessions(self) -> int:
        return sum(len(rows) for _, rows in self.pages)


@dataclass
class MonthLayout:
    year: int
    month: int
    main: list[ScheduledSession]
    """Rows on the month page itself: every session, or the city-level ones when split."""
    counties: list[CountyPages] = field(default_factory=list)

    @property
    def page(self) -> str:
        return month_page(self.year, self.month)

    @property
    def split(self) -> bool:
        return bool(self.counties)


def layout_month(content: Content, year: int, month: int, sessions: list[ScheduledSession]) -> MonthLayout:
    if len(sessions) <= MONTH_SPLIT_AT:
        return MonthLayout(year, month, list(sessions))
    by_county: dict[str, list[ScheduledSession]] = {}
    city_level: list[ScheduledSession] = []
    county_of: dict[str, str | None] = {}  # each unit's county, looked up once, not once per session
    for session in sessions:
        if session.unit not in county_of:
            county_of[session.unit] = next((u.id for u in content.unit_chain(session.unit)
                                            if u.level is UnitLevel.COUNTY), None)
        county = county_of[session.unit]
        if county is None:
            city_level.append(session)
        else:
            by_county.setdefault(county, []).append(session)
    counties = []
    for county_id, group in by_county.items():
        chunks = [group[i:i + PAGE_ROWS] for i in range(0, len(group), PAGE_ROWS)]
        counties.append(CountyPages(county_id, [(county_page(year, month, county_id, n), chunk)
                                                for n, chunk in enumerate(chunks, start=1)]))
    return MonthLayout(year, month, city_level, counties)


class Placement:
    """Every month's layout and, for each session, the page its row is on."""

    def __init__(self, content: Content, by_month: dict[tuple[int, int], list[ScheduledSession]]) -> None:
        self.months = {key: layout_month(content, *key, sessions) for key, sessions in by_month.items()}
        self._pages: dict[str, str] = {}
        self._hrefs: dict[tuple[tuple[LinkStyle, int | str], str], str] = {}
        for layout in self.months.values():
            self._place(layout.page, layout.main)
            for county in layout.counties:
                for path, rows in county.pages:
                    self._place(path, rows)

    def _place(self, page: str, sessions: Iterable[ScheduledSession]) -> None:
        for session in sessions:
            self._pages[session.id] = page

    def same_pages(self, other: Placement, ids: Iterable[str]) -> bool:
        """Whether the rows of the sessions ``ids`` are on the same pages in ``other`` (``serve``
        asks it of a city's 40,000 sessions after each save)."""
        mine, theirs = self._pages, other._pages
        return all(mine[key] == theirs[key] for key in ids)

    def page_of(self, session: ScheduledSession) -> str:
        """The Markdown path of the schedule page that holds the session's row."""
        return self._pages[session.id]

    def path(self, session: ScheduledSession) -> str:
        """Site-relative URL of the session's row: ``schedule/2026-05/c01/#id``."""
        return f"{url_of(self.page_of(session))}#{session.id}"

    def href(self, session: ScheduledSession, from_page: str) -> str:
        """A link to the session's row from the page generated from ``from_page``: to its page,
        made once per ``link_scope`` (a city's leader pages link some thirty thousand rows on
        six hundred schedule pages, mostly a pair of pages apart)."""
        page = self._pages[session.id]
        key = (link_scope(from_page, "schedule"), page)
        there = self._hrefs.get(key)
        if there is None:
            there = self._hrefs[key] = rel(from_page, page)
        return f"{there}#{session.id}"

    def url(self, session: ScheduledSession, base_url: str | None) -> str | None:
        """The absolute URL (for feeds, calendars, JSON-LD); None without a site_url."""
        if not base_url:
            return None
        # the path is docs-relative (a generated page's): what posixpath.join does with it, without
        # its checks (a city's open data and calendars ask for 59,543 URLs)
        return base_url.rstrip("/") + "/" + self.path(session)

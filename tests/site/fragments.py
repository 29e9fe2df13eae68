"""An independent reader of a built site's ``#fragment`` links, for the tests: the standard
library's HTML parser, icalendar for the .ics feeds and ElementTree for feed.xml — not the
code under test (``checks.find_dead_links`` uses lxml and its own .ics reading)."""

from __future__ import annotations

import json
import posixpath
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit
from xml.etree import ElementTree

from icalendar import Calendar


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.hrefs: list[str] = []
        self.json_ld: list[str] = []
        self._in_json_ld = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(str(values["id"]))
        if tag == "a" and values.get("name"):
            self.ids.add(str(values["name"]))
        if tag == "a" and values.get("href"):
            self.hrefs.append(str(values["href"]))
        self._in_json_ld = tag == "script" and values.get("type") == "application/ld+json"

    def handle_endtag(self, tag: str) -> None:
        self._in_json_ld = False

    def handle_data(self, data: str) -> None:
        if self._in_json_ld:
            self.json_ld.append(data)


@dataclass
class FragmentLinks:
    """Every link with a #fragment, by where it was found, and those that do not resolve."""

    checked: dict[str, int] = field(default_factory=dict)
    """Kind of output ('page', 'json-ld', 'rss', 'ics', 'open-data') -> number of fragment links."""
    targets: set[str] = field(default_factory=set)
    """The pages (site paths) fragment links point at."""
    dead: list[str] = field(default_factory=list)


def _parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def fragment_links(site: Path, base_url: str | None) -> FragmentLinks:
    result = FragmentLinks()
    pages: dict[str, _Page] = {}

    def page_at(relative: str) -> _Page | None:
        relative = relative.strip("/")
        for candidate in (relative, f"{relative}/index.html".lstrip("/")):
            if candidate.endswith(".html") and (site / candidate).is_file():
                if candidate not in pages:
                    pages[candidate] = _parse(site / candidate)
                return pages[candidate]
        return None

    def absolute_to_site(url: str) -> str | None:
        assert base_url, f"an absolute link {url} in a site built without site_url"
        assert url.startswith(base_url), f"{url} is not under the site's address {base_url}"
        return url[len(base_url):]

    def check(kind: str, where: str, target: str, fragment: str, url: str) -> None:
        result.checked[kind] = result.checked.get(kind, 0) + 1
        result.targets.add(target.strip("/"))
        found = page_at(target)
        if found is None:
            result.dead.append(f"{where}: {url} -> no page {target}")
        elif unquote(fragment) not in found.ids:
            result.dead.append(f"{where}: {url} -> no #{fragment} on {target}")

    for path in sorted(site.rglob("*.html")):
        relative = path.relative_to(site).as_posix()
        page = page_at(relative)
        assert page is not None
        for href in page.hrefs:
            parts = urlsplit(href)
            if not parts.fragment or parts.scheme or parts.netloc:
                continue
            if parts.path:
                target = posixpath.normpath(posixpath.join(posixpath.dirname(relative), parts.path))
            else:
                target = relative
            check("page", relative, target, parts.fragment, href)
        for block in page.json_ld:
            data = json.loads(block)
            for item in data if isinstance(data, list) else [data]:
                if "url" in item and "#" in item["url"]:
                    parts = urlsplit(item["url"])
                    local = absolute_to_site(item["url"].split("#")[0])
                    check("json-ld", relative, local or "", parts.fragment, item["url"])
    feed = site / "feed.xml"
    if feed.exists():
        for link in ElementTree.parse(feed).getroot().iter("link"):
            url = link.text or ""
            if "#" in url:
                check("rss", "feed.xml", absolute_to_site(url.split("#")[0]) or "", urlsplit(url).fragment, url)
    schedule = site / "data" / "schedule.json"
    if schedule.exists():
        for record in json.loads(schedule.read_text(encoding="utf-8"))["sessions"]:
            url = record.get("url") or ""
            if "#" in url:
                check("open-data", "data/schedule.json", absolute_to_site(url.split("#")[0]) or "",
                      urlsplit(url).fragment, url)
    for ics in sorted(site.rglob("*.ics")):
        calendar = Calendar.from_ical(ics.read_bytes())
        for event in calendar.walk("VEVENT"):
            url = str(event.get("url") or "")
            if "#" in url:
                where = ics.relative_to(site).as_posix()
                check("ics", where, absolute_to_site(url.split("#")[0]) or "", urlsplit(url).fragment, url)
    return result

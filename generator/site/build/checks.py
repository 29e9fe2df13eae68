"""Checks on the built site before it is published: external assets, dead links,
page and search-index size.  (The privacy scan lives in ``privacy.scan``.)"""

from __future__ import annotations

import functools
import json
import posixpath
import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import unquote, urlsplit
from xml.etree import ElementTree

from selectolax.lexbor import LexborNode

from . import external_assets

PAGE_BUDGET = 100 * 1024
SEARCH_INDEX_BUDGET = 5 * 1024 * 1024

_EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:)?//", re.IGNORECASE)
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)
_ICS_URL = re.compile(r"\nURL(?:;[^:\r\n]*)?:(.*)")
"""A ``URL`` property at the start of a line (of the text after a line break put in front):
a pattern that starts with a literal is searched for by the engine, ``^`` with MULTILINE is
tried at every character."""
_ICS_FOLD = re.compile(r"\r\n[ \t]|\n[ \t]")
"""RFC 5545 3.1: a long line goes on after a line break and one space or tab (``\r?\n[ \t]``,
written as branches that begin with a character, for the same reason)."""
_UNSPLIT = re.compile(r"^[\x00-\x20]|[\t\r\n]")
"""What ``urlsplit`` removes from an address before it splits off the fragment: an address with
one of these is resolved whole (``LinkResolver.follow``)."""
_URL = "\x01"
"""Stands for the link in ``LinkResolver``'s cached problems (the same target, other fragments)."""
FILES_ONLY = "\0"
"""Marks ``resolve``'s problems that only a page of the copy for files has (a feed's link is the
address online, not a file of the copy)."""


@dataclass(frozen=True)
class Finding:
    file: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.message}"


def _text_files(folder: Path, suffixes: tuple[str, ...]) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file() and p.suffix in suffixes]


@dataclass
class Page:
    """What the checks need of one built page, read from one parse of it."""

    links: set[str]
    anchors: set[str]
    """Every ``id`` and ``<a name>`` on the page: what a ``#fragment`` may point at."""
    external: list[str]
    """URLs of other hosts the page would load (see ``external_assets``)."""


_READ = external_assets.any_of({"a", "script", "template", *external_assets.LOADING_TAGS},
                               {"id", *external_assets.ANY_ELEMENT})
"""The elements ``page_of`` reads (selected by Lexbor in C): those with an attribute it reads
(``id``, a link's ``href``/``src``), ``<a>`` (``name``), ``<script>`` (JSON-LD), ``<template>``
(whose content is read apart) and every element ``external_assets.loads`` reads; most of a
page's cells and spans, with a ``class`` at most, are never handed to Python."""


def read_page(path: Path) -> Page:
    """The page at ``path`` (see ``page_of``)."""
    return page_of(external_assets.page_bytes(path.read_bytes()))


def page_of(text: str | bytes) -> Page:
    """The page's links (``href``/``src``, JSON-LD ``url``), anchors (``id``, ``<a name>``) and
    external loads (``external_assets.loads`` of the elements ``external_assets.in_html``
    would pick), from one parse by Lexbor (``external_assets.parse_html``: the document a
    browser builds) and one selection of the elements read.  The content of a ``<template>``
    has links and loads but no anchors: a browser's ``#fragment`` does not look inside it."""
    tree = external_assets.parse_html(text)
    if tree is None:
        return Page(set(), set(), [])
    links: set[str] = set()
    anchors: set[str] = set()
    external: list[str] = []
    if _read(tree.css(_READ), links, anchors, external):
        # (looked for only where the selection met a <template>: a walk of the tree each page)
        for content in external_assets.templates(tree):
            _read(content.css(_READ), links, set(), external)
    return Page(links, anchors, external)


def _read(nodes: list[LexborNode], links: set[str], anchors: set[str], external: list[str]) -> bool:
    """``page_of``'s reading of the selected elements ``nodes``, into the other arguments;
    whether one was a ``<template>``.  (Most are links ``<a href>`` and elements with an
    ``id``: they are dealt with first.)"""
    loads, load_attributes = external_assets.loads, external_assets.LOAD_ATTRIBUTES
    template = False
    for node in nodes:
        attributes = node.attributes  # a value is None for an attribute written without one
        tag = node.tag
        if tag == "template":
            template = True
        elif tag == "style":
            external += loads(node, attributes)
            continue
        if "href" in attributes:
            links.add((attributes["href"] or "").strip())
        if "src" in attributes:
            links.add((attributes["src"] or "").strip())
        value = attributes.get("id")
        if value:
            anchors.add(value)
        if tag == "a":
            value = attributes.get("name")
            if value:
                anchors.add(value)
            if "style" in attributes:  # a link loads nothing, but its style may
                external += loads(node, attributes)
            continue
        if not load_attributes.isdisjoint(attributes):
            external += loads(node, attributes)
        if tag == "script" and attributes.get("type") == "application/ld+json":
            links.update(_json_ld_urls(node.text()))
    return template


def read_pages(folder: Path) -> dict[str, Page]:
    """Every built page, by its path relative to ``folder``."""
    return {path.relative_to(folder).as_posix(): read_page(path)
            for path in sorted(folder.rglob("*.html")) if path.is_file()}


def find_external_assets(folder: Path, pages: dict[str, Page] | None = None) -> list[Finding]:
    """Scripts, styles, fonts, images, frames and redirects that would be fetched from
    another host, read from the parsed HTML and CSS (see ``external_assets``).  ``pages``:
    the pages already read (``read_pages``), shared with ``find_dead_links``."""
    pages = read_pages(folder) if pages is None else pages
    findings = []
    for path in _text_files(folder, (".html", ".css")):
        relative = path.relative_to(folder)
        if path.suffix == ".html":
            findings += external_findings(str(relative), pages[relative.as_posix()].external)
        else:
            findings += css_findings(str(relative), path.read_bytes())
    return findings


def external_findings(file: str, urls: list[str]) -> list[Finding]:
    message = "引用了外部资源 {}；网站只能使用自身的文件（政务内网无法访问外网）"
    return [Finding(file, message.format(url)) for url in urls]


def css_findings(file: str, raw: bytes) -> list[Finding]:
    """External loads of the stylesheet ``file`` with content ``raw``."""
    return external_findings(file, external_assets.in_css(raw.decode("utf-8", errors="replace")))


def _json_ld_urls(text: str) -> list[str]:
    try:
        data = json.loads(text)
    except ValueError:
        return []
    items = data if isinstance(data, list) else [data]
    return [item["url"] for item in items if isinstance(item, dict) and isinstance(item.get("url"), str)]


def _url_values(text: str) -> set[str]:
    """Every string under a key "url" in the JSON ``text`` (open data: each session's address),
    collected as the decoder builds each object (a walk of the decoded data afterwards makes a
    call per value, millions in a city's open data)."""
    urls: set[str] = set()

    def collect(pairs: list[tuple[str, Any]]) -> None:
        # the object is dropped once its urls are kept: a city's schedule.json (50 MB) decoded
        # whole was 300 MB of a check worker's peak
        urls.update(value for key, value in pairs if key == "url" and isinstance(value, str))

    json.loads(text, object_pairs_hook=collect)
    return urls


def is_feed(relative: str) -> bool:
    """Whether ``find_dead_links`` follows the links of this file (besides the pages)."""
    return relative == "feed.xml" or relative.endswith(".ics") or (relative.startswith("data/")
                                                                    and relative.endswith(".json"))


def feed_urls(relative: str, raw: bytes) -> set[str]:
    """Links in the RSS feed, the ``URL`` properties of the .ics feeds and the ``url``
    fields of the open data (data/*.json)."""
    text = raw.decode("utf-8", errors="replace")
    suffix = PurePosixPath(relative).suffix
    if suffix == ".json":
        try:
            return _url_values(text)
        except ValueError:
            return set()
    if suffix == ".ics":
        unfolded = "\n" + _ICS_FOLD.sub("", text)
        return {m.group(1).strip() for m in _ICS_URL.finditer(unfolded)}
    try:
        root = ElementTree.fromstring(text.encode("utf-8"))
    except ElementTree.ParseError:
        return set()
    return {(e.text or "").strip() for e in root.iter("link")} - {""}


@dataclass(frozen=True)
class Fragment:
    """A link ``url`` from ``source`` to the place ``#fragment`` on the page ``target``: dead
    if the target page has no element of that name (checked once every page's anchors are
    known: ``missing``)."""

    source: str
    url: str
    target: str
    fragment: str

    def missing(self) -> Finding:
        return Finding(self.source, f"链接 {self.url} 指向的页面上没有“#{self.fragment}”这个位置")


class LinkResolver:
    """Follows a site's internal links to the files they name (see ``find_dead_links``):
    what it needs is every file's path, so each check worker follows the links of the pages
    it parsed itself, and only the links to a place on a page (``Fragment``) wait for that
    page's anchors."""

    def __init__(self, files: Collection[str], pages: Collection[str], base_url: str | None = None, *,
                 for_files: bool = False) -> None:
        self.files, self.pages, self.for_files = files, pages, for_files
        self.base_url = base_url
        site = urlsplit(base_url or "/")
        self.base_path = site.path.rstrip("/") + "/"
        self.own = (site.scheme.lower(), site.netloc.lower())
        # cached: the same header and footer links recur on every page of a folder
        self._resolve = functools.cache(self._resolve_uncached)
        self._plans: dict[str, _Plan | None] = {}
        """``_plan`` of each link met: the menus' links recur on every page (41 K links of a
        city's 163 K are distinct)."""

    def follow(self, source: str, links: Iterable[str]) -> list[Finding | Fragment]:
        """The problems of the links of the file ``source`` and its links to places on pages,
        in the links' order (sorted)."""
        found: list[Finding | Fragment] = []
        folder = posixpath.dirname(source)
        parts = folder.split("/") if folder else []
        # the folders the page's leading "../" go up to (``_from_above``), by their number
        above = ["/".join(parts[:len(parts) - ups]) for ups in range(len(parts) + 1)]
        plans, resolve = self._plans, self._resolve
        for url in sorted(links):
            plan = plans.get(url, _UNSEEN)
            if plan is _UNSEEN:
                plan = plans[url] = _plan(url)
            if plan is None:
                continue
            if not plan:
                resolved = self._resolve_uncached(folder, url)
            else:
                address, relative, ups, lifted, fragment = plan
                if not relative:
                    resolved = resolve("", address)
                elif ups <= len(parts):
                    resolved = resolve(above[ups], lifted)
                else:  # above the site: as written
                    resolved = resolve(folder, address)
                if resolved is not None:
                    resolved = (resolved[0], fragment, resolved[2])
            if resolved is None:
                continue
            target, fragment, problem = resolved
            if problem:
                if problem.startswith(FILES_ONLY):
                    if not source.endswith(".html"):
                        continue
                    problem = problem[1:]
                found.append(Finding(source, problem.replace(_URL, url)))
            elif fragment:
                target = source if target is None else target
                if target in self.pages:
                    found.append(Fragment(source, url, target, fragment))
        return found

    def _resolve_uncached(self, folder_of_page: str, url: str) -> tuple[str | None, str, str] | None:
        """(target file, fragment, problem) for one internal link from a page in
        ``folder_of_page``; target None means "the page itself" (``#id``); ``_URL`` in the problem
        stands for the link as written."""
        files, for_files, base_path = self.files, self.for_files, self.base_path
        try:
            parts = urlsplit(url)
        except ValueError:  # "http://[x/": a host in brackets that is no IPv6 address, which no browser opens
            return ("", "", f"链接 {_URL} 不是有效的网址（主机名写错了）；请改正")
        path = unquote(parts.path)
        if parts.scheme or parts.netloc:
            if not self.base_url or (parts.scheme.lower(), parts.netloc.lower()) != self.own:
                return None  # another site (or no site_url to recognise our own)
            path = path or "/"
        if not path:
            return (None, unquote(parts.fragment), "")  # "#id" or "?q": this page
        if path.startswith("/"):
            if for_files and not (parts.scheme or parts.netloc):
                return ("", "", f"{FILES_ONLY}链接 {_URL} 从网站根目录写起，从文件夹（file://）打开时指向磁盘的根目录；"
                                "应写相对地址")
            if not (path + "/").startswith(base_path):
                return ("", "", f"链接指向网站地址 {base_path} 之外的 {_URL}")
            target = posixpath.normpath(path[len(base_path):] or ".")
        else:
            target = posixpath.normpath(posixpath.join(folder_of_page, path))
        target = "" if target == "." else target
        if target in files:
            return (target, unquote(parts.fragment), "")
        online = bool(parts.scheme or parts.netloc)
        if for_files and online and f"{target}.html" in files:
            return (f"{target}.html", unquote(parts.fragment), "")  # the online address of a page x.html
        if f"{target}/index.html".lstrip("/") in files:
            if for_files and not online:
                return ("", "", f"{FILES_ONLY}链接 {_URL} 指向文件夹，从文件夹（file://）打开时会显示文件列表；"
                                "应写明 index.html")
            return (f"{target}/index.html".lstrip("/"), unquote(parts.fragment), "")
        return ("", "", f"链接指向不存在的地址 {_URL}")


_Plan = tuple[str, bool, int, str, str] | tuple[()]
"""What ``follow`` does with a link, read from the link alone: (the address without its
fragment, whether it is relative, its leading ``../``, the address from the folder they go up
to, the fragment unquoted), or ``()``: resolved whole, from the page's own folder."""
_UNSEEN: Any = object()


def _plan(url: str) -> _Plan | None:
    """``LinkResolver.follow``'s reading of a link, None for one it passes over."""
    if not url or url == "#" or url.startswith(("mailto:", "tel:", "data:", "javascript:", "blob:")):
        return None
    if not _EXTERNAL.match(url) and not url.startswith(("/", "#")) and _SCHEME.match(url):
        return None  # another scheme (webcal:, sms:) is not a file of this site
    if _UNSPLIT.search(url):
        return ()
    # the address without its fragment, from anywhere if it is absolute: the feeds' and the
    # pages' links to the sessions on a page are then one lookup each
    address, _, fragment = url.partition("#")
    relative = not address.startswith("/") and not _EXTERNAL.match(address)
    ups, lifted = _lifted(address) if relative else (0, address)
    return (address, relative, ups, lifted, unquote(fragment))


def _lifted(address: str) -> tuple[int, str]:
    """How many ``../`` a relative ``address`` begins with, and the address from the folder
    they go up to (``_from_above``)."""
    ups = 0
    while address.startswith("../", ups * 3):
        ups += 1
    # "./": what follows stays a path ("..//x", "../?q", "../x:y" are not "/x", "?q" or a scheme)
    return ups, "./" + address[ups * 3:] if ups else address


def _from_above(folder: str, address: str) -> tuple[str, str]:
    """A relative ``address`` from ``folder`` as the same address from the folder its leading
    ``../`` go up to: the menus' links (``../../topics/``) from every page at one depth are then
    one lookup, not one per page's folder.  Left as it is where it would go above the site.
    (``LinkResolver.follow`` does the same with the folders above each page counted once.)"""
    ups, lifted = _lifted(address)
    parts = folder.split("/") if folder else []
    if not ups or len(parts) < ups:
        return folder, address
    return "/".join(parts[:len(parts) - ups]), lifted


def find_dead_links(folder: Path, base_url: str | None = None, pages: dict[str, Page] | None = None, *,
                    for_files: bool = False, feeds: dict[str, set[str]] | None = None,
                    files: set[str] | None = None) -> list[Finding]:
    """Internal links whose target file does not exist, or whose ``#fragment`` names no
    element on the target page — in the pages, their JSON-LD, ``feed.xml``, the .ics
    feeds and the open data.  ``base_url`` is the site's address: under a sub-path (``https://x.gov.cn/xf/``)
    the site's own absolute links start with ``/xf/``, and feeds' absolute URLs start
    with the whole address.  (One walk of the tree, then set lookups: a city-scale site
    has hundreds of thousands of links.)  ``pages``, ``feeds`` (``feed_urls`` of each file
    ``is_feed`` names) and ``files`` (every file's path): already read.  ``for_files``: the copy that opens from ``file://``,
    where a link to a folder opens a file listing: a page's links must name files (addresses
    of the site online, in feeds and JSON-LD, still name folders)."""
    if files is None:
        files = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}
    pages = read_pages(folder) if pages is None else pages
    sources: dict[str, set[str]] = {page: parsed.links for page, parsed in pages.items()}
    if feeds is None:
        feeds = {f: feed_urls(f, (folder / f).read_bytes()) for f in sorted(files) if is_feed(f)}
    sources.update(sorted(feeds.items()))
    resolver = LinkResolver(files, pages, base_url, for_files=for_files)
    findings = []
    for source, links in sources.items():
        for found in resolver.follow(source, links):
            if isinstance(found, Finding):
                findings.append(found)
            elif found.fragment not in pages[found.target].anchors:
                findings.append(found.missing())
    return findings


def find_oversized(folder: Path, *, page_budget: int | None = None, index_budget: int = SEARCH_INDEX_BUDGET,
                   search_index: str = "search/search_index.json",
                   sizes: dict[str, int] | None = None) -> list[Finding]:
    """Pages over the phone budget (``PAGE_BUDGET``, read when called), and the search index
    (where the engine writes it) over its own.  ``sizes``: every file's size, already known."""
    page_budget = PAGE_BUDGET if page_budget is None else page_budget
    if sizes is None:
        sizes = {p.relative_to(folder).as_posix(): p.stat().st_size for p in folder.rglob("*") if p.is_file()}
    findings = []
    for name, size in sorted(sizes.items()):
        if PurePosixPath(name).suffix == ".html" and size > page_budget:
            findings.append(Finding(str(PurePosixPath(name)),
                                    f"页面 {size // 1024} KB，超过 {page_budget // 1024} KB 的上限（手机加载太慢）"))
    index = sizes.get(search_index)
    if index is not None and index > index_budget:
        findings.append(Finding(search_index, f"搜索索引 {index // 1024} KB，超过 {index_budget // 1024} KB"))
    return findings

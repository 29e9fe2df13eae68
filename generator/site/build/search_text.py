"""MkDocs hooks: the search index reads a table row or a definition list as a sentence.

material's search plugin keeps only paragraphs and lists of a page's HTML; the text of table
cells and of ``<dt>``/``<dd>`` runs together, so a case page's facts reached the index (and
the search result's snippet) as ``信访人钱先生问题类别拖欠工资属地西湖区…``.  Just before the
plugin reads a page, its content is swapped for a reading in which every table row and every
definition list is one paragraph (``cell，cell，cell。``, ``term：value；term：value。``); right
after, the page's own content is put back, so readers see the page as generated and only the
index changes. A page's search tags are kept on its first entry only.

The search plugin also cuts every run of Chinese characters of every page into words with
jieba, and a city's pages repeat the same runs (names, titles, places, 接访) thousands of
times: each distinct run is cut once per build (``on_config``), each distinct section's
text once (``on_pre_build``).

MkDocs loads this file by its path, as a module of its own: it imports nothing from xinfang.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable
from typing import Any

from mkdocs.plugins import event_priority

_TABLE = re.compile(r"<table\b[^>]*>(.*?)</table>", re.S)
_HEAD = re.compile(r"<thead\b[^>]*>(.*?)</thead>", re.S)
_ROW = re.compile(r"<tr\b[^>]*>(.*?)</tr>", re.S)
_CELL = re.compile(r"<t([dh])\b([^>]*)>(.*?)</t\1>", re.S)
_CAPTION = re.compile(r"<caption\b[^>]*>.*?</caption>", re.S)
_DL = re.compile(r"<dl\b[^>]*>(.*?)</dl>", re.S)
_TERM = re.compile(r"<(dt|dd)\b[^>]*>(.*?)</\1>", re.S)
_BLOCKS = re.compile(r"</?(?:p|div|ul|ol|li|br)\b[^>]*>")
_TAGS = re.compile(r"<[^>]+>")
_SEARCH_ATTRS = re.compile(r"\s?data-search-\w+=\"[^\"]+\"")
"""material's own pattern: the attributes it strips from a page after indexing it."""
_CLOSING = "。；，、： \u3000"
"""Marks a value's text may end in (not ASCII ``;``: an entity such as ``&amp;`` ends in it)."""
_ENDS = "。！？!?"

_ORIGINAL: dict[str, str] = {}
"""Each page's own content while the search plugin reads the sentences, by source path."""


def _inline(cell: str) -> str:
    """A cell's HTML as inline text: paragraphs, lists and line breaks inside it would nest a
    paragraph in the sentence's; the space they stood for is kept."""
    return re.sub(r"\s+", " ", _BLOCKS.sub(" ", cell)).strip()


def _plain(html: str) -> str:
    return _TAGS.sub("", html).strip()


def _sentence(pairs: list[tuple[str, str]], between: str = "；") -> str:
    """``label：value；label：value。`` from already-escaped HTML; empty values left out."""
    parts = []
    for label, value in pairs:
        value = _inline(value)
        if not _plain(value):
            continue
        value = value.rstrip(_CLOSING)  # the sentence puts its own marks between values
        label = _plain(label).rstrip("：: ")
        parts.append(f"{label}：{value}" if label else value)
    if not parts:
        return ""
    last = _plain(parts[-1])
    return "<p>" + between.join(parts) + ("" if last.endswith(tuple(_ENDS)) else "。") + "</p>"


def _table(match: re.Match[str]) -> str:
    """Each row one sentence of its cells, ``周明远，市长，示例市，…。``: without the column
    names, which every row would repeat (the index is sent to every reader who searches, and
    each Chinese character is six bytes of it)."""
    body = _HEAD.sub("", _CAPTION.sub("", match.group(1)))
    return "".join(_sentence([("", cell) for _, _, cell in _CELL.findall(row)], "，") for row in _ROW.findall(body))


def _definitions(match: re.Match[str]) -> str:
    pairs: list[tuple[str, str]] = []
    for tag, text in _TERM.findall(match.group(1)):
        if tag == "dt":
            pairs.append((text, ""))
        elif pairs:
            label, value = pairs[-1]
            pairs[-1] = (label, f"{value}、{text}" if _plain(value) else text)
        else:
            pairs.append(("", text))
    return _sentence(pairs)


def search_reading(html: str) -> str:
    """The page as the search index should read it: tables and definition lists as sentences."""
    if "<table" not in html and "<dl" not in html:
        return html
    return _DL.sub(_definitions, _TABLE.sub(_table, html))


def _indexed(page: Any, config: Any) -> bool:
    search = page.meta.get("search") or {}
    plugins = config.get("plugins") or {}
    return not (isinstance(search, dict) and search.get("exclude")) and \
        any(name in plugins for name in ("search", "material/search"))


@event_priority(-50)  # after every other hook has finished the page's content (rawhtml's blocks)
def on_page_content(html: str, page: Any, config: Any, **_: Any) -> str:
    if not _indexed(page, config):
        return html
    reading = search_reading(html)
    if reading != html:
        _ORIGINAL[page.file.src_uri] = html
    return reading


def _tags_on_the_page_entry_only(page: Any, config: Any) -> None:
    """material copies a page's tags onto the entry of each of its sections: the page's own
    words, six bytes a character, seven times a topic page. The page's first entry keeps them
    (it is what a search for them should list first)."""
    plugins = config.get("plugins") or {}
    plugin = next((plugins[name] for name in ("material/search", "search") if name in plugins), None)
    entries = getattr(getattr(plugin, "search_index", None), "entries", None)
    if not entries or not page.meta.get("tags"):
        return
    first = len(entries)
    while first > 0 and isinstance(entries[first - 1], dict) and \
            str(entries[first - 1].get("location", "")).split("#")[0] == page.url:
        first -= 1
    for entry in entries[first + 1:]:
        entry.pop("tags", None)


@event_priority(-100)  # after the search plugin has read the page
def on_page_context(context: Any, page: Any, config: Any, **_: Any) -> Any:
    original = _ORIGINAL.pop(page.file.src_uri, None)
    if original is not None:
        page.content = _SEARCH_ATTRS.sub("", original)
    _tags_on_the_page_entry_only(page, config)
    return context


class _RememberedCuts:
    """jieba as material's search plugin uses it, with ``cut(text)`` remembered per build: the
    same text cuts into the same words while the dictionaries stay as loaded (the plugin
    loads them in its ``on_config``, before any page is read; this is made again each build,
    so a changed user dictionary is never served stale cuts).  Everything else is jieba's."""

    _LIMIT = 500_000
    """Distinct runs remembered (a city has about a hundred thousand); past it, start over."""

    def __init__(self, jieba: Any) -> None:
        self._jieba = jieba
        self._cuts: dict[Any, list[str]] = {}

    def cut(self, text: Any, *args: Any, **kwargs: Any) -> Iterable[str]:
        if args or kwargs:
            return self._jieba.cut(text, *args, **kwargs)  # type: ignore[no-any-return]
        words = self._cuts.get(text)
        if words is None:
            if len(self._cuts) >= self._LIMIT:
                self._cuts.clear()
            words = self._cuts[text] = list(self._jieba.cut(text))
        return words

    def __getattr__(self, name: str) -> Any:
        return getattr(self._jieba, name)


class _RememberedSegments:
    """The search index's ``_segment_chinese(text)`` remembered per build: a city's sections
    repeat the same titles and sentences (近期接访安排, 订阅日历) on hundreds of pages, and the
    plugin cuts each again, through a pattern it compiles on every call."""

    _LIMIT = 200_000

    def __init__(self, segment: Any) -> None:
        self.segment = segment
        self._segments: dict[str, str] = {}

    def __call__(self, data: Any) -> Any:
        if not isinstance(data, str):
            return self.segment(data)
        segmented = self._segments.get(data)
        if segmented is None:
            if len(self._segments) >= self._LIMIT:
                self._segments.clear()
            segmented = self._segments[data] = self.segment(data)
        return segmented


def on_pre_build(config: Any, **_: Any) -> None:
    # after every on_config: the plugin makes its index anew in its own, once per build
    plugins = config.get("plugins") or {}
    plugin = next((plugins[name] for name in ("material/search", "search") if name in plugins), None)
    index = getattr(plugin, "search_index", None)
    segment = getattr(index, "_segment_chinese", None)
    if callable(segment) and not isinstance(segment, _RememberedSegments):
        index._segment_chinese = _RememberedSegments(segment)  # type: ignore[union-attr]


def on_config(config: Any, **_: Any) -> Any:
    plugin = sys.modules.get("material.plugins.search.plugin")
    jieba = getattr(plugin, "jieba", None)
    if jieba is not None:
        # the real jieba, also when a previous build (serve) left its remembering stand-in
        plugin.jieba = _RememberedCuts(getattr(jieba, "_jieba", jieba))  # type: ignore[union-attr]
    return config

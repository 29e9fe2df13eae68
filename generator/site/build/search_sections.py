"""MkDocs hooks: material's search plugin divides a page into sections without ``html.parser``.

For every page it indexes, material's search plugin feeds the page's HTML to its ``Parser``
(an ``html.parser.HTMLParser``), which cuts it into sections at each heading and keeps their
titles and texts.  At city scale that tokenizer was most of the plugin's work, for pages that
are plain, well-formed HTML.  During a build the plugin's ``Parser`` is a subclass of its own
(``_QuickParser``) that reads such a page with one regular expression and applies to each tag
and text what material's ``handle_starttag``, ``handle_endtag`` and ``handle_data`` do, to the
same sections; a page holding anything else (a comment, a ``<script>``, an entity the tokenizer
would have to decode in an odd place, a ``<`` that opens no tag, an attribute that is not
``name="value"``) is read by material's own parser, unchanged.

Only material versions whose ``Parser`` was compared with this one (``_MATERIAL_VERSIONS``)
get it; with any other the plugin is left as it is.  The plugin's own ``Parser`` is put back
when the build ends.

MkDocs loads this file by its path, as a module of its own: it imports nothing from xinfang.
"""

from __future__ import annotations

import re
import sys
from html import escape, unescape
from typing import Any

_MATERIAL_VERSIONS = ("9.8.2",)
"""The versions of mkdocs-material whose ``Parser`` (its handlers, ``Section``, ``Element``,
the tags it keeps and skips) this module's parser was checked against."""

_PLUGIN = "material.plugins.search.plugin"

_TOKEN = re.compile(
    r"([^<]+)"
    r"|<([a-zA-Z][a-zA-Z0-9]*)((?:[ \n\t]+[a-zA-Z_:][-a-zA-Z0-9_:.]*(?:=\"[^\"<>]*\")?)*)[ \n\t]*(/?)>"
    r"|</([a-zA-Z][a-zA-Z0-9]*)>")
"""One text, start tag (its name, its attributes, ``/`` before ``>``) or end tag: the HTML
``html.parser`` reads the same in every Python version (a text up to the next ``<``, a tag
whose attributes are ``name`` or ``name="value"``)."""
_ATTRIBUTE = re.compile(r"[ \n\t]+([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:=\"([^\"<>]*)\")?")
_RAW_TEXT = frozenset(("script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes",
                       "noscript", "plaintext"))
"""Tags whose content ``html.parser`` reads (in some Python version) as raw text: left to it."""
_HEADINGS = frozenset(f"h{level}" for level in range(1, 7))
_PERMANENT = frozenset(("script", "style", "object"))
"""What material's parser skips for the whole page once it is opened (never taken off its list)."""


def sections(html: str, module: Any) -> list[Any] | None:
    """The sections material's ``Parser`` (of the plugin ``module``) makes of ``html``, as its
    own ``Section`` objects; None if ``html`` is not plain enough to be read here (``_TOKEN``).

    The parser's state as material keeps it, by tag: its ``Element`` compares and hashes by
    its tag, so a tag in its list of open elements or of skipped ones stands for any element
    of that tag."""
    Element, Section = module.Element, module.Section
    keep, void = _KEEP, module.void
    opened: list[Any] = []
    """The open elements (material's ``context``)."""
    open_tags: dict[str, int] = {}
    """How many elements of each tag are open."""
    skip = set(_PERMANENT)
    permalinks = 0
    """Open ``<a class="headerlink">``: a heading's text inside one is not its title."""
    data: list[Any] = []
    section: Any = None
    position, end = 0, len(html)
    match = _TOKEN.match
    while position < end:
        token = match(html, position)
        if token is None:
            return None
        position = token.end()
        text, tag, attributes, closed, end_tag = token.groups()
        if text is not None:
            if "&" in text:
                text = unescape(text)
            if any(open_tags.get(name) for name in skip):
                continue
            if not open_tags.get("pre"):
                text = " " if text.isspace() else text.replace("\n", " ")
            if section is None:
                section = Section(Element("hx"))
                data.append(section)
            if open_tags.get(section.el.tag):
                if not permalinks:
                    section.title.append(escape(text, quote=False))
            elif text.isspace():
                if not section.text or not section.text[-1].isspace() or open_tags.get("pre"):
                    section.text.append(text)
            else:
                section.text.append(escape(text, quote=False))
            continue
        if tag is not None:
            tag = tag.lower()
            if tag in _RAW_TEXT:
                return None
            values = {pair[1].lower(): unescape(pair[2]) if pair[2] and "&" in pair[2] else pair[2]
                      for pair in _ATTRIBUTE.finditer(attributes)} if attributes else {}
            if tag not in void:
                element = Element(tag, values)
                opened.append(element)
                open_tags[tag] = open_tags.get(tag, 0) + 1
                if tag == "a" and values.get("class") == "headerlink":
                    permalinks += 1
                if tag in _HEADINGS and "id" in values:
                    depth = len(opened)
                    if tag != "h1" and not data:
                        data.append(Section(Element("hx"), depth))
                    section = Section(element, depth)
                    if data:
                        section.id = values["id"]
                    data.append(section)
                if section is None:
                    section = Section(Element("hx"))
                    data.append(section)
                if "data-search-exclude" in values or values.get("class") == "linenodiv":
                    skip.add(tag)
                elif tag in keep and not any(open_tags.get(name) for name in skip):
                    (section.title if open_tags.get(section.el.tag) else section.text).append(f"<{tag}>")
            if not closed:
                continue
            end_tag = tag  # ``<tag/>``: html.parser ends it right away
        end_tag = end_tag.lower()
        if not opened or opened[-1].tag != end_tag:
            continue
        if section.depth > len(opened):
            for earlier in reversed(data):
                if earlier.depth <= len(opened):
                    section.depth = float("inf")
                    section = earlier
                    break
        element = opened.pop()
        open_tags[end_tag] -= 1
        if end_tag == "a" and element.attrs.get("class") == "headerlink":
            permalinks -= 1
        if end_tag in skip:
            if end_tag not in _PERMANENT:
                skip.discard(end_tag)
            continue
        if end_tag in keep and not any(open_tags.get(name) for name in skip):
            parts = section.title if open_tags.get(section.el.tag) else section.text
            index = parts.index(f"<{end_tag}>")
            if all(part.isspace() for part in parts[index + 1:]):
                del parts[index:]
            else:
                parts.append(f"</{end_tag}>")
    return data


_KEEP = frozenset(("p", "code", "pre", "li", "ol", "ul", "sub", "sup"))
"""The tags material's parser keeps in a section's text (its ``Parser().keep``; checked for
each build against a parser of the plugin's, ``_matches``)."""


def _quick_parser(module: Any) -> type:
    """material's ``Parser`` of the plugin ``module``, reading a plain page with ``sections``."""

    base: Any = module.Parser

    class _QuickParser(base):  # type: ignore[misc]
        data: list[Any]
        quick = False
        """Whether ``feed`` read the page itself (then there is nothing left for ``close``)."""

        def feed(self, data: str) -> None:
            read = None if self.rawdata or self.data else sections(data, module)  # a page fed at once
            if read is None:
                super().feed(data)
            else:
                self.data, self.quick = read, True

        def close(self) -> None:
            if not self.quick:
                super().close()

    return _QuickParser


def _matches(module: Any) -> bool:
    """Whether the plugin's ``Parser`` is the one ``sections`` reads like (its version, its tags)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        if version("mkdocs-material") not in _MATERIAL_VERSIONS:
            return False
        parser = module.Parser()
    except (PackageNotFoundError, AttributeError, TypeError):
        return False
    return parser.keep == set(_KEEP) and parser.skip == set(_PERMANENT) and \
        all(hasattr(module, name) for name in ("Element", "Section", "void"))


_replaced: list[tuple[Any, Any]] = []
"""The plugin module and its own ``Parser``, while a build uses the quick one."""


def _parser_back() -> None:
    while _replaced:
        module, parser = _replaced.pop()
        module.Parser = parser


def on_config(config: Any, **_: Any) -> Any:
    _parser_back()
    module: Any = sys.modules.get(_PLUGIN)
    if module is not None and _matches(module):
        _replaced.append((module, module.Parser))
        module.Parser = _quick_parser(module)
    return config


def on_post_build(**_: Any) -> None:
    _parser_back()


def on_build_error(**_: Any) -> None:
    _parser_back()

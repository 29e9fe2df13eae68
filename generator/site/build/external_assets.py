"""What a page or stylesheet would make the browser fetch from another host.

Read from parsed markup, not with a regex: attributes may be unquoted or upper-case,
URLs protocol-relative (``//host``), scheme-relative (``https:host``) or written with
backslashes; loads come from ``src``, ``srcset``, ``<object data>``, ``<video poster>``,
``<link rel=stylesheet|icon|preload…>``, SVG ``<image href>``, ``background``,
``<meta http-equiv=refresh>``, ``<base href>``, ``<iframe srcdoc>``, and CSS ``url()``,
``image-set()`` and ``@import`` in stylesheets, ``<style>`` and ``style`` attributes.
HTML is parsed as a browser parses it, by selectolax's Lexbor (an implementation of the HTML
standard's parsing, twice as fast as libxml2 on a city's pages); CSS is tokenised by tinycss2.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import tinycss2
import tinycss2.ast
from selectolax.lexbor import LexborHTMLParser, LexborNode

FETCHING_RELS = {"stylesheet", "icon", "shortcut", "apple-touch-icon", "apple-touch-icon-precomposed", "preload",
                 "prefetch", "modulepreload", "manifest", "preconnect", "dns-prefetch", "mask-icon", "prerender"}
"""``<link rel>`` values that make the browser fetch; canonical/alternate only name a URL."""
SOURCE_ATTRIBUTES = {
    "script": {"src"}, "img": {"src", "srcset", "lowsrc", "dynsrc"}, "iframe": {"src"}, "frame": {"src"},
    "embed": {"src"}, "source": {"src", "srcset"}, "audio": {"src"}, "video": {"src", "poster"},
    "track": {"src"}, "input": {"src"}, "object": {"data", "codebase"}, "applet": {"code", "codebase"},
    "image": {"href", "xlink:href", "src"}, "use": {"href", "xlink:href"}, "feimage": {"href", "xlink:href"},
    "base": {"href"}, "body": {"background"}, "table": {"background"}, "td": {"background"},
    "th": {"background"}, "tr": {"background"}, "portal": {"src"},
}
"""Attributes whose URL the browser loads (or, for ``<base>``, resolves every other URL by)."""
_LOCAL_SCHEMES = {"data", "blob", "about"}
_SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*):", re.IGNORECASE)
_REFRESH_URL = re.compile(r"url\s*=\s*['\"]?([^'\"]+)", re.IGNORECASE)


def is_external(url: str) -> bool:
    """Whether the browser would fetch ``url`` from another host, read as the URL
    standard does: surrounding spaces and control characters ignored, tabs and newlines
    removed, ``\\`` as ``/``; ``//host`` and any scheme but data:/blob:/about: leave the site
    (``https:host`` too, on a page served over http)."""
    cleaned = re.sub(r"[\t\n\r]", "", url).strip("\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f"
                                                 "\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b"
                                                 "\x1c\x1d\x1e\x1f ").replace("\\", "/")
    if cleaned.startswith("//"):
        return True
    match = _SCHEME.match(cleaned)
    return match is not None and match.group(1).lower() not in _LOCAL_SCHEMES


def _srcset_urls(value: str) -> list[str]:
    """The URLs of a ``srcset`` (candidates split on commas that follow white space or end
    a candidate; a data: URL's own commas stay inside it)."""
    urls = []
    for candidate in re.split(r",\s+|,(?=\S+\s+\d)", value.strip()):
        parts = candidate.strip().split()
        if parts:
            urls.append(parts[0].rstrip(","))
    return urls


def _css_urls(nodes: Iterable[tinycss2.ast.Node]) -> list[str]:
    urls: list[str] = []
    for node in nodes:
        if isinstance(node, tinycss2.ast.URLToken):
            urls.append(node.value)
        elif isinstance(node, tinycss2.ast.FunctionBlock):
            if node.lower_name in ("url", "src", "image-set", "-webkit-image-set", "image"):
                urls += [arg.value for arg in node.arguments if isinstance(arg, tinycss2.ast.StringToken)]
            urls += _css_urls(node.arguments)
        elif isinstance(node, tinycss2.ast.AtRule):
            if node.lower_at_keyword == "import":
                urls += [t.value for t in node.prelude if isinstance(t, tinycss2.ast.StringToken)]
            urls += _css_urls(node.prelude)
            urls += _css_urls(node.content or [])
        elif isinstance(node, tinycss2.ast.QualifiedRule):
            urls += _css_urls(node.prelude)
            urls += _css_urls(node.content)
        elif isinstance(node, tinycss2.ast.Declaration):
            urls += _css_urls(node.value)
        elif isinstance(node, tinycss2.ast.ParenthesesBlock | tinycss2.ast.SquareBracketsBlock
                        | tinycss2.ast.CurlyBracketsBlock):
            urls += _css_urls(node.content)
    return urls


def in_css(text: str) -> list[str]:
    """External URLs a stylesheet loads."""
    nodes = tinycss2.parse_stylesheet(text, skip_comments=True, skip_whitespace=True)
    return [url for url in _css_urls(nodes) if is_external(url)]


def in_style_attribute(text: str) -> list[str]:
    nodes = tinycss2.parse_blocks_contents(text, skip_comments=True, skip_whitespace=True)
    return [url for url in _css_urls(nodes) if is_external(url)]


LOAD_ATTRIBUTES = frozenset({"src", "srcset", "lowsrc", "dynsrc", "href", "xlink:href", "data", "codebase", "code",
                             "poster", "background", "style", "content", "srcdoc", "imagesrcset"})
"""Attributes that may make an element load something (``loads``)."""


def any_of(tags: Iterable[str], attributes: Iterable[str]) -> str:
    """A CSS selector for the elements with one of ``tags`` or one of ``attributes``, each once
    (a selector list would give an element that matches two of its selectors twice).
    Lexbor matches ``[href]`` on SVG's ``xlink:href`` too (the attribute's local name)."""
    names = sorted({name.rpartition(":")[2] for name in attributes})
    return f":is({','.join([*sorted(tags), *(f'[{name}]' for name in names)])})"


ANY_ELEMENT = frozenset({"href", "src", "style", "background"})
"""The attributes looked for on every element: links (``href``, ``src``, as SVG's ``xlink:href``,
whose local name Lexbor's ``[href]`` matches), ``style`` (on any element) and ``background``
(on table cells: the rows of a city's tables are too many to select by tag)."""
LOADING_TAGS = frozenset({tag for tag, names in SOURCE_ATTRIBUTES.items() if names - ANY_ELEMENT - {"xlink:href"}}
                         | {"link", "meta", "iframe", "style"})
"""Tags whose elements may load by another attribute (``loads``): with ``ANY_ELEMENT``, what
``_CANDIDATES`` selects.  Naming the tags, not every one of ``LOAD_ATTRIBUTES``: each attribute
in a selector is looked for on every element (0.3 CPU-s of a city's 1.6 M elements)."""
_CANDIDATES = f"{any_of(LOADING_TAGS, ANY_ELEMENT)}:not(a:not([style]))"
"""Elements with an attribute that may load something, and ``<style>``s (one selection by
Lexbor in C instead of a Python loop).  A link ``<a href>`` loads nothing unless it has a
``style``: leaving the others out leaves out most of a page's candidates."""


def parse_html(text: str | bytes) -> LexborHTMLParser | None:
    """The page's document (None for an empty or blank page), as a browser builds it (Lexbor
    implements the HTML standard's parsing): parsed once per page for both this check and the
    dead-link check (``checks.read_page``).  Given as ``bytes``, the page must be valid UTF-8
    (``page_bytes``): Lexbor reads them as they are, where a ``str`` is encoded to UTF-8 first.
    ``scripting=False``: a ``<noscript>``'s content is read as the markup a browser with
    scripting off shows (and fetches), not as one text."""
    if not text or text.isspace():
        return None
    return LexborHTMLParser(text, scripting=False)


def page_bytes(raw: bytes) -> str | bytes:
    """A built file's bytes as ``parse_html`` reads them: as they are when they are valid
    UTF-8 (every page MkDocs writes), else decoded with U+FFFD for each bad byte, as a
    browser shows them."""
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("utf-8", errors="replace")
    return raw


def templates(root: LexborHTMLParser | LexborNode) -> list[LexborNode]:
    """The content of every ``<template>`` under ``root``, nested ones too: not part of the
    document (``css`` does not reach it), but shown as a declarative shadow root or cloned by
    a script, so what it would load counts."""
    found: list[LexborNode] = []
    waiting = [root]  # a list, not recursion: a hostile page may nest thousands of templates
    while waiting:
        contents = waiting.pop().template_fragments()
        found += contents
        waiting += reversed(contents)
    return found


def in_html(text: str) -> list[str]:
    """External URLs a page loads, in document order (then its templates')."""
    tree = parse_html(text)
    if tree is None:
        return []
    urls: list[str] = []
    roots: list[LexborHTMLParser | LexborNode] = [tree, *templates(tree)]
    for root in roots:
        for node in root.css(_CANDIDATES):
            urls += loads(node)
    return urls


def loads(node: LexborNode, attributes: dict[str, str | None] | None = None) -> list[str]:
    """External URLs one element loads: one of ``in_html``'s candidates (``_CANDIDATES``) or any
    other element.
    ``attributes``: the node's, already read.  Names come lower-case from the parser (an SVG
    element's keep their case, as ``viewBox``: none of those loads); a tag is lowered here, as
    SVG's ``feImage``."""
    urls: list[str] = []
    tag = (node.tag or "").lower()
    values = {name: value or "" for name, value in (node.attributes if attributes is None else attributes).items()}
    wanted = SOURCE_ATTRIBUTES.get(tag, set())
    for name, value in values.items():
        if name in wanted:
            candidates = _srcset_urls(value) if name == "srcset" else [value]
            urls += [url for url in candidates if is_external(url)]
        elif name == "style":
            urls += in_style_attribute(value)
    if tag == "link" and set(values.get("rel", "").lower().split()) & FETCHING_RELS:
        href = values.get("href", "")
        if is_external(href):
            urls.append(href)
        urls += [url for url in _srcset_urls(values.get("imagesrcset", "")) if is_external(url)]
    elif tag == "meta" and values.get("http-equiv", "").lower() == "refresh":
        match = _REFRESH_URL.search(values.get("content", ""))
        if match and is_external(match.group(1)):
            urls.append(match.group(1).strip())
    elif tag == "iframe" and "srcdoc" in values:
        urls += in_html(values["srcdoc"])
    elif tag == "style":
        # its text as CSS reads it: every text of the element (an SVG <style> may hold others)
        urls += in_css(node.text())
    return urls

"""Markdown bodies of policies and notices, rendered and sanitised before MkDocs sees them.

Clerks paste bodies from Word and WeChat, and Markdown lets raw HTML through:
``<script>``, ``javascript:`` links, ``<iframe srcdoc>``, ``onerror=`` (and ``{: onclick=…}``
through attr_list).  The body is rendered here with Python-Markdown and the same
extensions as the site, then cleaned by nh3 (the Ammonia allow-list sanitiser) and
written into the generated page as finished HTML.  Doing it in the generator, not in
an MkDocs hook, keeps the page safe whatever engine builds the tree from it.

Headings are written back as Markdown headings (their text only), so MkDocs still
gives them ids, the page's table of contents and search sections.  Relative links and
images are resolved against the body's own file, as MkDocs would have done.
What the sanitiser removes is reported, by file and line, as a build warning.
"""

from __future__ import annotations

import html as html_lib
import posixpath
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlsplit

import markdown
import nh3

from .html import link_phones_in, md_text, raw_block
from .placement import rel

TAGS = {
    "p", "br", "span", "div", "strong", "b", "em", "i", "u", "s", "del", "ins", "sub", "sup", "small", "mark",
    "abbr", "code", "pre", "kbd", "blockquote", "hr", "ul", "ol", "li", "dl", "dt", "dd",
    "table", "caption", "colgroup", "col", "thead", "tbody", "tfoot", "tr", "th", "td",
    "a", "img", "figure", "figcaption", "details", "summary", "h1", "h2", "h3", "h4", "h5", "h6",
}
"""What offices use in a notice: text, lists, tables, images from the site, links."""
REMOVED_WITH_CONTENT = {"script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "noscript",
                        "template", "svg", "math", "textarea", "select", "title"}
"""Elements whose content is code or a widget, not text: dropped whole."""
ATTRIBUTES = {
    "a": {"href", "title"}, "img": {"src", "alt", "title", "width", "height"}, "abbr": {"title"},
    "td": {"colspan", "rowspan", "align"}, "th": {"colspan", "rowspan", "align", "scope"},
    "ol": {"start", "type"}, "col": {"span"}, "colgroup": {"span"},
    **{f"h{level}": {"id"} for level in range(1, 7)},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}
CLASSES = {
    "div": {"admonition", "note", "abstract", "info", "tip", "success", "question", "warning", "failure", "danger",
            "bug", "example", "quote"},
    "p": {"admonition-title"},
}
"""The classes of admonition blocks (!!! note), so they keep material's look."""
MKDOCS_BUILTIN_EXTENSIONS = ("toc", "tables", "fenced_code")
_URL_ATTRIBUTES = {"href", "src"}
_SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*):", re.IGNORECASE)
_HEADING = re.compile(r"h[1-6]")
_TITLE_WITH_MARKUP = re.compile(r"\btitle\s*=|\"[^\"\n]*<", re.IGNORECASE)
"""An HTML title attribute, or a Markdown link title ``[x](url "<b>")``."""
_ANCHOR = re.compile(r"[\w-]+")
"""An author's own heading anchor (``## 标题 {#apply}``) that can be written back safely."""


@dataclass(frozen=True)
class MarkdownSettings:
    """The site's Markdown extensions (from mkdocs.yml), so bodies render as MkDocs would."""

    extensions: tuple[str, ...] = ("attr_list", "admonition", *MKDOCS_BUILTIN_EXTENSIONS)
    configs: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)

    @classmethod
    def from_mkdocs(cls, entries: Iterable[Any] | None) -> MarkdownSettings:
        names: list[str] = []
        configs: dict[str, dict[str, Any]] = {}
        for entry in entries or ():
            name, options = (entry, None) if isinstance(entry, str) else next(iter(dict(entry).items()))
            names.append(name)
            if options:
                configs[name] = dict(options)
        names += [n for n in MKDOCS_BUILTIN_EXTENSIONS if n not in names]
        return cls(tuple(names), configs)


@dataclass(frozen=True)
class Removal:
    """One thing the sanitiser took out, and a piece of source text that finds its line."""

    what: str
    needle: re.Pattern[str]


@dataclass(frozen=True)
class Body:
    markdown: str
    """The page text: Markdown headings and finished HTML blocks."""
    removed: tuple[Removal, ...]


def _is_external(url: str) -> bool:
    url = url.strip()
    return url.startswith("//") or bool(_SCHEME.match(url))


def _scheme(url: str) -> str | None:
    match = _SCHEME.match("".join(url.split()))  # browsers ignore white space inside "java script:"
    return match.group(1).lower() if match else None


def _resolver(page: str) -> Any:
    """Relative URLs in a body are relative to its Markdown file (as MkDocs treats them);
    the page is served as a directory URL, so they are rewritten to stay correct."""

    def resolve(url: str) -> str | None:
        if _scheme(url) is not None:
            return None  # "java\tscript:" is relative to nh3 but a scheme to a browser
        try:
            parts = urlsplit(url)
        except ValueError:  # "//[x/": a host in brackets that is no IPv6 address (nh3 printed the traceback)
            return None
        if url.startswith(("/", "#")) or not parts.path:
            return url
        target = posixpath.normpath(posixpath.join(posixpath.dirname(page), parts.path))
        if target == ".." or target.startswith("../"):
            return None  # outside the site
        rewritten = rel(page, target)
        return rewritten + (f"?{parts.query}" if parts.query else "") + (f"#{parts.fragment}" if parts.fragment else "")

    return resolve


class _Inspector(HTMLParser):
    """Lists what the allow-list will remove from the rendered body, for the warning."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.removed: list[Removal] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in TAGS:
            self.removed.append(Removal(f"<{tag}> 元素", re.compile(rf"<\s*{re.escape(tag)}\b", re.IGNORECASE)))
        for name, value in attrs:
            if tag not in TAGS:
                continue
            if name == "class" and tag in CLASSES:
                continue
            if name not in ATTRIBUTES.get(tag, set()):
                self.removed.append(Removal(f"{name} 属性", re.compile(rf"\b{re.escape(name)}\s*=", re.IGNORECASE)))
            elif _markup_in_title(name, value or ""):
                self.removed.append(Removal("含 HTML 标记的 title 属性（提示文字）", _TITLE_WITH_MARKUP))
            elif name in _URL_ATTRIBUTES and value:
                scheme = _scheme(value)
                if scheme is not None and scheme not in URL_SCHEMES:
                    self.removed.append(Removal(f"{scheme}: 链接", re.compile(rf"{re.escape(scheme)}\s*:", re.I)))
                elif tag == "img" and _is_external(value):
                    self.removed.append(Removal(f"外部图片 {value}（网站只能使用自身的文件）",
                                                re.compile(re.escape(value.strip()))))


def _markup_in_title(attribute: str, value: str) -> bool:
    """material's tooltips (content.tooltips) show a ``title`` as HTML: one with markup goes."""
    return attribute == "title" and ("<" in value or ">" in value)


def _keep_attribute(tag: str, attribute: str, value: str) -> str | None:
    if tag == "img" and attribute == "src" and _is_external(value):
        return None  # an image from another host: the site loads nothing from outside
    if _markup_in_title(attribute, value):
        return None
    return value


def sanitise(html: str, page: str) -> str:
    """The allow-listed HTML of a rendered body on ``page`` (a docs-relative .md path)."""
    return nh3.clean(html, tags=TAGS, clean_content_tags=REMOVED_WITH_CONTENT, attributes=ATTRIBUTES,
                     url_schemes=URL_SCHEMES, allowed_classes=CLASSES, attribute_filter=_keep_attribute,
                     url_relative=_resolver(page), link_rel="noopener noreferrer", strip_comments=True)


class _Splitter(HTMLParser):
    """Top-level headings of sanitised HTML become Markdown headings; the rest HTML blocks."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=False)
        self.html = html
        self.parts: list[str] = []
        self.depth = 0
        self.heading: list[str] | None = None
        self.anchor = ""
        self.block_start = 0
        self.offsets = [0]
        for line in html.splitlines(keepends=True):
            self.offsets.append(self.offsets[-1] + len(line))

    def _offset(self) -> int:
        line, column = self.getpos()
        return self.offsets[line - 1] + column

    def _flush(self, end: int) -> None:
        chunk = self.html[self.block_start:end].strip()
        if chunk:
            # newlines would split the block into Markdown lines; &#10; is the same character in HTML
            self.parts.append(raw_block(chunk.replace("\n", "&#10;")))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.depth == 0 and _HEADING.fullmatch(tag):
            self._flush(self._offset())
            self.heading = [tag]
            anchor = dict(attrs).get("id") or ""
            self.anchor = anchor if _ANCHOR.fullmatch(anchor) else ""
        if tag not in ("br", "hr", "img", "col", "wbr"):
            self.depth += 1

    def handle_endtag(self, tag: str) -> None:
        self.depth -= 1
        if self.depth == 0 and self.heading is not None and tag == self.heading[0]:
            level = int(tag[1])
            text = " ".join("".join(self.heading[1:]).split())
            anchor = f" {{: #{self.anchor} }}" if self.anchor else ""
            if text:
                self.parts.append(f"\n\n{'#' * level} {md_text(text)}{anchor}\n\n")
            self.heading = None
            self.block_start = self._offset() + len(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        if self.heading is not None:
            self.heading.append(data)

    def handle_entityref(self, name: str) -> None:
        self.handle_data(html_lib.unescape(f"&{name};"))

    def handle_charref(self, name: str) -> None:
        self.handle_data(html_lib.unescape(f"&#{name};"))

    def split(self) -> str:
        self.feed(self.html)
        self.close()
        self._flush(len(self.html))
        return "".join(self.parts)


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def plain_text(text: str, settings: MarkdownSettings) -> str:
    """A body's words only, white space collapsed: for the feed's summary."""
    parser = _Text()
    parser.feed(sanitise(_render(text, settings), "index.md"))
    parser.close()
    return " ".join("".join(parser.parts).split())


_CONVERTERS: dict[str, markdown.Markdown] = {}
"""One Markdown instance per set of settings, reset between bodies: making one loads and
configures every extension, which cost more than converting a notice."""


def _converter(settings: MarkdownSettings) -> markdown.Markdown:
    key = repr((settings.extensions, sorted(settings.configs.items(), key=lambda item: item[0])))
    converter = _CONVERTERS.get(key)
    if converter is None:
        # no toc here: headings go back to MkDocs as Markdown, and its toc names them
        converter = _CONVERTERS[key] = markdown.Markdown(
            extensions=[e for e in settings.extensions if e != "toc"],
            extension_configs={k: dict(v) for k, v in settings.configs.items() if k != "toc"})
    return converter


def _render(text: str, settings: MarkdownSettings) -> str:
    converter = _converter(settings)
    try:
        return converter.convert(text)
    finally:
        converter.reset()  # footnotes, abbreviations and the like start afresh for each body


def render_body(text: str, page: str, settings: MarkdownSettings) -> Body:
    """The body of ``page`` as page text safe to hand to MkDocs."""
    rendered = _render(text, settings)
    clean = link_phones_in(sanitise(rendered, page))  # every number one tap away
    return Body(_Splitter(clean).split(), _removed(rendered))


def removed_markup(text: str, settings: MarkdownSettings) -> tuple[Removal, ...]:
    """``render_body(text, …).removed`` without making the body (sanitising it, linking its
    phone numbers and splitting it were two fifths of the work): for warnings alone."""
    return _removed(_render(text, settings))


def _removed(rendered: str) -> tuple[Removal, ...]:
    inspector = _Inspector()
    inspector.feed(rendered)
    inspector.close()
    return tuple(inspector.removed)


def _line_of(needle: re.Pattern[str], source_text: str, start: int) -> int:
    """The line where ``needle`` is written, also when character references (&#58;) hide it."""
    match = needle.search(source_text, start)
    if match:
        return source_text.count("\n", 0, match.start()) + 1
    first = source_text.count("\n", 0, start) + 1
    for number, line in enumerate(source_text[start:].split("\n"), first):
        if needle.search(html_lib.unescape(line)):
            return number
    return first


def removal_warnings(removed: Iterable[Removal], shown_path: str, source_text: str, body: str) -> list[str]:
    """One warning per kind of removal, at the first line of the file where it occurs."""
    start = max(source_text.rfind(body), 0) if body else 0
    grouped: dict[str, tuple[int, int]] = {}
    for removal in removed:
        line = _line_of(removal.needle, source_text, start)
        first, count = grouped.get(removal.what, (line, 0))
        grouped[removal.what] = (min(first, line), count + 1)
    return [f"{shown_path}:{line}: 正文里的{what}已删除（{count} 处）；网站正文只保留文字、表格、"
            "本站图片和 http/https/mailto/tel 链接，请改用这些写法"
            for what, (line, count) in sorted(grouped.items(), key=lambda item: item[1][0])]

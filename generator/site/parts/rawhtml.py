"""MkDocs hooks that hand the generator's finished HTML blocks straight to the page, so
Python-Markdown, MkDocs and the search plugin do not parse them again.

Each generated block is one line starting with a mark (see ``html.raw_block``):

- ``MARK`` blocks are put back into the page's content right after Markdown, so the
  search index sees them (a topic's table of responsible leaders);
- ``MARK_UNSEARCHED`` blocks (session tables, filters, QR codes, JSON-LD) are put back
  into the finished page, after the search plugin has read the content: they were
  excluded from search anyway, and parsing them was most of its work.

A line of generated HTML without a mark that is whole block elements alone between blank lines
(a leader's facts, a link paragraph, a calendar link and its help) is handed over the same way,
as a searchable block: Markdown would have passed it through unchanged (each element on a line
of its own).  In the Markdown a block is replaced by a
random word, its slot, which Markdown takes for a one-word paragraph without parsing any HTML
(neither does MkDocs' own scan of raw HTML for anchors: a generated block's ids are not
MkDocs' business, the build checks the site's links and anchors itself).

Without these hooks a block is ordinary raw HTML (after an HTML comment) and builds to
the same page, only slower.

The pages left to Markdown are then small (headings, a few lines), and building the converter
cost more than converting: MkDocs 1.6 builds a new ``markdown.Markdown`` for every page (its
extensions, parser and patterns), so every page of a build is converted by one instance.
Most pages are then only headings and slots, and those are written here without Markdown
(``_Converter``), as Markdown would write them.

This file is loaded by path (MkDocs ``hooks:``), so it imports nothing from xinfang.
"""

from __future__ import annotations

import inspect
import re
import secrets
from typing import Any

MARK = "<!--xf:raw-->"
MARK_UNSEARCHED = "<!--xf:late-->"

_blocks: dict[str, list[tuple[str, bool, str]]] = {}
"""Each page's blocks, by source path, between on_page_markdown and on_post_page: the block,
whether Markdown ends it with a newline, and the HTML Markdown writes for it as a paragraph of
its own (``_whole_elements``; empty: the block as it is)."""

_SLOT_TEXT = f"xf{secrets.token_hex(8)}n"
"""A block's slot in the Markdown: a word of its own (``<SLOT_TEXT><number>``), which Markdown
makes a paragraph without parsing any HTML; random, so no page's text can be taken for one."""
_TEXT_SLOT = re.compile(rf"<p>{_SLOT_TEXT}(\d+)</p>|{_SLOT_TEXT}(\d+)")
"""A slot as Markdown wrote it: a paragraph, or the bare word inside a raw HTML block."""
_LATE_SLOT = re.compile(rf'<div data-{_SLOT_TEXT}="(\d+)"></div>')
"""A block kept out of the search index waits in the page as an empty element, which the
search plugin reads as nothing."""

_OPENING = re.compile(r"<(p|div|dl|ul|ol|table|nav|details|section|figure|form|blockquote)[\s>]")
"""Block elements the pages are written with (Markdown parses a line opening with one as raw HTML)."""
_RAW_TEXT = ("<!--", "<script", "<style", "<pre", "<textarea", "<![", " markdown")
"""What Markdown reads by other rules (md_in_html's ``markdown`` attribute, if an office turns
it on): a line holding one is left to it."""


class _OneMarkdown:
    """Stands for the ``markdown`` module where MkDocs' ``Page.render`` looks it up, and hands
    it the same ``Markdown`` for every page, reset.  That is Python-Markdown's own contract for
    converting several documents (``reset`` clears its state and each extension's between
    them); MkDocs registers its per-page processors on the instance by name, which replaces
    the previous page's.  The instance is handed over as a ``_Converter`` (``_fast``)."""

    def __init__(self, module: Any) -> None:
        self.module = module
        self._made: tuple[Any, Any, Any] | None = None
        self.unchecked = _CHECKED
        """Quick conversions still to be compared with Markdown's own in this build."""
        self.quick = True
        """False once a quick conversion differed from Markdown's: Markdown's for the rest of the build."""

    def Markdown(self, *args: Any, **kwargs: Any) -> Any:  # the name MkDocs calls
        made = self._made
        if made is not None and not args and made[0] == kwargs.get("extensions") \
                and made[1] == kwargs.get("extension_configs"):
            return _Converter(made[2].reset(), self)
        md = self.module.Markdown(*args, **kwargs)
        if not args and kwargs.keys() <= {"extensions", "extension_configs"}:
            self._made = (kwargs.get("extensions"), kwargs.get("extension_configs"), md)
            return _Converter(md, self)
        return md

    def __getattr__(self, name: str) -> Any:
        return getattr(self.module, name)


_CHECKED = 3
"""Quick conversions compared with Markdown's own at the start of each build (``_Converter``)."""

_KNOWN = {
    "preprocessors": ("normalize_whitespace", "html_block", "fenced_code_block", "mkdocs_raw_html"),
    "blockprocessors": ("empty", "indent", "code", "hashheader", "setextheader", "hr", "olist", "ulist",
                        "quote", "reference", "paragraph", "admonition", "table", "fenced_code_block"),
    "inlinePatterns": ("backtick", "escape", "reference", "link", "image_link", "image_reference",
                       "short_reference", "short_image_ref", "autolink", "automail", "linebreak", "html",
                       "entity", "em_strong"),
    "treeprocessors": ("inline", "prettify", "unescape", "attr_list", "toc", *("mkdocs_extract_anchors",
                       "relpath", "mkdocs_extract_title")),
    "postprocessors": ("raw_html", "amp_substitute"),
}
"""The processors of Python-Markdown, the site's extensions (attr_list, admonition, tables,
toc, and MkDocs' fenced_code) and MkDocs' own, by the names they register: with any other one
(an office's extension) every page is Markdown's.  On a page of headings and slots alone
every one of them but ``toc`` and MkDocs' leaves the text as it is."""
_MKDOCS_PROCESSORS = ("mkdocs_extract_anchors", "relpath", "mkdocs_extract_title")
"""MkDocs' tree processors (what a page holds: its anchors, its links, its title): run on the
quick page's elements as Markdown would run them on its tree."""

_HEADING = re.compile(r"(#{1,6}) ([^\x00-\x1f\x7f!\"#$&'*<=>@\[\\\]^_`{|}~]*)")
"""A heading whose text no inline pattern of ``_KNOWN`` reads (no ASCII mark but ``()+,-./:;?%``
and space): Markdown writes it as it is."""
_SLOT_LINE = re.compile(rf"{_SLOT_TEXT}\d+")


class _Converter:
    """The build's ``Markdown`` for one page (``Page.render`` registers MkDocs' processors on it
    and converts the page).  After ``on_page_markdown`` most generated pages are only headings
    and slots, and Markdown's fixed cost per page (its block parser, inline patterns, the table
    of contents' HTML) was most of its time: such a page is written here, its headings' ids and
    the table of contents by the ``toc`` extension's own functions and settings, MkDocs'
    processors run on its elements.  The first quick pages of each build are compared with
    Markdown's own conversion; if one differs, Markdown converts every page after it."""

    def __init__(self, md: Any, one: _OneMarkdown) -> None:
        self._md, self._one = md, one

    def __getattr__(self, name: str) -> Any:
        return getattr(self._md, name)

    def convert(self, source: str) -> str:
        md, one = self._md, self._one
        quick = _quick(md, source) if one.quick else None
        if quick is None:
            return md.convert(source)  # type: ignore[no-any-return]
        html, tokens, elements = quick
        if one.unchecked:
            one.unchecked -= 1
            own = md.convert(source)
            if own != html or md.toc_tokens != tokens:
                one.quick = False
            return own  # type: ignore[no-any-return]
        from xml.etree import ElementTree

        md.toc_tokens = tokens
        root = ElementTree.Element("div")
        for tag, attributes, text in elements:
            ElementTree.SubElement(root, tag, attributes).text = text
        md.preprocessors["mkdocs_raw_html"].run(source.split("\n"))
        for name in _MKDOCS_PROCESSORS:
            md.treeprocessors[name].run(root)
        return html


def _quick(md: Any, source: str) -> tuple[str, Any, list[tuple[str, dict[str, str], str]]] | None:
    """The page as Markdown would convert it, its table of contents and its elements, if it
    is only headings (``_HEADING``) and slots alone between blank lines; None if not."""
    if "\t" in source or "\r" in source or not all(
            sum(name in registry for name in _KNOWN[kind]) == len(registry)
            for kind, registry in (("preprocessors", md.preprocessors), ("blockprocessors", md.parser.blockprocessors),
                                   ("inlinePatterns", md.inlinePatterns), ("treeprocessors", md.treeprocessors),
                                   ("postprocessors", md.postprocessors))) or \
            not all(name in md.treeprocessors for name in ("toc", *_MKDOCS_PROCESSORS)) or \
            "mkdocs_raw_html" not in md.preprocessors:
        return None
    toc = md.treeprocessors["toc"]
    if toc.use_anchors or toc.use_permalinks not in (False, None):
        return None
    from html import unescape

    from markdown.extensions import toc as toc_extension

    lines = source.split("\n")
    last = len(lines) - 1
    elements: list[tuple[str, dict[str, str], str]] = []
    tokens: list[Any] = []
    used: set[str] = set()
    counters: dict[str, int] = {}
    for index, line in enumerate(lines):
        if not line.strip(" "):
            continue
        heading = _HEADING.fullmatch(line)
        if heading is not None:
            text = heading.group(2).strip()
            if not text:
                return None
            level = min(6, len(heading.group(1)) + toc.base_level)
            name = toc_extension.strip_tags(text)
            anchor = toc_extension.unique(toc.slugify(unescape(name), toc.sep), used, counters)
            if any(c in anchor for c in '&<>"\n'):
                return None
            elements.append((f"h{level}", {"id": anchor}, text))
            if toc.toc_top <= level <= toc.toc_bottom:
                tokens.append({"level": level, "id": toc_extension.unescape(anchor), "name": name, "html": text,
                               "data-toc-label": ""})
        elif _SLOT_LINE.fullmatch(line) and (index == 0 or not lines[index - 1].strip(" ")) \
                and (index == last or not lines[index + 1].strip(" ")) and line != toc.marker:
            elements.append(("p", {}, line))
        else:
            return None
    if not elements:
        return None
    html = "\n".join(f'<{tag} id="{attributes["id"]}">{text}</{tag}>' if attributes else f"<{tag}>{text}</{tag}>"
                     for tag, attributes, text in elements)
    return html, toc_extension.nest_toc_tokens(tokens), elements


_replaced: list[dict[str, Any]] = []
"""The module namespaces where ``markdown`` is a ``_OneMarkdown`` for this build."""


def _one_markdown(page: Any) -> None:
    # Page.render's own globals: MkDocs', or a continuation's that renders the same way
    render = getattr(type(page), "render", None)
    names = getattr(inspect.unwrap(render) if callable(render) else None, "__globals__", None)
    module = names.get("markdown") if isinstance(names, dict) else None
    if names is None or isinstance(module, _OneMarkdown) or not hasattr(module, "Markdown"):
        return
    names["markdown"] = _OneMarkdown(module)
    _replaced.append(names)


def _markdown_back() -> None:
    """The real module back when the build ends: the next build starts from a fresh instance
    (``mkdocs serve`` reloads the settings, which may name other extensions)."""
    while _replaced:
        names = _replaced.pop()
        if isinstance(names.get("markdown"), _OneMarkdown):
            names["markdown"] = names["markdown"].module


def on_post_build(**_: Any) -> None:
    _markdown_back()


def on_build_error(**_: Any) -> None:
    _markdown_back()
    _blocks.clear()


def _whole_elements(line: str) -> list[str] | None:
    """The block elements of generated HTML that make up ``line`` one after the other, the last
    closed at the line's end: Markdown passes them to the page unchanged, each on a line of its
    own as a paragraph of the page, and the line as it is inside an open raw block; None if
    ``line`` is anything else."""
    if any(r in line for r in _RAW_TEXT):
        return None
    elements, start = [], 0
    while start < len(line):
        opening = _OPENING.match(line, start)
        if opening is None:
            return None
        depth, end = 0, None
        for tag in re.compile(rf"<(/?){opening.group(1)}[\s>]").finditer(line, start):
            depth += -1 if tag.group(1) else 1
            if depth == 0:
                end = line.find(">", tag.end() - 1) + 1
                break
        if end is None or not line.startswith(f"</{opening.group(1)}>", end - len(opening.group(1)) - 3):
            return None
        elements.append(line[start:end])
        start = end
    return elements


def on_page_markdown(markdown: str, page: Any, **_: Any) -> str:
    _one_markdown(page)
    if "\n<" not in markdown and not markdown.startswith("<"):
        _blocks.pop(page.file.src_uri, None)
        return markdown
    blocks: list[tuple[str, bool, str]] = []
    lines = markdown.split("\n")
    last = len(lines) - 1
    # Markdown strips the page's HTML at its end (white space only after it counts as nothing)
    end = next((index for index in range(last, -1, -1) if lines[index].strip(" \t")), -1)
    for index, line in enumerate(lines):
        if not line.startswith("<") or not (index == 0 or not lines[index - 1]) \
                or not (index == last or not lines[index + 1]):
            continue  # not alone between blank lines: a slot there would join a paragraph
        parted = ""
        if not line.startswith((MARK, MARK_UNSEARCHED)):
            elements = _whole_elements(line)
            if elements is None:
                continue
            line, parted = MARK + line, "\n".join(elements) if len(elements) > 1 else ""  # generated, no mark
        # Markdown ends a raw block followed by a blank line with a newline (not the page's last)
        blocks.append((line, index < end, parted))
        lines[index] = f"{_SLOT_TEXT}{len(blocks) - 1}"
    _blocks[page.file.src_uri] = blocks
    return "\n".join(lines)


def on_page_content(html: str, page: Any, **_: Any) -> str:
    """The searchable blocks in place of their slots; the others' slots become empty elements,
    which the search plugin reads as nothing, until ``on_post_page``."""
    blocks = _blocks.get(page.file.src_uri)
    if not blocks:
        return html

    def fill(slot: re.Match[str]) -> str:
        number = slot.group(1) or slot.group(2)
        block, newline, parted = blocks[int(number)]
        html = block[len(MARK):] if block.startswith(MARK) else f'<div data-{_SLOT_TEXT}="{number}"></div>'
        # a paragraph is where Markdown put a raw block, with its newline; inside raw HTML it
        # left the line as it was
        return (parted or html) + ("\n" if newline else "") if slot.group(1) else html

    return _TEXT_SLOT.sub(fill, html)


def on_post_page(output: str, page: Any, **_: Any) -> str:
    blocks = _blocks.pop(page.file.src_uri, None)
    if not blocks:
        return output
    return _LATE_SLOT.sub(lambda slot: blocks[int(slot.group(1))][0][len(MARK_UNSEARCHED):], output)

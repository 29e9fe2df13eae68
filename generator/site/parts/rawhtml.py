"""MkDocs hooks that hand the generator's finished HTML blocks straight to the page, so
Python-Markdown, MkDocs and the search plugin do not parse them again.

Each generated block is one line starting with a mark (see ``html.raw_block``):

- ``MARK`` blocks are put back into the page's content right after Markdown, so the
  search index sees them (a topic's table of responsible leaders);
- ``MARK_UNSEARCHED`` blocks (session tables, filters, QR codes, JSON-LD) are put back
  into the finished page, after the search plugin has read the content: they were
  excluded from search anyway, and parsing them was most of its work.

A line of generated HTML without a mark that is one whole block element alone between blank
lines (a leader's facts, a link paragraph) is handed over the same way, as a searchable block:
Markdown would have passed it through unchanged.  In the Markdown a block is replaced by a
random word, its slot, which Markdown takes for a one-word paragraph without parsing any HTML
(neither does MkDocs' own scan of raw HTML for anchors: a generated block's ids are not
MkDocs' business, the build checks the site's links and anchors itself).

Without these hooks a block is ordinary raw HTML (after an HTML comment) and builds to
the same page, only slower.

The pages left to Markdown are then small (headings, a few lines), and building the converter
cost more than converting: MkDocs 1.6 builds a new ``markdown.Markdown`` for every page (its
extensions, parser and patterns), so every page of a build is converted by one instance.

This file is loaded by path (MkDocs ``hooks:``), so it imports nothing from xinfang.
"""

from __future__ import annotations

import inspect
import re
import secrets
from typing import Any

MARK = "<!--xf:raw-->"
MARK_UNSEARCHED = "<!--xf:late-->"

_blocks: dict[str, list[tuple[str, bool]]] = {}
"""Each page's blocks, by source path, between on_page_markdown and on_post_page."""

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
    the previous page's."""

    def __init__(self, module: Any) -> None:
        self.module = module
        self._made: tuple[Any, Any, Any] | None = None

    def Markdown(self, *args: Any, **kwargs: Any) -> Any:  # the name MkDocs calls
        made = self._made
        if made is not None and not args and made[0] == kwargs.get("extensions") \
                and made[1] == kwargs.get("extension_configs"):
            return made[2].reset()
        md = self.module.Markdown(*args, **kwargs)
        if not args and kwargs.keys() <= {"extensions", "extension_configs"}:
            self._made = (kwargs.get("extensions"), kwargs.get("extension_configs"), md)
        return md

    def __getattr__(self, name: str) -> Any:
        return getattr(self.module, name)


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


def _whole_element(line: str) -> bool:
    """``line`` is one block element of generated HTML, closed at the line's end: Markdown would
    pass it to the page unchanged (two elements on a line it would part with a newline)."""
    opening = _OPENING.match(line)
    if opening is None or not line.endswith(f"</{opening.group(1)}>") or any(r in line for r in _RAW_TEXT):
        return False
    depth = 0
    for tag in re.finditer(rf"<(/?){opening.group(1)}[\s>]", line):
        depth += -1 if tag.group(1) else 1
        if depth == 0:
            return tag.end() == len(line)
    return False


def on_page_markdown(markdown: str, page: Any, **_: Any) -> str:
    _one_markdown(page)
    if "\n<" not in markdown and not markdown.startswith("<"):
        _blocks.pop(page.file.src_uri, None)
        return markdown
    blocks: list[tuple[str, bool]] = []  # each block and whether Markdown ends it with a newline
    lines = markdown.split("\n")
    last = len(lines) - 1
    # Markdown strips the page's HTML at its end (white space only after it counts as nothing)
    end = next((index for index in range(last, -1, -1) if lines[index].strip(" \t")), -1)
    for index, line in enumerate(lines):
        if not line.startswith("<") or not (index == 0 or not lines[index - 1]) \
                or not (index == last or not lines[index + 1]):
            continue  # not alone between blank lines: a slot there would join a paragraph
        if not line.startswith((MARK, MARK_UNSEARCHED)):
            if not _whole_element(line):
                continue
            line = MARK + line  # generated HTML without a mark
        # Markdown ends a raw block followed by a blank line with a newline (not the page's last)
        blocks.append((line, index < end))
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
        block, newline = blocks[int(number)]
        html = block[len(MARK):] if block.startswith(MARK) else f'<div data-{_SLOT_TEXT}="{number}"></div>'
        # a paragraph is where Markdown put a raw block, with its newline; inside raw HTML it
        # left the line as it was
        return html + "\n" if slot.group(1) and newline else html

    return _TEXT_SLOT.sub(fill, html)


def on_post_page(output: str, page: Any, **_: Any) -> str:
    blocks = _blocks.pop(page.file.src_uri, None)
    if not blocks:
        return output
    return _LATE_SLOT.sub(lambda slot: blocks[int(slot.group(1))][0][len(MARK_UNSEARCHED):], output)

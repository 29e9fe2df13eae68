"""MkDocs hooks that hand the generator's finished HTML blocks straight to the page, so
Python-Markdown, MkDocs and the search plugin do not parse them again.

Each generated block is one line starting with a mark (see ``html.raw_block``):

- ``MARK`` blocks are put back into the page's content right after Markdown, so the
  search index sees them (a topic's table of responsible leaders);
- ``MARK_UNSEARCHED`` blocks (session tables, filters, QR codes, JSON-LD) are put back
  into the finished page, after the search plugin has read the content: they were
  excluded from search anyway, and parsing them was most of its work.

Without these hooks a block is ordinary raw HTML after an HTML comment and builds to
the same page, only slower.

The pages left to Markdown are then small (headings, a few lines), and building the converter
cost more than converting: MkDocs 1.6 builds a new ``markdown.Markdown`` for every page (its
extensions, parser and patterns), so every page of a build is converted by one instance.

This file is loaded by path (MkDocs ``hooks:``), so it imports nothing from xinfang.
"""

from __future__ import annotations

import inspect
from typing import Any

MARK = "<!--xf:raw-->"
MARK_UNSEARCHED = "<!--xf:late-->"

_blocks: dict[str, list[str]] = {}
"""Each page's blocks, by source path, between on_page_markdown and on_post_page."""


def _slot(number: int) -> str:
    return f'<div data-xf-block="{number}"></div>'


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


def on_page_markdown(markdown: str, page: Any, **_: Any) -> str:
    _one_markdown(page)
    if MARK not in markdown and MARK_UNSEARCHED not in markdown:
        return markdown
    blocks: list[str] = []
    lines = markdown.split("\n")
    for index, line in enumerate(lines):
        if line.startswith((MARK, MARK_UNSEARCHED)):
            lines[index] = _slot(len(blocks))
            blocks.append(line)
    _blocks[page.file.src_uri] = blocks
    return "\n".join(lines)


def _fill(html: str, page: Any, mark: str) -> str:
    blocks = _blocks.get(page.file.src_uri)
    if not blocks:
        return html
    for number, block in enumerate(blocks):
        if block.startswith(mark):
            html = html.replace(_slot(number), block[len(mark):], 1)
    return html


def on_page_content(html: str, page: Any, **_: Any) -> str:
    return _fill(html, page, MARK)


def on_post_page(output: str, page: Any, **_: Any) -> str:
    output = _fill(output, page, MARK_UNSEARCHED)
    _blocks.pop(page.file.src_uri, None)
    return output

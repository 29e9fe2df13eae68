"""MkDocs hooks that hand the generator's finished HTML blocks straight to the page, so
Python-Markdown, MkDocs and the search plugin do not parse them again.

Each generated block is one line starting with a mark (see ``html.raw_block``):

- ``MARK`` blocks are put back into the page's content right after Markdown, so the
  search index sees them (a topic's table of responsible leaders);
- ``MARK_UNSEARCHED`` blocks (session tables, filters, QR codes, JSON-LD) are put back
  into the finished page, after the search plugin has read the content: they were
  excluded from search anyway, and parsing them was most of its work.

Without these hooks a block is ordinary raw HTML after an HTML comment and builds to
the same page, only slower.  This file is loaded by path (MkDocs ``hooks:``), so it
imports nothing from xinfang.
"""

from __future__ import annotations

from typing import Any

MARK = "<!--xf:raw-->"
MARK_UNSEARCHED = "<!--xf:late-->"

_blocks: dict[str, list[str]] = {}
"""Each page's blocks, by source path, between on_page_markdown and on_post_page."""


def _slot(number: int) -> str:
    return f'<div data-xf-block="{number}"></div>'


def on_page_markdown(markdown: str, page: Any, **_: Any) -> str:
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

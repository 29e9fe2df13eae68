"""The raw-HTML shortcut must not change what a page looks like."""

from __future__ import annotations

import re

import markdown

from generator.site.html import raw_block
from generator.site.rawhtml import MARK, RawHtmlExtension

PAGE = ("# 标题\n\n<p>前言 *强调*</p>\n\n"
        + raw_block('<table class="xf-table"><tr><td>*不是强调* &amp; __也不是__</td></tr>\n'
                    '<tr><td>二</td></tr></table>')
        + "## 小节\n\n正文 *强调*\n")


def _html(text: str, *, shortcut: bool) -> str:
    extensions: list = ["attr_list", "tables", "toc"]  # type: ignore[type-arg]
    if shortcut:
        extensions.append(RawHtmlExtension())
    return markdown.markdown(text, extensions=extensions)


def _squeeze(html: str) -> str:
    return re.sub(r">\s+<", "><", html.replace(MARK, "")).strip()


def test_a_marked_block_is_one_line_and_reaches_the_page_unparsed() -> None:
    block = raw_block("<div>\n一\n</div>")
    assert block.strip() == f"{MARK}<div> 一 </div>"
    html = _html(PAGE, shortcut=True)
    assert '<td>*不是强调* &amp; __也不是__</td>' in html
    assert "<em>强调</em>" in html  # the Markdown around it is still Markdown
    assert MARK not in html


def test_the_page_is_the_same_with_and_without_the_extension() -> None:
    assert _squeeze(_html(PAGE, shortcut=True)) == _squeeze(_html(PAGE, shortcut=False))

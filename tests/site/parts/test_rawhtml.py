"""The raw-HTML hooks must not change what a page looks like, only who parses it."""

from __future__ import annotations

import re
from types import SimpleNamespace

import markdown

from generator.site.parts import rawhtml
from generator.site.parts.html import raw_block

TABLE = '<table class="xf-table"><tr><td>*不是强调* &amp; __也不是__</td></tr>\n<tr><td>二</td></tr></table>'
PAGE = ("# 标题\n\n<p>前言 *强调*</p>\n\n" + raw_block(TABLE) + "## 小节\n\n正文 *强调*\n"
        + raw_block('<table class="xf-sessions"><tr><td>场次</td></tr></table>', searchable=False))


def _html(text: str) -> str:
    return markdown.markdown(text, extensions=["attr_list", "tables", "toc"])


def _squeeze(html: str) -> str:
    return re.sub(r">\s+<", "><", re.sub(r"<!--xf:\w+-->", "", html)).strip()


def test_a_block_is_one_line_and_reaches_the_page_unparsed() -> None:
    assert raw_block("<div>\n一\n</div>").strip() == f"{rawhtml.MARK}<div> 一 </div>"
    page = SimpleNamespace(file=SimpleNamespace(src_uri="x.md"))
    source = rawhtml.on_page_markdown(PAGE, page=page)
    assert "不是强调" not in source and "场次" not in source  # Markdown never sees the blocks
    content = rawhtml.on_page_content(_html(source), page=page)
    # what the search plugin reads: the searchable block, not the session table
    assert "<td>*不是强调* &amp; __也不是__</td>" in content and "场次" not in content
    assert "<em>强调</em>" in content  # the Markdown around the blocks is still Markdown
    output = rawhtml.on_post_page(f"<main>{content}</main>", page=page)
    assert "<td>场次</td>" in output and "data-xf-block" not in output and "xf:" not in output
    assert _squeeze(output) == _squeeze(f"<main>{_html(PAGE)}</main>")  # the same page as without hooks

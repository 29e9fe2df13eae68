"""The raw-HTML hooks must not change what a page looks like, only who parses it."""

from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace

import markdown
import pytest

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


def test_one_markdown_for_every_page_carries_nothing_from_page_to_page(tmp_path: Path) -> None:
    """Every page of a build is converted by one Markdown instance: a page's reference links,
    heading ids and raw HTML must not reach the next page, and MkDocs gets its own module
    back when the build ends."""
    import markdown as markdown_module
    import mkdocs.structure.pages
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    docs = tmp_path / "docs"
    docs.mkdir()
    # a: defines a reference and a heading; b uses the reference without defining it
    (docs / "a.md").write_text("# 甲\n\n## 小节\n\n见[说明][ref]。\n\n<p>甲的段落</p>\n\n[ref]: https://example.org/a\n",
                               encoding="utf-8")
    (docs / "b.md").write_text("# 乙\n\n## 小节\n\n见[说明][ref]。\n\n## 小节\n", encoding="utf-8")
    (docs / "index.md").write_text("# 首页\n", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(
        f"site_name: t\ntheme: mkdocs\nplugins: []\nmarkdown_extensions: [toc, attr_list]\n"
        f"hooks: [{Path(rawhtml.__file__).resolve()}]\n", encoding="utf-8")
    converters: list[markdown_module.Markdown] = []  # kept alive: no two share an id()
    original = markdown_module.Markdown.convert

    def counting(self: markdown_module.Markdown, source: str) -> str:
        if all(self is not seen for seen in converters):
            converters.append(self)
        return original(self, source)

    markdown_module.Markdown.convert = counting  # type: ignore[method-assign]
    try:
        build(load_config(config_file=str(tmp_path / "mkdocs.yml"), site_dir=str(tmp_path / "site")))
    finally:
        markdown_module.Markdown.convert = original  # type: ignore[method-assign]
    page_a = (tmp_path / "site" / "a" / "index.html").read_text(encoding="utf-8")
    page_b = (tmp_path / "site" / "b" / "index.html").read_text(encoding="utf-8")
    assert 'href="https://example.org/a"' in page_a
    assert "example.org" not in page_b and "[说明][ref]" in page_b  # not a link: b defines no ref
    assert "甲的段落" not in page_b
    # b's ids are its own: the first 小节 is not renamed because a had one
    ids_a, ids_b = (re.findall(r'<h2 id="([^"]+)"', page) for page in (page_a, page_b))
    assert len(ids_b) == 2 and ids_b[0] == ids_a[0] != ids_b[1]
    assert len(converters) == 1  # three pages, one converter
    assert mkdocs.structure.pages.markdown is markdown_module


UNMARKED = [
    # a leader's facts and a link paragraph (whole elements), two elements on one line (Markdown
    # parts them with a newline), and the page's last line
    '# 标题\n\n<dl class="xf-info"><dt>职务</dt><dd>副区长</dd></dl>\n\n## 小节\n\n'
    '<p><a href="x.ics">订阅</a></p><p class="xf-help">两段</p>\n\n<p>末段</p>\n',
    # lines inside an open raw block stay inside it
    '<div class="box"><p>开头</p>\n\n<p>里面</p>\n\n</div>\n\n<p>后面</p>',
    '<div><div>套</div></div>\n\n<div>一</div><div>二</div>\n\n<div>三</div> 尾巴\n\n正文',
    '正文\n<p>接在段落上</p>\n\n<p>单独</p>\n正文紧接',
    '<p>注释<!-- c --></p>\n\n<p>有 &amp; &#10; &lt;b&gt; *不是强调*</p>\n\n*强调*\n\n<p>后面只有空白</p>\n\n   \n',
    '- 甲\n- 乙\n\n<ul><li>列表</li></ul>\n\n1. 一\n\n!!! note "注"\n    内容\n\n<p>提示之后</p>\n\n'
    '| 表 |\n|---|\n| 格 |\n\n<p>表后</p>',
    '<p class="a">1</p>\n\n<p class="b">2</p>\n\n\n\n<table><tr><td>表</td></tr></table>',
    # elements one after the other: three, nested, with a space or text between (left to Markdown),
    # at the page's end, and one not closed on its line
    '# 题\n\n<p>一</p><div><div>二</div></div><ul><li>三</li></ul>\n\n<p>四</p> <p>五</p>\n\n'
    '<p>六</p>尾巴<p>七</p>\n\n<dl><dt>八</dt></dl><p class="x">九</p>',
    '<p>一</p><div>二\n\n<p>三</p><p>四</p>\n\n</div>\n\n<p>五</p><p>六</p>\n',
]


def test_a_whole_element_alone_on_its_line_reaches_the_page_as_markdown_would_leave_it() -> None:
    """Generated HTML without a mark: the hooks' page is byte for byte Markdown's own."""
    md = markdown.Markdown(extensions=["attr_list", "admonition", "tables", "toc"])
    page = SimpleNamespace(file=SimpleNamespace(src_uri="x.md"))
    for text in UNMARKED:
        source = rawhtml.on_page_markdown(text, page=page)
        content = rawhtml.on_page_content(md.reset().convert(source), page=page)
        assert rawhtml.on_post_page(content, page=page) == md.reset().convert(text), text
    # what Markdown was spared: the whole elements alone between blank lines, nothing else
    source = rawhtml.on_page_markdown(UNMARKED[0], page=page)
    assert "职务" not in source and "末段" not in source and "订阅" not in source
    assert "接在段落上" in rawhtml.on_page_markdown(UNMARKED[3], page=page)


def test_a_marked_block_inside_open_raw_html_stays_where_it_was() -> None:
    """The home page's today box opens a <div> on a line of its own and holds marked blocks:
    inside raw HTML Markdown leaves a slot as a bare word, and the block goes back there."""
    text = ('# 首页\n\n<div class="xf-today-box"><p><strong>今天</strong></p>\n'
            + raw_block('<p class="xf-help">预约</p>')
            + raw_block("<table><tr><td>场次</td></tr></table>", searchable=False)
            + "</div>\n\n" + raw_block("<p>末尾</p>", searchable=False))
    md = markdown.Markdown(extensions=["attr_list", "admonition", "tables", "toc"])
    page = SimpleNamespace(file=SimpleNamespace(src_uri="home.md"))
    source = rawhtml.on_page_markdown(text, page=page)
    assert "预约" not in source and "场次" not in source and "末尾" not in source
    content = rawhtml.on_page_content(md.reset().convert(source), page=page)
    assert "预约" in content and "场次" not in content and "末尾" not in content  # what search reads
    unmarked = text.replace(rawhtml.MARK, "").replace(rawhtml.MARK_UNSEARCHED, "")
    assert rawhtml.on_post_page(content, page=page) == md.reset().convert(unmarked)


def test_a_page_of_headings_and_blocks_is_built_as_markdown_would_build_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Most generated pages are only headings and blocks once the blocks are slots, and the hooks
    write them without Markdown: the site must be the one Markdown builds, byte for byte (each
    heading's id, the table of contents, the title, the anchors other pages link to), also for
    headings Markdown reads marks in."""
    import markdown as markdown_module
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")  # the theme writes the build's time
    headings = ["标题", "近期接访安排", "标题", "Ａｂｃ　全角", "a  b", "1. 总则 (2026) 第3条:", "*强调* 与 `代码`",
                "a_b_c", "[链接](p0.md)", "&amp; <b>粗</b>", "{#自定义} 标题 {: #id }", "标题 #", "#", "😀 表情",
                'say "hi"', "it's", "反斜杠 \\*", "尾 ", "x" * 3]
    pages = {}
    for number, heading in enumerate(headings):
        text = f"# {heading}\n\n<p>甲 {number}</p>\n\n## {heading}\n\n<dl><dt>乙</dt><dd>丙</dd></dl><p>丁</p>\n\n"
        pages[f"p{number}.md"] = text + "### 小节\n\n#### 小节\n\n<p>尾</p>\n\n###### 六\n"
    pages["seven.md"] = "# 七\n\n####### 七\n\n<p>尾</p>\n"
    # links to headings' ids, which MkDocs checks (strict): the page must show it the ids
    pages["index.md"] = "# 首页\n\n" + "".join(f"- [第{n}页](p{n}.md)\n" for n in range(len(headings))) \
        + "- [小节](p0.md#_4)\n- [标题](p1.md#_2)\n"
    sites = []
    original = markdown_module.Markdown.convert
    for hooks in ([], [str(Path(rawhtml.__file__).resolve())]):
        root = tmp_path / ("hooked" if hooks else "plain")
        (root / "docs").mkdir(parents=True)
        for name, text in pages.items():
            (root / "docs" / name).write_text(text, encoding="utf-8")
        (root / "mkdocs.yml").write_text(
            "site_name: t\ntheme: mkdocs\nplugins: [search]\nmarkdown_extensions: [attr_list, admonition, tables,"
            f" {{toc: {{permalink: false}}}}]\nvalidation: {{anchors: warn}}\nhooks: {hooks}\n", encoding="utf-8")
        converted: list[str] = []

        def counting(self: markdown_module.Markdown, source: str, converted: list[str] = converted) -> str:
            converted.append(source)
            return original(self, source)

        markdown_module.Markdown.convert = counting  # type: ignore[method-assign]
        try:
            build(load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(root / "site"), strict=True))
        finally:
            markdown_module.Markdown.convert = original  # type: ignore[method-assign]
        sites.append({path.relative_to(root / "site").as_posix(): path.read_bytes()
                      for path in sorted((root / "site").rglob("*")) if path.suffix in (".html", ".json")})
        if hooks:  # pages Markdown did not convert (the first ones of a build are compared with its own)
            assert len(converted) < len(pages) - 5
    assert sites[0].keys() == sites[1].keys() and len(sites[0]) > len(pages)
    for name, page in sites[0].items():
        assert sites[1][name] == page, name
    page = sites[1]["p0/index.html"].decode()
    assert '<h1 id="_1">标题</h1>' in page and '<h2 id="_2">标题</h2>' in page  # the same heading twice: ids of its own

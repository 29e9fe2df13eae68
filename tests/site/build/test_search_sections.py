"""material's search plugin divides each page into the same sections with the quick parser as
with its own ``html.parser`` one: compared section by section on pages of every shape, and the
search index of a built site byte for byte."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import material.plugins.search.plugin as plugin
import pytest

from generator.site.build import search_sections
from generator.site.build.search_sections import sections

ORIGINAL = plugin.Parser
GAP = "\u200b"  # jieba's word gap in the index


def _material(html: str) -> list[tuple[Any, ...]]:
    parser = ORIGINAL()
    parser.feed(html)
    parser.close()
    return _shape(parser.data)


def _shape(data: list[Any]) -> list[tuple[Any, ...]]:
    return [(s.el.tag, s.el.attrs, s.depth, s.id, s.title, s.text, s.is_excluded()) for s in data]


def _quick(html: str) -> list[tuple[Any, ...]] | None:
    read = sections(html, plugin)
    return None if read is None else _shape(read)


PAGES = {
    "generated": '<h1 id="_1">丁英平</h1>\n<p>职务：镇长；分管领域：<a href="../../topics/x/">征地拆迁</a>、'
                 '<span class="xf-next" data-xf-next="a b">6月16日（周二）14:30</span>。</p>\n\n'
                 '<h2 id="_2">近期接访安排</h2>\n<div data-xf1n="1"></div>\n\n<h2 id="_3">订阅日历</h2>\n'
                 '<p class="xf-help">在手机上点开链接即可加入日历。</p>\n',
    "no h1, h2 first": '<p>前言</p><h2 id="a">甲</h2><p>一</p><h3 id="b">乙</h3><ul><li>二</li><li> </li></ul>',
    "h1 without id, h2 with none": "<h1>标题</h1><h2 id>无名</h2><p>正文</p>",
    "nested heading": '<div><section><h2 id="n">里面</h2><p>甲</p></section><p>外面</p></div><p>后面</p>'
                      '<h3 id="m">再</h3><div><div><h4 id="k">深</h4></div></div><p>回</p>',
    "table and dl": "<table><thead><tr><th>名</th></tr></thead><tbody><tr><td>甲</td><td>乙<br/>丙</td></tr>"
                    "</tbody></table><dl><dt>信访人</dt><dd>钱先生</dd><dd></dd></dl>",
    "pre keeps its spaces": "<p>前</p>\n\n<pre><code>a  b\n\n  c\n</code></pre>\n\n\n<p>  后\n 行</p>",
    "permalink": '<h2 id="x">小节<a class="headerlink" href="#x" title="Permanent link">¶</a></h2><p>t</p>',
    "excluded": '<h2 id="a" data-search-exclude>不搜</h2><p>甲</p><div data-search-exclude><p>乙</p>'
                '<div><p>丙</p></div><p>丁</p></div><p>戊</p><div class="linenodiv"><pre>1\n2</pre></div><p>己</p>',
    "entities": '<p title="a &amp; b" data-x="&lt;q&gt;">甲 &amp; 乙 &lt;丙&gt; &quot;丁&quot; &#x4e00;&#20108;'
                " &nbsp;&copy 1</p>",
    "upper case and odd spacing": '<H2 ID="Up">大写</H2>\n<P CLASS="x"  >正文</P><Br><IMG SRC="a.png"/>',
    "self-closing non-void": '<p/><div/><p>甲</p><h2 id="s"/><p>乙</p>',
    "void first": '<br><img src="x"><hr/>文字<h1 id="a">题</h1>',
    "empty kept tags": "<p> </p><ul>\n<li>\n</li>\n</ul><p><code></code></p><p><sub>2</sub>x<sup>3</sup></p>",
    "stray end tags": "</p></div><p>甲</span></p></li><ul><li>乙</ul></li>",
    "duplicate attributes": '<h2 id="a" id="b">重</h2><p class="linenodiv" class="x">留</p><p>后</p>',
    "object and empty values": '<object data=""><p>不见</p></object><p value="">见</p><h2 id="">空</h2><p>尾</p>',
    "whitespace runs": "<p>甲</p>\n\n  \n<p>乙</p>   \t <p>\n丙\n丁\n</p>",
    "text only": "只有一行文字，没有标签 & 符号",
    "empty": "",
    "heading in a kept tag": '<ul><li><h2 id="li">列表里的标题</h2>文字</li></ul><p>后</p>',
    "same tag as the section's heading open": '<h2 id="a">甲</h2><div><h2>无号</h2>乙</div><p>丙</p>',
}
"""Pages of every shape material's parser meets: generated pages, an office's Markdown
(tables, lists, code, permalinks), raw HTML it may write, and HTML that is not well formed."""

ODD = {
    "comment": "<p>甲<!-- 注释 -->乙</p>",
    "script": "<p>甲</p><script>var a = '<p>不是段落</p>';</script><p>乙</p>",
    "style": "<style>p > a { color: red }</style><p>甲</p>",
    "textarea": "<textarea><p>字</p></textarea><p>乙</p>",
    "lone less-than": "<p>1 < 2</p>",
    "single-quoted attribute": "<p class='x'>甲</p>",
    "unquoted attribute": "<p class=x>甲</p>",
    "value with a bracket": '<p title="a>b">甲</p>',
    "declaration": "<!DOCTYPE html><p>甲</p>",
    "processing instruction": "<?xml version='1.0'?><p>甲</p>",
    "cdata": "<p><![CDATA[x]]></p>",
    "unfinished tag": "<p>甲</p><p",
    "tag name with a dash": "<my-tag>甲</my-tag>",
    "end tag with a space": "<p>甲</p >",
}
"""HTML the quick parser leaves to material's own."""


@pytest.mark.parametrize("name", PAGES)
def test_a_page_is_divided_as_materials_parser_divides_it(name: str) -> None:
    html = PAGES[name]
    assert _quick(html) == _material(html)


def test_the_pages_sections_are_what_a_reader_expects() -> None:
    """Not only the same as material's: the sections themselves, written out by hand."""
    assert _quick(PAGES["no h1, h2 first"]) == [
        ("hx", {}, 0, None, [], ["<p>", "前言", "</p>"], False),
        ("h2", {"id": "a"}, 1, "a", ["甲"], ["<p>", "一", "</p>"], False),
        # an empty item is kept: material looks back from its end to the section's first <li>
        ("h3", {"id": "b"}, 1, "b", ["乙"], ["<ul>", "<li>", "二", "</li>", "<li>", " ", "</li>", "</ul>"], False),
    ]
    excluded = _quick(PAGES["excluded"])
    assert excluded is not None
    assert [(s[0], s[4], s[5], s[6]) for s in excluded] == [
        ("hx", [], [], False),
        # the excluded heading's own text is skipped too; the inner </div> ends the skipping of
        # <div>s (material keeps them by tag), so 丁 is read; the line numbers are not
        ("h2", [], ["<p>", "甲", "</p>", "<p>", "丁", "</p>", "<p>", "戊", "</p>", "<p>", "己", "</p>"], True)]
    entities = _quick(PAGES["entities"])
    assert entities is not None
    assert entities[0][5] == ["<p>", "甲 &amp; 乙 &lt;丙&gt; \"丁\" 一二 \xa0© 1", "</p>"]


@pytest.mark.parametrize("name", ODD)
def test_html_it_does_not_read_is_left_to_materials_parser(name: str) -> None:
    html = ODD[name]
    assert _quick(html) is None
    parser = search_sections._quick_parser(plugin)()
    parser.feed(html)
    parser.close()
    assert _shape(parser.data) == _material(html)


_PIECES = ('<h1 id="t">', "</h1>", '<h2 id="a">', '<h2 id="b">', "</h2>", "<h3>", '<h3 id="c">', "</h3>",
           '<h6 id="z">', "</h6>", "<p>", "</p>", '<p class="linenodiv">', "<div>", "</div>",
           "<div data-search-exclude>", '<div data-search-exclude="">', "<pre>", "</pre>", "<code>", "</code>",
           "<ul>", "</ul>", "<ol>", "</ol>", "<li>", "</li>", "<sub>", "</sub>", "<sup>", "</sup>", "<br>", "<br/>",
           '<img src="a.png" alt="图">', '<a class="headerlink" href="#a">', '<a href="x/">', "</a>", "<span>",
           "</span>", "<table>", "<tr>", "<td>", "</td>", "</tr>", "</table>", "<object>", "</object>", "<p/>",
           "<em>", "</em>", " ", "\n", "\n\n", "  \t", "信访", "接访 安排", "a\nb", "&amp;", "&lt;", "&#26032;",
           "&nbsp;", "&copy", "&", "¶", "&quot;x&quot;")


def test_random_pages_are_divided_as_materials_parser_divides_them() -> None:
    """Thousands of pages made of headings, kept and skipped tags, texts and entities in any
    order (unbalanced too): every one the quick parser reads gives material's sections."""
    rng = random.Random(24)
    read = 0
    for _ in range(4000):
        html = "".join(rng.choice(_PIECES) for _ in range(rng.randint(0, 40)))
        try:
            expected: list[tuple[Any, ...]] | type[Exception] = _material(html)
        except ValueError:  # material's parser fails on some unbalanced kept tags: so must this one
            expected = ValueError
        try:
            got: list[tuple[Any, ...]] | type[Exception] | None = _quick(html)
        except ValueError:
            got = ValueError
        if got is not None:
            read += 1
            assert got == expected, html
    assert read >= 3900  # the pieces are all plain HTML: hardly any page left to material


def _site(tmp_path: Path, name: str, *, hooks: bool) -> tuple[bytes, list[str]]:
    """The search index of a small site and, for each page, the parser the plugin had."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    folder = tmp_path / name
    pages = {f"p{number}.md": f"# 第{number}页\n\n<div>\n{html}\n</div>\n" for number, html in
             enumerate((*PAGES.values(), *(v for k, v in ODD.items() if k != "unfinished tag")))}
    pages["notice.md"] = ("---\ntitle: 停电通知\nsearch:\n  boost: 2\n---\n\n# 关于停电的通知\n\n"
                          "各位来访群众：\n\n| 时间 | 地点 |\n|---|---|\n| 6月1日 | 接待大厅 |\n\n"
                          "## 注意事项\n\n- 带好**身份证**\n- 电话 `0571-0000`\n\n```\n代码  块\n```\n\n"
                          "信访人\n: 钱先生\n\n<p onclick=\"x()\">点 &amp; 看</p>\n")
    pages["odd.md"] = "# 注释\n\n甲<!-- 注释 -->乙\n"
    for path, text in pages.items():
        (folder / "docs" / path).parent.mkdir(parents=True, exist_ok=True)
        (folder / "docs" / path).write_text(text, encoding="utf-8")
    # which parser the plugin has while it reads each page
    (folder / "seen.py").write_text(
        "import material.plugins.search.plugin as p\n"
        "def on_page_context(context, page, **_):\n"
        f"    with open({str(folder / 'seen.txt')!r}, 'a') as f: f.write(p.Parser.__name__ + '\\n')\n",
        encoding="utf-8")
    hook_files = [str(folder / "seen.py"), *([str(Path(search_sections.__file__).resolve())] if hooks else [])]
    (folder / "mkdocs.yml").write_text(
        "site_name: 示例\ntheme:\n  name: material\n  language: zh\nplugins: [search]\n"
        "markdown_extensions: [tables, def_list, attr_list, {toc: {permalink: true}}]\n"
        f"hooks: {json.dumps(hook_files)}\n", encoding="utf-8")
    build(load_config(config_file=str(folder / "mkdocs.yml"), site_dir=str(folder / "site")))
    seen = (folder / "seen.txt").read_text(encoding="utf-8").split()
    return (folder / "site/search/search_index.json").read_bytes(), seen


def test_the_search_index_is_the_same_byte_for_byte(tmp_path: Path) -> None:
    plain, seen = _site(tmp_path, "plain", hooks=False)
    quick, quick_seen = _site(tmp_path, "quick", hooks=True)
    assert set(seen) == {"Parser"} and set(quick_seen) == {"_QuickParser"}
    assert quick == plain
    entries = {entry["location"]: entry for entry in json.loads(plain)["docs"]}
    notice = entries["notice/"]
    assert notice["title"].replace(GAP, "") == "关于停电的通知" and notice["boost"] == 2
    assert "6月1日" in notice["text"].replace(GAP, "")
    tips = entries["notice/#_2"]["text"].replace(GAP, "")
    assert tips.startswith("<ul> <li>带好身份证</li> <li>电话 <code>0571-0000</code></li> </ul>")
    assert "<pre><code>代码  块\n</code></pre>" in tips and tips.endswith("信访人 钱先生 <p>点 &amp; 看</p>")
    assert entries["odd/"]["text"].replace(GAP, "") == "<p>甲乙</p>"
    assert plugin.Parser is ORIGINAL  # put back when the build ended


def test_another_material_version_keeps_its_own_parser(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib.metadata

    try:
        search_sections.on_config({})
        assert plugin.Parser is not ORIGINAL and issubclass(plugin.Parser, ORIGINAL)
        search_sections.on_post_build()
        assert plugin.Parser is ORIGINAL
        monkeypatch.setattr(importlib.metadata, "version", lambda name: "9.9.0")
        search_sections.on_config({})
        assert plugin.Parser is ORIGINAL
    finally:
        search_sections.on_build_error()
    assert plugin.Parser is ORIGINAL

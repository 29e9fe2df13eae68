"""Policy and notice bodies: rendered, sanitised with nh3, written back as page text."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from generator.site.parts.markdown_body import MarkdownSettings, removal_warnings, removed_markup, render_body

SETTINGS = MarkdownSettings.from_mkdocs(["attr_list", "admonition", "tables", {"toc": {"permalink": False}}])
PAGE = "notices/n.md"


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.elements: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))


def _elements(text: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Elements()
    parser.feed(text)
    return parser.elements


HOSTILE = [
    ("<script>window.__pwned=1</script>", "script"),
    ('<img src="x" onerror="window.__pwned=1">', "onerror"),
    ('[点我](javascript:window.__pwned=1)', "javascript"),
    ('<a href="JaVaScRiPt:alert(1)">x</a>', "javascript"),
    ('<a href=" java\tscript:alert(1)">x</a>', "javascript"),
    ('<iframe srcdoc="<script>parent.__pwned=1</script>"></iframe>', "iframe"),
    ("点我\n{: onclick=\"window.__pwned=1\" }", "onclick"),
    ('<svg><script>alert(1)</script></svg>', "svg"),
    ('<object data="evil.swf"></object>', "object"),
    ('<form action="https://evil.example/"><input name=x></form>', "form"),
    ('<p style="background:url(https://evil.example/x.png)">x</p>', "style"),
    ('<img src="https://evil.example/track.png">', "evil.example"),
    ('<img src="//evil.example/track.png">', "evil.example"),
    ('<meta http-equiv="refresh" content="0;url=https://evil.example/">', "refresh"),
    ('<a href="data:text/html,<script>alert(1)</script>">x</a>', "data"),
]


@pytest.mark.parametrize(("source", "marker"), HOSTILE)
def test_executable_or_external_markup_is_removed_and_reported(source: str, marker: str) -> None:
    body = render_body(f"正文开始。\n\n{source}\n\n正文结束。\n", PAGE, SETTINGS)
    lowered = body.markdown.lower()
    assert "__pwned" not in lowered and "alert(" not in lowered and "evil.example" not in lowered
    for tag, attrs in _elements(body.markdown):
        assert tag not in ("script", "iframe", "svg", "object", "form", "input", "meta", "style"), tag
        for name, value in attrs.items():
            assert not name.startswith("on") and name != "style", (tag, name)
            assert not (value or "").replace(" ", "").lower().startswith(("javascript:", "data:")), value
    assert "正文开始" in body.markdown and "正文结束" in body.markdown
    assert body.removed, f"{source} was removed silently"


def test_check_finds_what_the_build_removes_without_making_the_body() -> None:
    # `check` works out only what would be removed; it must be each removal the build reports
    sources = [source for source, _ in HOSTILE]
    text = "正文开始。\n\n" + "\n\n".join(sources) + "\n\n正文结束，电话 0000-12345678。\n"
    built = render_body(text, PAGE, SETTINGS).removed
    checked = removed_markup(text, SETTINGS)
    assert [(r.what, r.needle.pattern) for r in checked] == [(r.what, r.needle.pattern) for r in built]
    assert {"<script> 元素", "<iframe> 元素", "javascript: 链接", "onclick 属性",
            "外部图片 https://evil.example/track.png（网站只能使用自身的文件）"} <= {r.what for r in checked}
    assert removed_markup("只有文字和一个[链接](https://example.gov.cn/)。\n", SETTINGS) == ()


def test_what_offices_use_is_kept() -> None:
    source = ("| 事项 | 时限 |\n|---|---|\n| 受理 | 15日 |\n\n"
              "第一行<br>第二行 <span>说明</span> **重点**\n\n"
              "[政策](../policies/wage-arrears.md#apply) · [官网](https://www.example.gov.cn/) · "
              "[写信](mailto:xf@example.gov.cn) · [电话](tel:12345) · [本页](#top)\n\n"
              "![流程图](../assets/flow.png)\n\n!!! note \"提示\"\n    请带身份证。\n")
    body = render_body(source, PAGE, SETTINGS)
    elements = _elements(body.markdown)
    tags = [tag for tag, _ in elements]
    assert {"table", "th", "td", "br", "span", "strong", "img"} <= set(tags)
    hrefs = [attrs.get("href") for tag, attrs in elements if tag == "a"]
    # relative to the notice's file, then to the page's directory URL (notices/n/)
    assert hrefs == ["../../policies/wage-arrears/#apply", "https://www.example.gov.cn/", "mailto:xf@example.gov.cn",
                     "tel:12345", "#top"]
    assert [attrs.get("src") for tag, attrs in elements if tag == "img"] == ["../../assets/flow.png"]
    assert ("div", {"class": "admonition note"}) in elements
    assert not body.removed


def test_headings_go_back_to_mkdocs_as_escaped_markdown() -> None:
    body = render_body("## 如何申请 {#apply}\n\n正文\n\n## <img src=x onerror=alert(1)>标题 *强调*\n", PAGE, SETTINGS)
    assert "\n## 如何申请 {: #apply }\n" in body.markdown
    assert "onerror" not in body.markdown and "<img" not in body.markdown
    assert "\n## 标题 强调\n" in body.markdown


def test_a_removal_is_reported_at_its_line_in_the_file() -> None:
    source = ("---\ntitle: 通知\ndate: 2026-01-01\n---\n\n第一段。\n\n"
              "第二段<script>x()</script>\n\n<b onclick=y()>z</b>\n")
    body_text = source.split("---\n", 2)[2]
    removed = render_body(body_text, PAGE, SETTINGS).removed
    warnings = removal_warnings(removed, "content/notices/n.md", source, body_text)
    assert len(warnings) == 2
    assert warnings[0].startswith("content/notices/n.md:8: ") and "<script>" in warnings[0]
    assert warnings[1].startswith("content/notices/n.md:10: ") and "onclick" in warnings[1]


def test_a_link_scheme_hidden_behind_character_references_is_reported_at_its_own_line() -> None:
    # "&#58;" is ":" and "&#x6a;" is "j" to a browser: the link is removed, and the clerk must be sent
    # to line 8 where it is written, not to the first line of the body.
    source = ("---\ntitle: 通知\ndate: 2026-01-01\n---\n\n第一段。\n\n"
              '<a href="JaVaScRiPt&#58;alert(1)">a</a> <a href="&#x6a;avascript:alert(2)">b</a>\n')
    body_text = source.split("---\n", 2)[2]
    removed = render_body(body_text, PAGE, SETTINGS).removed
    warnings = removal_warnings(removed, "content/notices/n.md", source, body_text)
    assert [w.split(" ")[0] for w in warnings] == ["content/notices/n.md:8:"]
    assert "javascript: 链接已删除（2 处）" in warnings[0]


def test_a_link_with_a_broken_host_loses_its_address_without_a_traceback(capfd: pytest.CaptureFixture[str]) -> None:
    # "[" without its "]" is no host: Python's URL parser raises, and nh3 printed its traceback
    body = render_body("见[官网](//[x/)和<a href=\"//[::1/y\">另一个</a>。\n", PAGE, SETTINGS)
    links = [attrs for tag, attrs in _elements(body.markdown) if tag == "a"]
    assert len(links) == 2 and all("href" not in attrs for attrs in links), links
    assert "官网" in body.markdown and "另一个" in body.markdown
    assert capfd.readouterr().err == ""


def test_a_title_with_markup_is_dropped_as_material_shows_titles_as_html() -> None:
    body = render_body('[链接](https://www.example.gov.cn/ "<img src=x onerror=alert(1)>")\n\n'
                       '[好链接](https://www.example.gov.cn/ "说明文字")\n', PAGE, SETTINGS)
    titles = [attrs.get("title") for tag, attrs in _elements(body.markdown) if tag == "a"]
    assert titles == [None, "说明文字"]
    assert body.removed


def test_the_build_warns_with_the_notice_file_and_line(content_copy, tmp_path) -> None:  # type: ignore[no-untyped-def]
    import datetime as dt

    from generator.pipeline import prepare
    from generator.site.build.tree import write_tree
    from generator.site.parts.data import SiteData
    from tests.conftest import REPO

    root = content_copy("sample")
    notice = root / "notices/2026-10-online-platform.md"
    lines = notice.read_text(encoding="utf-8").splitlines()
    notice.write_text("\n".join([*lines, "", "外链：<script src=\"x.js\"></script>", ""]), encoding="utf-8")
    data = SiteData(prepare(root), dt.date(2026, 11, 24), None)
    tree = write_tree(data, tmp_path / "tree", REPO / "mkdocs.yml")
    expected = f"notices/2026-10-online-platform.md:{len(lines) + 2}: "
    assert [w for w in tree.warnings if expected in w and "<script>" in w], tree.warnings
    page = (tmp_path / "tree/docs/notices/2026-10-online-platform.md").read_text(encoding="utf-8")
    assert "<script" not in page and "外链：" in page

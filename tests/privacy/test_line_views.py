"""The scan works out each distinct line of the built files once per process (``LineViews``):
a leak in a line that many pages share is still reported on every page, at its own line,
and whatever can cross a line break is found as when each file was read whole."""

from __future__ import annotations

import pytest

from generator.privacy.normalise import LineViews, views
from generator.privacy.scan import Scanner, Secret, format_leak

SECRETS = [
    Secret("张三丰", "name", "c-1", "content/cases/c-1.yaml"),
    Secret("19900001234", "phone", "c-1", "content/cases/c-1.yaml"),
    Secret("示例市东城区幸福里5栋302室", "address", "c-1", "content/cases/c-1.yaml"),
]

FOOTER = "<footer><p>联系人：张三丰，电话 199-0000-1234</p></footer>"
"""A line of the theme that every page repeats, with two private values in it."""


def _page(title: str, lines_before: int) -> str:
    body = "\n".join(f"<p>{title}第{n}段</p>" for n in range(lines_before))
    return f"<html><body>\n{body}\n{FOOTER}\n</body></html>\n"


def test_a_leak_in_a_line_many_pages_share_is_reported_on_each_page_at_its_line() -> None:
    scanner = Scanner(SECRETS, allow=[])
    # the footer is line 2 + n of a page with n paragraphs before it
    pages = {f"p{n}/index.html": (_page(f"页面{n}", n), 2 + n) for n in (1, 5, 2, 5, 30)}
    for name, (text, line) in pages.items():
        messages = [format_leak(leak) for leak in scanner.scan_text(text, name)]
        assert sorted((m.split(": ")[0], "姓名" in m, "手机号" in m) for m in messages) == [
            (f"{name}:{line}:{FOOTER.index('张') + 1}", True, False),
            (f"{name}:{line}:{FOOTER.index('199') + 1}", False, True)]


def test_a_value_over_two_lines_is_found_after_each_line_was_seen_alone() -> None:
    scanner = Scanner(SECRETS, allow=[])
    text = "<p>来访人张三\n丰到场</p>\n<p>电话 199 0000\n1234 转接</p>\n"
    # each line on its own, on earlier pages: now known to the scanner, and clean
    for n, line in enumerate(text.splitlines()):
        assert scanner.scan_text(line + "\n", f"{n}.html") == []
    found = {(leak.line, leak.kind) for leak in scanner.scan_text(text, "c.html")}
    assert found == {(1, "name"), (3, "phone")}


def test_an_address_over_two_paragraphs_is_found_as_a_name_is_not() -> None:
    scanner = Scanner(SECRETS, allow=[])
    text = "<p>住在示例市东城区幸福里</p>\n<p>5栋302室</p>\n<p>张三</p>\n<p>丰收</p>\n"
    scanner.scan_text(text.replace("\n", "\n\n"), "warm.html")
    assert {(leak.line, leak.kind) for leak in scanner.scan_text(text, "x.html")} == {(1, "address")}


@pytest.mark.parametrize("text", [
    "<p>甲</p>\n<span\nclass=\"x\">张三丰</span>\n",  # a tag over two lines
    "<svg><path d=\"M 1 2\n3 4\"/></svg>\n<p>1 2 3</p>\n",  # an SVG value over two lines
    "<svg><path\nd=\"M 1 2 3 4\"/></svg>\n",  # the line break is the white space before the name
    "<svg><path d=\"M 1 2 3 4\"/></svg><p>x</p>\nd=\"1 2\"\n",  # the same, in a page with SVG
    "<p>a</p>\n<script>{\"t\": \"\\u5f20\\u000a\\u4e09\", \"n\": \"\\t1\"}</script>\n",  # JSON, codec
    "<p>a</p>\n<script>{\"t\": \"\\u5f20\\n\\u4e09\", \"x\": \"\\x\"}</script>\n",  # JSON, stray escape
    "<p>a&#10;b</p>\n<p>c%0Ad</p>\n<p>e&#x4e09;</p>\n",  # encoded line breaks
    "<!--\n张三丰\n-->\n<p>x</p>\n",  # a comment over lines; --> alone on its line
    "BEGIN:VEVENT\r\nDESCRIPTION:张三\r\n 丰\r\nEND:VEVENT\r\n",  # a folded iCalendar line
    "纯文本，没有标签\n第二行 一三八〇〇\n",
    "<p>三十二组</p>\n<p>5号楼</p>\n<p>幸福里</p>\n",  # address forms, line by line
])
def test_line_by_line_views_are_the_whole_file_views(text: str) -> None:
    lines = LineViews()
    for other in ("<p>x</p>\n" + text, text.replace("\n", "\n<p>y</p>\n"), text):  # lines seen before
        assert lines.of(other) == views(other)
    assert lines.of(text, ics=True) == views(text, ics=True)

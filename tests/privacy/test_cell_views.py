"""A generated table is written as one long line (a month's sessions, thousands of cells):
the scan must find a private value inside a cell, and across two cells, two rows and a cell
and the next line wherever the rules find it in a file read whole, at the same line and
column, however such a line is worked out (cell by cell, each distinct cell once)."""

from __future__ import annotations

import pytest

from generator.privacy import normalise
from generator.privacy.normalise import LineViews, views
from generator.privacy.scan import Leak, Scanner, Secret

SECRETS = [
    Secret("张三丰", "name", "c-1", "content/cases/c-1.yaml"),
    Secret("19900001234", "phone", "c-1", "content/cases/c-1.yaml"),
    # a fictional ID number: its check character is worked out by hand in test_scan.py
    Secret("990000198001010004", "id_number", "c-1", "content/cases/c-1.yaml"),
    Secret("示例市东城区幸福里5栋302室", "address", "c-1", "content/cases/c-1.yaml"),
]

ROW = ('<tr id="s-{n}" class="xf-session" data-date="2026-01-{d:02d}"><td>1月{d}日 <span class="xf-wd">周日</span></td>'
       '<td>09:00—11:30</td><td><a href="../../leaders/c11-l1/">黄英</a><span class="xf-title">副区长</span></td>'
       '<td><span class="xf-unit">第11区</span> 第11区人民来访接待中心</td><td>预约：拨打 '
       '<a class="xf-tel" href="tel:000012340000">0000-12340000</a></td></tr>')


def _table(planted: str, *, rows: int = 60, at: int = 30) -> str:
    """A session table of ``rows`` rows on one line (far longer than a line the scan keeps),
    with ``planted`` (cells or rows) after row ``at``."""
    body = "".join(ROW.format(n=n, d=n % 28 + 1) for n in range(at)) + planted + \
        "".join(ROW.format(n=n, d=n % 28 + 1) for n in range(at, rows))
    return f'<table class="xf-sessions"><thead><tr><th>日期</th><th>时间</th></tr></thead><tbody>{body}</tbody></table>'


def _found(text: str) -> set[tuple[int, int, str]]:
    """(line, column, kind) of each leak in ``text``, scanned by a scanner that saw it before
    (its cells are known) and by a fresh one; both must agree."""
    scanner = Scanner(SECRETS, allow=[])
    scanner.scan_text(text.replace("张三丰", "李四"), "warm.html")
    first = scanner.scan_text(text, "page.html")
    again = Scanner(SECRETS, allow=[]).scan_text(text, "page.html")
    assert _places(first) == _places(again)
    return _places(first)


def _places(leaks: list[Leak]) -> set[tuple[int, int, str]]:
    return {(leak.line, leak.column, leak.kind) for leak in leaks}


def test_each_kind_of_value_inside_a_cell_of_a_long_table_line() -> None:
    cells = ("<tr><td>来访人张三丰</td><td>电话19900001234</td><td>证件990000198001010004</td>"
             "<td>住示例市东城区幸福里5栋302室</td><td>另13912345678</td></tr>")
    line = _table(cells)
    assert len(line) > 4 * LineViews.KEEP
    text = f"<p>前言</p>\n{line}\n<p>完</p>\n"
    column = {value: line.index(value) + 1 for value in ("张三丰", "19900001234", "990000198001010004",
                                                         "示例市东城区幸福里5栋302室", "13912345678")}
    assert _found(text) == {(2, column["张三丰"], "name"), (2, column["19900001234"], "phone"),
                            (2, column["990000198001010004"], "id_number"),
                            (2, column["示例市东城区幸福里5栋302室"], "address"),
                            (2, column["13912345678"], "mobile_pattern")}


@pytest.mark.parametrize("cut", ["</td><td>", "</td></tr><tr><td>", '</td></tr><tr id="x9"><td class="a">'])
def test_values_across_two_cells_and_two_rows(cut: str) -> None:
    cells = (f"<tr><td>电话 199 0000{cut}1234 转</td><td>证件 990000 19800101{cut}0004</td>"
             f"<td>住示例市东城区幸福里{cut}5栋302室</td><td>张三{cut}丰收</td><td>139 1234{cut}5678</td></tr>")
    line = _table(cells)
    found = _found(f"{line}\n")
    # numbers and addresses join across cells and rows, names do not (a cell is a paragraph),
    # nor numbers of nobody known (cells apart, digits of neighbouring cells are not one number)
    assert {(row, kind) for row, _, kind in found} == {(1, "phone"), (1, "id_number"), (1, "address")}
    shown = normalise.text_view(line)
    assert {column for _, column, kind in found if kind == "phone"} == {shown.index("199 0000") + 1}
    assert {column for _, column, kind in found if kind == "address"} == {shown.index("示例市") + 1}


def test_values_across_a_cell_and_the_next_line() -> None:
    lines = [_table("") + "<table><tbody><tr><td>电话 199 0000</td></tr>",
             "<tr><td>1234</td><td>住示例市东城区幸福里</td></tr>",
             "<tr><td>5栋302室</td><td>张三</td></tr>",
             "<tr><td>丰</td></tr></tbody></table>" + _table("")]
    found = _found("\n".join(lines) + "\n")
    assert {(row, kind) for row, _, kind in found} == {(1, "phone"), (2, "address")}


@pytest.mark.parametrize("planted", [
    "<tr><td>甲&lt;</td><td>乙&#10;丙</td></tr>",  # an encoded line break inside a cell
    '<tr><td><span class="a</td><td>b">张三丰</span></td></tr>',  # an attribute across cells
    "<tr><td>a < b</td><td>c > d</td></tr>",  # a stray < across cells
    "<tr><td>x <i</td><td>y</td></tr>",  # a tag left open before the cell ends
    '<tr><td><svg><path d="M 1 2</td><td>3 4"/></svg></td></tr>',  # an SVG value across cells
    "<tr><td><!--</td><td>199 0000 1234</td><td>--></td></tr>",  # a comment across cells
    "<tr><td>三十</td><td>二组</td><td>5号</td><td>楼</td><td>OO12345</td><td>67</td></tr>",  # address forms
    "<tr><td>十二</td><td>--</td><td>></td><td>&amp</td><td>;</td><td>%E5%</td><td>BC%A0</td></tr>",
])
def test_a_long_line_cell_by_cell_is_the_line_whole(planted: str) -> None:
    text = f"<p>x</p>\n{_table(planted)}\n<p>y</p>\n"
    lines = LineViews()
    for other in (_table(""), text.replace("张三丰", "李四"), text):  # cells seen before
        assert lines.of(other) == views(other)
    svg = text.replace("<table", "<svg></svg><table")
    assert lines.of(svg) == views(svg)


def test_json_escapes_in_a_long_line_are_the_line_whole() -> None:
    row = '<tr><td>\\u5f20\\u4e09\\u4e30</td><td>\\t1</td></tr>'
    text = "<p>a</p>\n<script>" + _table(row) + "</script>\n"
    stray = text.replace("\\t1", "\\x")
    lines = LineViews()
    for other in (text, stray):
        assert lines.of(other) == views(other)


def test_partial_maskings_in_cells_of_long_lines_add_up() -> None:
    # the start of the number in a cell of one long line, its end in a cell of another
    lines = [_table("<tr><td>电话 1990000****</td></tr>"), "<p>x</p>",
             _table("<tr><td>尾号 <strong>***</strong>1234</td></tr>")]
    found = _found("\n".join(lines) + "\n")
    assert found == {(1, lines[0].index("1990000****") + 1, "phone")}
    # a page with forms only in a line it shares with others and one with none at all
    assert _found(_table("<tr><td>1990000****</td></tr>") + "\n") == set()
    assert _found(_table("") + "\n") == set()


@pytest.mark.parametrize("dot", ["", " · ", "\u200b"])
def test_a_name_over_two_cells_is_not_reported_on_a_page_with_or_without_middle_dots(dot: str) -> None:
    # a middle dot or a zero-width space is a gap str.split does not remove: the cell
    # boundaries are then counted with it removed too
    line = _table(f"<tr><td>地点{dot * 3}甲</td><td>张三</td><td>丰收{dot}乙</td></tr>")
    assert _found(f"<p>前言</p>\n{line}\n<p>张{dot}三 丰</p>\n") == {(3, 4, "name")}


def test_a_whole_json_file_on_one_line_is_cut_only_where_a_page_would_be() -> None:
    """A page's structured data is cut before each JSON key and string (its entries repeat on
    other pages); a line longer than ``JSON_CUT_MAX`` (a search index written on one line) is
    not: hundreds of thousands of pieces held at once put 400 MB on serve's peak.  Either way
    its views are the whole text's, and a number in it is found."""
    entry = '{"location":"leaders/x/","title":"周明远","text":"电话 0000-1234"}'
    short = '{"docs":[' + ",".join([entry] * 50) + "]}"
    long = '{"docs":[' + ",".join([entry] * (normalise.JSON_CUT_MAX // len(entry) + 10)) + "]}"
    assert len(short) <= normalise.JSON_CUT_MAX < len(long)
    short_pieces = normalise._pieces(short)
    assert short_pieces is not None and len(short_pieces) == 1 + 50 * 2  # before "title" and "text"
    assert normalise._pieces(long) is None  # no tag cut in it either
    for text in (short, long):
        assert LineViews().of(text) == views(text)
    phone = long.replace("0000-1234", "138 0013 8000", 1)
    scanner = Scanner([Secret("13800138000", "phone", "2026-0001", "cases/x.yaml")], [], [])
    assert [(leak.kind, leak.line) for leak in scanner.scan_text(phone, "search/search_index.json")] == [("phone", 1)]

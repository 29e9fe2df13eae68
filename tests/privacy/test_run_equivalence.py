"""The scan keeps what it worked out for each distinct line and table cell of the built
files, and searches afresh only where a value could run on from one into the next.  Whatever
a page looks like, it must report exactly what a search of the file's whole text reports:
the same leaks, in the same order, at the same line and column.  These hostile pages put
numbers across cells, tags, rows and lines, at the places a long line is cut, after +86,
with extension words, in full-width digits and Chinese numerals and with an X at the end,
and names inside and beside the published names of leaders."""

from __future__ import annotations

import re

import pytest

from generator.privacy.normalise import LineViews, Views, views
from generator.privacy.scan import Leak, Scanner, Secret

CASE = ("c-1", "content/cases/c-1.yaml")
SECRETS = [
    Secret("19900001234", "phone", *CASE),
    Secret("990000198001010004", "id_number", *CASE),
    Secret("0000-7654321", "phone", *CASE),  # a landline: seven digits after the area code
    Secret("张三丰", "name", *CASE),
    Secret("戊己", "name", *CASE),  # inside 戊己庚, a leader's name, after a chain of other leaders
    Secret("伟东", "name", *CASE),
]
PUBLIC = ["王伟东", "甲乙丙", "丙丁戊", "戊己庚"]
ALLOW = ["0000-12345678"]
UNKNOWN_ID = "99000019850615103X"
"""No case's: 9*7+9*9+0+0+0+0+1*2+9*1+8*6+5*3+0+6*9+1*10+5*5+1*8+0+3*2 = 321, 321 mod 11 = 2 -> 'X'."""

VALUES = [
    "19900001234", "199-0000-1234", "199 0000 1234", "(199)0000.1234", "１９９００００１２３４",
    "一九九〇〇〇〇一二三四", "幺九九零零零零幺二三四", "l99OOOO1234",
    "+86 199 0000 1234", "+8619900001234", "0086-19900001234", "8619900001234",
    "1990000转1234", "1990000分机1234", "1990000 ext. 1234", "1990000EXT1234", "1990000#1234", "1990000转接1234",
    "990000198001010004", "990000 19800101 0004", f"{UNKNOWN_ID}号", f"{UNKNOWN_ID.lower()}a", f"{UNKNOWN_ID[:-1]} X。",
    "13912345678", "139 1234 5678", "<b>139</b>1234<i>5678</i>", "<span>139</span>\n12345678",
    "0000-7654321", "0000-12345678", "2026-09-10 09:00—11:30 13:00",
    "<td>199</td><td>0000</td><td>1234</td>", "199</td></tr><tr><td>0000 1234", "1990000</li><li>1234",
    "199 0000\n1234", "1990000\n\n1234", "199-\n0000-\n1234", "1990000 ext\n1234", "1990000 e\nxt 1234",
    "1990000分\n机1234", "张三丰", "张<b>三</b>丰", "王伟东", "甲乙丙丁戊己庚", "甲乙丙丁戊己", "东伟东", "伟东方",
]

ROW = ('<tr id="s-{n}" class="xf-session" data-date="2026-01-{d:02d}"><td>1月{d}日 <span class="xf-wd">周日</span>'
       '</td><td>09:00—11:30</td><td><a href="../../leaders/c11-l1/">黄英</a></td><td>预约：拨打 '
       '<a class="xf-tel" href="tel:000012345678">0000-12345678</a></td></tr>')


def _table(planted: str, rows: int = 40) -> str:
    """A session table on one line, far longer than a line the scan keeps whole."""
    body = "".join(ROW.format(n=n, d=n % 28 + 1) for n in range(rows // 2)) + planted + \
        "".join(ROW.format(n=n, d=n % 28 + 1) for n in range(rows // 2, rows))
    line = f'<table><tbody>{body}</tbody></table>'
    assert len(line) > LineViews.KEEP
    return line


def _pages(value: str) -> list[str]:
    """``value`` in a paragraph, alone on a line, in a cell of a long line, split by a cell
    boundary there, at the very start and end of a file, next to an SVG and in a list."""
    cell = f"<tr><td>{value}</td></tr>"
    return [
        f"<html><body>\n<p>来访记录：{value}</p>\n</body></html>\n",
        f"{value}\n<p>x</p>\n{value}",
        f"<p>前言</p>\n{_table(cell)}\n<p>完</p>\n",
        f"<p>前言</p>\n{_table(cell)}{value}\n{value}{_table('')}\n",
        f"<p>前言</p>\n{_table('<tr><td>' + value.replace('0000', '00</td><td>00'))}\n",
        f"<ul>{''.join(f'<li>{n}</li>' for n in range(900))}<li>{value}</li></ul>\n",
        f'<svg viewBox="0 0 24 24"><path d="M 199 0000 1234 5"/></svg><p>{value}</p>\n{_table(cell)}\n',
        f"<p>{value}</p>",
    ]


class _Whole:
    """In place of ``LineViews``: every file worked out whole, and searched whole."""

    def of(self, text: str, *, ics: bool = False) -> Views:
        return views(text, ics=ics)


def _scanner() -> Scanner:
    return Scanner(SECRETS, ALLOW, PUBLIC)


def _whole(text: str, file: str, monkeypatch: pytest.MonkeyPatch) -> list[Leak]:
    scanner = _scanner()
    monkeypatch.setattr(scanner, "lines", _Whole())
    return scanner.scan_text(text, file)


@pytest.mark.parametrize("value", VALUES)
def test_each_page_reports_what_the_whole_text_search_reports(value: str, monkeypatch: pytest.MonkeyPatch) -> None:
    fresh, warm = _scanner(), _scanner()
    pages = _pages(value)
    for page in pages:  # the warm scanner has seen each line and cell before, on other pages
        warm.scan_text(page.replace("\n", "\n<p>y</p>\n"), "other.html")
        warm.scan_text("<p>z</p>\n" + page, "other.html")
    for page in pages:
        for file in ("page/index.html", "search/search_index.json"):
            expected = _whole(page, file, monkeypatch)
            assert fresh.scan_text(page, file) == expected
            assert warm.scan_text(page, file) == expected


def _places(leaks: list[Leak]) -> list[tuple[int, int, str]]:
    return sorted((leak.line, leak.column, leak.kind) for leak in leaks)


def test_hand_placed_numbers_split_across_cells_lines_and_piece_edges() -> None:
    """The equivalence above holds for the reference too: here the places are worked out by hand."""
    scanner = _scanner()
    cells = "<tr><td>电话199</td><td>0000</td><td>1234</td></tr>"
    line = _table(cells)
    # across cells only the text view holds the number: there each tag is one character
    column = re.sub("<[^<>]*>", "|", line).index("电话199") + 3
    text = f"<p>前言</p>\n{line}\n<p>证件 990000 19800101\n0004，另 {UNKNOWN_ID}</p>\n"
    assert _places(scanner.scan_text(text, "p.html")) == [
        (2, column, "phone"), (3, len("<p>证件 ") + 1, "id_number"),
        (4, len("0004，另 ") + 1, "id_pattern")]
    # the same line on a second page, one line further down
    assert _places(scanner.scan_text("<p>x</p>\n" + text, "q.html")) == [
        (3, column, "phone"), (4, len("<p>证件 ") + 1, "id_number"),
        (5, len("0004，另 ") + 1, "id_pattern")]


def test_a_private_name_inside_a_chain_of_leaders_names_is_theirs() -> None:
    """甲乙丙|丁|戊己庚 read left to right: 戊己 lies in 戊己庚, not across 丙丁戊 (which a search
    starting at 丙 would take)."""
    scanner = _scanner()
    assert scanner.scan_text("<p>领导：甲乙丙丁戊己庚</p>\n", "a.html") == []
    found = scanner.scan_text("<p>领导：甲乙丙丁戊己</p>\n", "b.html")
    assert _places(found) == [(1, len("<p>领导：甲乙丙丁") + 1, "name")]
    assert _places(scanner.scan_text("<p>东伟东；王伟东</p>\n", "c.html")) == [(1, len("<p>东") + 1, "name")]


def _json_line(planted: str) -> str:
    """A page's structured data on one line, far longer than a line the scan keeps whole."""
    entries = ",".join(f'"s-{n}":{{"d":"2026-01-{n % 28 + 1:02d}","w":"1月{n % 28 + 1}日 09:00","n":"黄英"}}'
                       for n in range(120))
    return f'<script type="application/json">{{{entries},"x":"{planted}",{entries}}}</script>'


@pytest.mark.parametrize("planted", [
    '&amp,"', '&#49,"9900001234', '&not,"in;', '&#x5f20,"三丰', "%E5%BC%A0,%22三丰", '\\\\u5f20,"\\\\u4e09丰',
    '\\\\",\\\\"19900001234', 'l99OOOO,"1234', '199****,"1234', '三十二,"组', '幸福里5栋,"302室',
    '<a title=\\"a,"b\\">张三丰</a>', '<svg><path d=\\"1,2,"/></svg>', "<svg><path d='1,\\\"2'/></svg>19900001234",
    '199","0000","1234', '张三","丰', '张三丰","', 'x\\\\x,"19900001234',
])
def test_a_json_line_cut_before_its_keys_is_the_line_whole(planted: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """A long line is also cut before each key and string of a JSON object (after ``,``):
    whatever stands on either side of such a place (an entity, an escape, a percent code, a
    tag or an SVG value left open), the views and the leaks are those of the file whole."""
    line = _json_line(planted)
    assert len(line) > LineViews.KEEP
    text = f"<p>前言</p>\n{line}\n<p>完</p>\n"
    lines = LineViews()
    lines.of(text.replace(planted, "无"))  # the other entries seen before
    assert lines.of(text) == views(text)
    warm = _scanner()
    warm.scan_text(text.replace(planted, "无"), "other.html")
    assert warm.scan_text(text, "page.html") == _whole(text, "page.html", monkeypatch)

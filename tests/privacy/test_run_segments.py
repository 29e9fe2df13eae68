"""A page's digits are searched for runs (known numbers, ID- and mobile-shaped chains) only in
the segments of its lines and cells that a run could cross into, each distinct segment once
per scan; a line or cell alone only when a search of it alone finds something; and its names
and addresses the same way.  Whatever the page, that must find what a search of the page's
whole text finds: the same runs and names, at the same line and column.  These pages are made
at random from the pieces that decide where a run or a name ends (digits, separators,
extension words split over a line or cell, an X before or after a line break or a cut, tags,
empty lines, SVG geometry, JSON, lines longer than the scan keeps whole, names and leaders'
names in parts), and compared with a scan of each file's whole text."""

from __future__ import annotations

import random

import pytest

from generator.privacy.normalise import LineViews, Views, views
from generator.privacy.scan import Leak, Scanner, Secret, _Hit

CASE = ("c-1", "content/cases/c-1.yaml")
SECRETS = [Secret("19900001234", "phone", *CASE), Secret("990000198001010004", "id_number", *CASE),
           Secret("0000-7654321", "phone", *CASE), Secret("张三丰", "name", *CASE), Secret("戊己", "name", *CASE),
           Secret("伟东", "name", *CASE), Secret("幸福里5栋302室", "address", *CASE)]
PUBLIC = ["王伟东", "甲乙丙", "丙丁戊", "戊己庚"]
ALLOW = ["0000-12345678"]

TOKENS = ["0", "1", "2", "9", "19", "0000", "1234", "199", "990000", "19800101", "0004", "13912345678",
          "1990000", "9900001985061510", "99000019850615103", "12345678901", "1234567890",
          "2026-09-10", "09:00", "-", " ", " ", ".", "/", "(", ")", "+86", "0086", "#", "_", "\u3000", "·",
          "转", "分", "机", "分机", "e", "E", "x", "X", "t", "T", "ext", "ext.", "EXT", "X。", "xa", "Xb",
          "a", "d", "张", "三", "丰", "，", "电话", '"', ",", ":", "=", "&amp;", "&#49;", "%31",
          "<b>", "</b>", "<p>", "</p>", "<span>", "</span>", "<br>", "<!--", "-->", "\x1e", "\x1f",
          "\n", "\n", "\n", "\n\n", "\n ", " \n", "X\n", "\nX", "1\n", "\n1", "转\n", "\n机", "ex\nt",
          "X张", "X，张", "x丰", "-X电话", "X1", "Xa", "张三", "三丰", "王伟", "伟东", "王", "东", "甲乙丙", "丁", "戊",
          "己", "庚", "戊己", "幸福里", "5栋", "五栋", "5号楼", "302室", "三百零二室", "​", "<b>张</b>",
          "<td>", "</td>", "</td><td>", "<tr><td>", "</td></tr>", "<li>", "</li><li>", '","', '":"',
          '<svg viewBox="0 0 24 24"><path d="M 199 0000 1234 5"/></svg>', ' d="1 2"']
CELL_TOKENS = [t for t in TOKENS if "\n" not in t]


def _text(rng: random.Random, size: int, tokens: list[str]) -> str:
    return "".join(rng.choice(tokens) for _ in range(size))


def _long(rng: random.Random) -> str:
    """A line longer than ``LineViews.KEEP``: a table, a list or a JSON object, with random cells."""
    kind = rng.choice(["table", "list", "json"])
    cells = []
    while sum(map(len, cells)) <= LineViews.KEEP:
        cell = _text(rng, rng.randint(0, 6), CELL_TOKENS)
        cells.append(rng.choice([f"<tr><td>{cell}</td></tr>", f"<td>{cell}</td>", "<td>0000-12345678</td>"])
                     if kind == "table" else f"<li>{cell}</li>" if kind == "list" else f'"k{len(cells)}":"{cell}",')
    if kind == "json":
        return '<script type="application/json">{' + "".join(cells) + '"z":1}</script>'
    return f"<{'table' if kind == 'table' else 'ul'}>{''.join(cells)}</{'table' if kind == 'table' else 'ul'}>"


def _page(rng: random.Random) -> str:
    parts = [_text(rng, rng.randint(0, 40), TOKENS) for _ in range(rng.randint(1, 4))]
    for _ in range(rng.choice([0, 0, 1, 2])):
        parts.insert(rng.randint(0, len(parts)), _long(rng))
    return rng.choice(["\n", "", "\n<p>", "<td>"]).join(parts) + rng.choice(["", "\n", "X", "1"])


class _Whole:
    """In place of ``LineViews``: every file worked out whole, and searched whole."""

    def of(self, text: str, *, ics: bool = False) -> Views:
        return views(text, ics=ics)


class _EveryRun(Scanner):
    """Reports every run of digits the scan searches, its length and last character shown (as
    an address's first four characters are): the runs, not only the numbers in them."""

    def _in_run(self, run: str, *, patterns: bool) -> tuple[_Hit, ...]:
        return ((0, "address", f"{len(run):03d}{run[-1]}", None), *super()._in_run(run, patterns=patterns))


def _places(leaks: list[Leak]) -> list[tuple[str, int, int, str, str, str | None]]:
    return [(leak.file, leak.line, leak.column, leak.kind, leak.shown, leak.case_id) for leak in leaks]


@pytest.mark.parametrize("kind", [Scanner, _EveryRun])
@pytest.mark.parametrize("seed", range(6))
def test_random_pages_report_what_the_whole_text_search_reports(kind: type[Scanner], seed: int) -> None:
    rng = random.Random(seed)
    warm, whole = kind(SECRETS, ALLOW, PUBLIC), kind(SECRETS, ALLOW, PUBLIC)
    whole.lines = _Whole()  # type: ignore[assignment]
    for _ in range(60):
        text = _page(rng)
        for file in ("p/index.html", "search/search_index.json"):
            expected = _places(whole.scan_text(text, file))
            fresh = kind(SECRETS, ALLOW, PUBLIC)
            assert _places(fresh.scan_text(text, file)) == expected, text
            assert _places(warm.scan_text(text, file)) == expected, text  # its lines and cells seen before


@pytest.mark.parametrize("text", [
    "电话 199-0000-\n1234\n",  # a run over a line break
    "199 0000\n\n1234\n",  # over an empty line
    "<td>199</td><td>0000</td><td>1234</td>\n",  # over cells: in the text view only
    "1990000\n转\n1234\n", "1990000 分机\n 1234\n", "1990000 ext\n1234\n",  # an extension word at a line break
    "证件 99000019850615103\nX\n", "证件 99000019850615103 \n X。\n",  # the X after a line break
    "证件 99000019850615103\nXa\n", "证件 99000019850615103X\nb\n",  # an X followed by a letter
    "证件 99000019850615103\nX张\n", "证件 99000019850615103\n-X，张\n",  # an X and a word after it
    "<p>1\n9\n9\n0\n0\n0\n0\n1\n2\n3\n4</p>\n",  # a digit a line
    "<svg><path d=\"M 199 0000 1234\"/></svg>\n<p>13912345678</p>\n",
])
def test_runs_over_the_edges_of_lines_and_cells(text: str) -> None:
    whole = _EveryRun(SECRETS, [], [])
    whole.lines = _Whole()  # type: ignore[assignment]
    expected = _places(whole.scan_text(text, "a.html"))
    assert expected  # each of these pages has a run
    long = "<table>" + "<tr><td>接访</td></tr>" * 400 + "</table>"
    for page in (text, f"<p>x</p>\n{text}", f"{long}{text}{long}\n", f"{long}\n{text}".replace("\n", "</td><td>")):
        scanner = _EveryRun(SECRETS, [], [])
        scanner.scan_text(page.replace("\n", "\n<p>y</p>\n"), "warm.html")  # each line seen alone
        assert _places(scanner.scan_text(page, "a.html")) == _places(whole.scan_text(page, "a.html")), page


def test_what_a_unit_is_marked() -> None:
    """The marks the segments are found by, worked out by hand (see ``Scanner.mark``)."""
    scanner = Scanner(SECRETS, [], [])
    assert [scanner.mark(unit) for unit in ("", " \x1e-", "X。", "ext", "电话", "Xa", "a", "-X，张", "<p>")] == [
        "p", "p", "p", "p", "a", "e", "e", "e", "a"]
    # with digits: 1 a run may go on into it, 2 out of it, 4 a search of it alone finds something
    assert [scanner.mark(unit) for unit in ("<p>12</p>", " 12</p>", "<p>12 ", "- 12 -", "a12", "电话19900001234",
                                            "19900001234。", "电话 19900001234 转", "电话 1 转 x")] == [
        "A", "B", "C", "D", "D", "G", "H", "G", "C"]


@pytest.mark.parametrize("text", [
    "<p>来访人张三\n丰到场</p>\n", "<p>张\n\n三\n丰</p>\n", "<td>张</td><td>三丰</td>\n",  # a name over lines, cells
    "<p>甲乙丙丁戊己庚</p>\n", "<p>甲乙丙丁\n戊己庚</p>\n", "<p>甲乙丙丁戊\n己</p>\n",  # inside a chain of leaders
    "<p>王伟东；东伟\n东</p>\n", "<p>王\n伟东</p>\n", "<td>王</td><td>伟东</td>\n",  # a leader's name over two
    "<p>住幸福里\n五栋</p>\n<p>三百零二室</p>\n",  # an address over paragraphs
])
def test_names_over_the_edges_of_lines_and_cells(text: str) -> None:
    whole = Scanner(SECRETS, ALLOW, PUBLIC)
    whole.lines = _Whole()  # type: ignore[assignment]
    long = "<table>" + "<tr><td>接访</td></tr>" * 400 + "</table>"
    for page in (text, f"<p>x</p>\n{text}", f"{long}{text}{long}\n", f"{long}\n{text}".replace("\n", "</td><td>")):
        scanner = Scanner(SECRETS, ALLOW, PUBLIC)
        scanner.scan_text(page.replace("\n", "\n<p>y</p>\n"), "warm.html")  # each line seen alone
        assert _places(scanner.scan_text(page, "a.html")) == _places(whole.scan_text(page, "a.html")), page


def test_what_a_squeezed_unit_is_marked() -> None:
    """Squeezed views are folded: 三 is 3 there, as in the case's squeezed name."""
    scanner = Scanner(SECRETS, ALLOW, PUBLIC)
    assert [scanner.word_mark(unit) for unit in ("", "<p>", "张<p>", "<p>丰", "张3", "张3丰", "王伟东", "戊己庚",
                                                 "来访人张3丰。")] == ["n", "a", "b", "c", "d", "h", "d", "d", "e"]


@pytest.mark.parametrize("text", [
    "电话 １９９-００００-\n１２３４\n",  # full-width digits over a line break
    "电话 幺九九〇〇〇〇\n一二三四\n",  # Chinese numerals, 幺 for one
    "电话 ①⑨⑨ 0000\n①②③④\n",  # circled digits
    "电话 &#49;&#57;&#57;</td><td>0000</td><td>&#x31;234\n",  # character references over cells
    "电话 %31%39%39 0000\n%31234\n",  # percent-encoding
    '<script type="application/json">["\\u0031\\u0039\\u0039","0000","1234"]</script>\n',  # JSON escapes, a list
    '<script type="application/json">{"t":"199\\n0000\\n1234"}</script>\n',  # an escaped line break in a string
    '<script type="application/json">{"t":"199\\u000a0000\\u000a1234"}</script>\n',  # ... as \\u000a
    "电话 199\u200b0000\u00a0\n1234\n",  # a zero-width space, a no-break space
    "电话 199<span class=x>0000</span>\n<b>1234</b>\n",  # inline tags
    "<!-- 199\n0000 -->1234\n",  # a comment
    "<p>电话 <a href='tel:199\n00001234'>拨打</a></p>\n",  # a tag left open over a line
    "证件 ９９００００１９８００１０１\n〇〇〇四\n",  # an ID number, full-width then Chinese numerals
])
def test_disguised_digits_over_the_edges_of_lines_and_cells(text: str) -> None:
    """The disguises the scan reads through (look-alike digits, references, escapes, invisible
    characters, tags), with the number cut over a line, a cell or a JSON string: the known
    number found, and the same findings as a search of the whole text, the page's lines and
    cells seen alone on an earlier page or not."""
    whole = Scanner(SECRETS, [], [])
    whole.lines = _Whole()  # type: ignore[assignment]
    long = "<table>" + "<tr><td>接访</td></tr>" * 400 + "</table>"
    # (cells cut into a tag's attribute leave no number there)
    for page, found in ((text, True), (f"{long}{text}{long}\n", True),
                        (f"{long}\n{text}".replace("\n", "</td><td>"), "tel:" not in text),
                        ('<script type="application/json">[' + '"接访",' * 800 + f'"{text}"]</script>\n', False)):
        expected = _places(whole.scan_text(page, "a.html"))
        if found:
            assert {(kind, case) for *_, kind, _, case in expected} & {("phone", "c-1"), ("id_number", "c-1")}, page
        scanner = Scanner(SECRETS, [], [])
        assert _places(scanner.scan_text(page, "a.html")) == expected, page
        scanner.scan_text(page.replace("\n", "\n<p>y</p>\n"), "warm.html")  # each line seen alone
        assert _places(scanner.scan_text(page, "a.html")) == expected, page

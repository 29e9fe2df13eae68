"""No content value becomes markup: every line and paragraph separator and every
Markdown-active construct in every text field of every content kind, built with the
separator check switched off (the escaping must hold on its own), gives pages with
exactly the elements, attributes and outside links the clean build has."""

from __future__ import annotations

import html
import shutil
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from generator.load import records
from tests.conftest import REPO
from tests.load.test_line_separators import dump_quoted
from tests.site.conftest import POISONED_PAGE_BUDGET, TODAY, Built, build_sample
from tests.site.test_injection_corpus import TEXT_KEYS

SEPARATORS = ["\r", "\v", "\f", "\x85", "\u2028", "\u2029", "\n\n"]
CONSTRUCTS = ["[x](javascript:a)", "<https://e.x/>", "*b*_i_", "a|b", "# h", "`c`", "{: .x onclick=y}",
              "## h\n", "![i](https://e.x/i.png)", "[y](https://e.x/)", "<b>x</b>"]
"""Each text value gets one separator and one construct (short: the page-size budget holds);
7 x 11 coprime, so the fields of the sample carry every pair many times."""


LINKED = {"booking", "note", "online_channel", "alternatives", "email", "address", "hours"}
"""Texts whose http(s) addresses and phone numbers the site makes links on purpose (a booking
written as an address is one tap away; the home page's 来访接待 box links every value it
shows, the office's address and hours too): there a bare address is written as a link by the
template, so these keys get the constructs that are not one."""
LISTED = {"scope", "not_received"}
"""Texts shown one line an item: a line break there is a new item by design."""


def _poison(value: object, key: str, count: list[int], plain: bool, constructs: list[str]) -> object:
    if isinstance(value, dict):
        return {k: (_poison(v, k, count, plain, constructs) if k != "petitioner" else v) for k, v in value.items()}
    if isinstance(value, list):
        return [_poison(item, key, count, plain, constructs) for item in value]
    if isinstance(value, str) and key in TEXT_KEYS | {"duties", "text", "what", "why", "handling", "request"}:
        count[0] += 1
        a, b = count[0] % len(SEPARATORS), count[0] % len(constructs)
        separator, construct = SEPARATORS[a], constructs[b]
        if key in LINKED and "https://" in construct:  # a bare address there is a link by design
            construct = constructs[0]
        if key in LISTED:
            separator = " "
        suffix = separator + construct
        if plain:  # the baseline: plain text of the same length, told apart the same way
            return value + ("甲乙丙丁戊己庚"[a] + "子丑寅卯辰巳午未申酉戌"[b]).ljust(len(suffix), "文")
        return value + suffix
    return value


def marked_content(target: Path, *, plain: bool, constructs: list[str] = CONSTRUCTS) -> Path:
    """The sample with one separator and one of ``constructs`` after every text value (the
    first construct must hold no address: it stands in where an address is linked by design)."""
    root = target / "content"
    shutil.copytree(REPO / "content", root)
    count = [0]
    for path in [*root.glob("*.yaml"), *root.glob("schedule/*.yaml"), *root.glob("cases/*.yaml")]:
        if path.name != "holidays.yaml":
            data = _poison(yaml.safe_load(path.read_text(encoding="utf-8")), "", count, plain, constructs)
            path.write_text(dump_quoted(data), encoding="utf-8")
    for path in [*root.glob("policies/*.md"), *root.glob("notices/*.md")]:
        _, meta, body = path.read_text(encoding="utf-8").split("---\n", 2)
        dumped = dump_quoted(_poison(yaml.safe_load(meta), "", count, plain, constructs))
        path.write_text("---\n" + dumped + "---\n" + body, encoding="utf-8")
    return root


class _Shape(HTMLParser):
    """Each element with its attribute names, and every link or source leaving the site."""

    def __init__(self) -> None:
        super().__init__()
        self.elements: Counter[str] = Counter()
        self.outside: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements[f"<{tag} {' '.join(sorted(name for name, _ in attrs))}>"] += 1
        for name, value in attrs:
            target = "".join((value or "").split()).lower()
            if name in ("href", "src", "action", "formaction", "srcset") and \
                    ":" in target.split("/")[0] and not target.startswith("#"):
                self.outside.add(f"{tag} {name}={value}")


def _shape(path: Path) -> _Shape:
    shape = _Shape()
    shape.feed(path.read_text(encoding="utf-8"))
    return shape


@pytest.fixture(scope="module")
def marked(tmp_path_factory: pytest.TempPathFactory) -> Built:
    folder = tmp_path_factory.mktemp("markup")
    with pytest.MonkeyPatch.context() as patch:
        # the check refuses these separators; the pages must be safe without it
        patch.setattr(records, "_line_breaks", lambda *args: None, raising=False)
        return build_sample(folder / "site", TODAY, marked_content(folder, plain=False),
                            page_budget=POISONED_PAGE_BUDGET)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    folder = tmp_path_factory.mktemp("plain")
    return build_sample(folder / "site", TODAY, marked_content(folder, plain=True), page_budget=POISONED_PAGE_BUDGET)


@pytest.mark.slow
def test_no_value_adds_an_element_an_attribute_or_an_outside_link(marked: Built, built: Built) -> None:
    pages = sorted(p.relative_to(built.site) for p in built.site.rglob("*.html"))
    assert pages == sorted(p.relative_to(marked.site) for p in marked.site.rglob("*.html"))
    problems = []
    for page in pages:
        clean, poisoned = _shape(built.site / page), _shape(marked.site / page)
        added = poisoned.elements - clean.elements
        if added:
            problems.append(f"{page}: {sorted(added)[:5]}")
        if poisoned.outside - clean.outside:
            problems.append(f"{page}: {sorted(poisoned.outside - clean.outside)[:3]}")
    assert not problems, "\n".join(problems[:30])
    assert sum("javascript:a" in p.read_text(encoding="utf-8") for p in marked.site.rglob("*.html")) > 20


@pytest.mark.slow
def test_a_statistics_range_name_is_text_in_its_heading(marked: Built) -> None:
    names = [r.name for r in marked.prepared.content.office.statistics.ranges]
    assert all(any(c in n for c in CONSTRUCTS) for n in names), names
    for page in sorted((marked.site / "statistics" / "ranges").glob("*/index.html")):
        shape = _shape(page)
        assert not {link for link in shape.outside if "e.x" in link or "javascript" in link}
        heading = page.read_text(encoding="utf-8").split("<h1", 1)[1].split("</h1>", 1)[0]
        assert "<a" not in heading and "<em" not in heading and "<code" not in heading
        assert any(html.escape(c, quote=False) in heading for c in CONSTRUCTS)  # shown as written

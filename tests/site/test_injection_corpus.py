"""Injection corpus: a script payload in every text field of every content kind, built
into the site; no page, feed, JSON-LD, .ics or data file carries executable markup,
and the payload is still there as text."""

from __future__ import annotations

import csv
import io
import json
import shutil
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
import yaml
from icalendar import Calendar

from tests.conftest import REPO
from tests.site.conftest import POISONED_PAGE_BUDGET, TODAY, Built, build_sample

PAYLOAD = "\"'><svg onload=__pwned=1>"
"""Short, as it lands in every cell of every schedule page (the page-size budget still holds)."""
MARK = "__pwned=1"
TEXT_KEYS = {"name", "title", "duties", "summary", "department", "keywords", "materials", "reception_address",
             "address", "host", "hours", "booking", "booking_deadline", "venues", "not_received", "note",
             "with_others", "scope", "reason", "asked", "done", "outcome", "online_channel", "alternatives", "overflow",
             "role", "basis", "icp", "police_record", "site_code", "email"}
BODY = ("\n\n<script>window.__pwned=1</script>\n\n[点我](javascript:window.__pwned=1)\n\n"
        "<iframe srcdoc=\"<script>parent.__pwned=1</script>\"></iframe>\n\n"
        "<p onclick=\"window.__pwned=1\">段落</p>\n\n## 小标题 <img src=x onerror=window.__pwned=1>\n\n"
        "[提示链接](https://www.example.gov.cn/ \"<img src=x onerror=window.__pwned=1>\")\n")


FORMULA_KEYS = {"venues": "=", "reason": "@"}
"""Fields that start a cell of data/schedule.csv, given a formula start as well."""


def _poison(value: object, key: str = "", formula: str = "") -> object:
    if isinstance(value, dict):
        return {k: (_poison(v, k, formula) if k != "petitioner" else v) for k, v in value.items()}
    if isinstance(value, list):
        return [_poison(item, key, formula) for item in value]
    if isinstance(value, str) and key in TEXT_KEYS:
        start = FORMULA_KEYS.get(key, "") or (formula if key == "name" else "")
        return start + value + PAYLOAD
    return value


def poisoned_content(target: Path) -> Path:
    root = target / "content"
    shutil.copytree(REPO / "content", root)
    for path in [*root.glob("*.yaml"), *root.glob("schedule/*.yaml"), *root.glob("cases/*.yaml")]:
        if path.name == "holidays.yaml":
            continue
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        poisoned = _poison(data, formula="-" if path.name == "units.yaml" else "")  # unit names start cells too
        path.write_text(yaml.safe_dump(poisoned, allow_unicode=True, sort_keys=False), encoding="utf-8")
    for path in [*root.glob("policies/*.md"), *root.glob("notices/*.md")]:
        _, meta, body = path.read_text(encoding="utf-8").split("---\n", 2)
        data = _poison(yaml.safe_load(meta))
        path.write_text("---\n" + yaml.safe_dump(data, allow_unicode=True, sort_keys=False) + "---\n" + body + BODY,
                        encoding="utf-8")
    return root


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.script: str | None = None
        self.script_type = ""
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}>")
            if name in ("href", "src", "action", "formaction", "data") and \
                    "".join((value or "").split()).lower().startswith(("javascript:", "data:text")):
                self.problems.append(f"<{tag} {name}={value}>")
            if name == "srcdoc":
                self.problems.append(f"<{tag} srcdoc>")
        if tag in ("iframe", "object", "embed"):
            self.problems.append(f"<{tag}>")
        if tag == "script":
            self.script = ""
            self.script_type = dict(attrs).get("type") or ""

    def handle_data(self, data: str) -> None:
        if self.script is not None:
            self.script += data
        else:
            self.text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self.script is not None:
            if self.script_type in ("application/ld+json", "application/json"):
                json.loads(self.script)  # still JSON (a data block never runs): the payload did not close it
            elif MARK in self.script:
                self.problems.append(f"<script>{self.script[:80]}")
            self.script = None


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)


def _html_files(site: Path) -> Iterator[Path]:
    yield from sorted(site.rglob("*.html"))


@pytest.fixture(scope="module")
def poisoned(tmp_path_factory: pytest.TempPathFactory) -> Built:
    folder = tmp_path_factory.mktemp("poisoned")
    return build_sample(folder / "site", TODAY, poisoned_content(folder), page_budget=POISONED_PAGE_BUDGET)


@pytest.mark.slow
def test_no_page_carries_executable_markup_and_the_payload_is_text(poisoned: Built) -> None:
    problems = []
    shown = 0
    for path in _html_files(poisoned.site):
        page = _Page()
        page.feed(path.read_text(encoding="utf-8"))
        problems += [f"{path.relative_to(poisoned.site)}: {p}" for p in page.problems]
        shown += MARK in "".join(page.text)
    assert not problems, "\n".join(problems[:20])
    assert shown > 20, "the payload should be shown as text on many pages"


@pytest.mark.slow
def test_json_ld_stays_json_with_the_payload_as_a_string(poisoned: Built) -> None:
    home = (poisoned.site / "index.html").read_text(encoding="utf-8")
    start = home.index('<script type="application/ld+json">') + len('<script type="application/ld+json">')
    data = json.loads(home[start:home.index("</script>", start)])
    assert MARK in json.dumps(data, ensure_ascii=False)


@pytest.mark.slow
def test_feed_titles_and_descriptions_are_text_for_a_reader(poisoned: Built) -> None:
    root = ET.fromstring((poisoned.site / "feed.xml").read_bytes())
    items = root.findall("./channel/item")
    assert items
    for element in [root.find("./channel/title"), *(i.find(t) for i in items for t in ("title", "description"))]:
        assert element is not None and element.text is not None
        parser = _Tags()
        parser.feed(element.text)  # readers treat these as HTML
        assert not parser.tags, element.text
    assert any(MARK in (i.findtext("title") or "") + (i.findtext("description") or "") for i in items)


@pytest.mark.slow
def test_calendar_and_data_files_parse_and_hold_the_payload_as_text(poisoned: Built) -> None:
    for path in (poisoned.site / "calendar").rglob("*.ics"):
        Calendar.from_ical(path.read_bytes())
    assert MARK in (poisoned.site / "calendar/all.ics").read_text(encoding="utf-8").replace("\r\n ", "")
    records = json.loads((poisoned.site / "data/schedule.json").read_text(encoding="utf-8"))
    assert MARK in json.dumps(records, ensure_ascii=False)
    rows = list(csv.reader(io.StringIO((poisoned.site / "data/schedule.csv").read_text(encoding="utf-8-sig"))))
    assert any(MARK in cell for row in rows for cell in row)
    starts = {cell[:2] for row in rows[1:] for cell in row}
    assert {"'=", "'-"} <= starts, "venue and unit cells should have been neutralised"
    for path in poisoned.site.rglob("*.csv"):  # the schedule and every statistics table
        rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
        assert not any(cell[:1] in ("=", "+", "-", "@", "\t", "\r") for row in rows[1:] for cell in row), path
    for path in poisoned.site.rglob("*.json"):
        json.loads(path.read_text(encoding="utf-8"))

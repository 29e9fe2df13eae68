"""Every figure on the statistics pages and in their CSV/JSON, recomputed from the case
files of tests/fixtures/statistics by code written here, independently of
generator/statistics: the YAML is read with PyYAML, the counting is plain Python, and
each case's deadline outcome is worked out by hand below.  The hand-computed totals
for 2026 are stated in ``test_hand_computed_totals``, so the recomputation itself is
checked against numbers a person added up.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import lxml.html
import pytest
import yaml

from generator.pipeline import prepare
from generator.site.pages.statistics import statistics_part
from generator.site.parts.data import SiteData
from tests.conftest import FIXTURES

D = dt.date
TODAY = D(2026, 11, 24)
FIXTURE = FIXTURES / "statistics"

# The handling deadline of each accepted case (60 days from acceptance, 条例第三十二条),
# worked out by hand; a direct answer is judged against the 15 days to decide.
ON_TIME = {
    "s-a01": "按期",  # accepted 2025-08-05, replied 2025-08-20: 15 days in
    "s-b01": "按期",  # accepted 07-07, replied 07-20
    "s-b02": "超期",  # accepted 07-21, due 09-19 (a Saturday; at the latest 09-21), replied 10-30
    "s-b03": "超期",  # accepted 08-04, due 10-03 (国庆, rolled to 10-09 at the latest), never replied by 11-24
    "s-b05": "按期",  # accepted 09-08, replied 09-25
    "s-b06": "按期",  # accepted 09-22, replied 10-10
    "s-b07": "按期",  # accepted 10-13, replied 10-30
    "s-b08": "未到期",  # accepted 10-27, due 12-26, not replied yet
}
UNIT_SUFFIX = {"city": "（市本级）", "county": "（区县本级）"}


@dataclass(frozen=True)
class Fact:
    id: str
    received: dt.date
    channel: str
    topic: str
    county: str
    township: str
    department: str
    accepted: bool
    rejected: bool
    direct: bool
    closed: bool
    on_time: str
    settled: bool
    evaluation: str | None
    late_unevaluated: bool
    repeat: bool


def _units() -> dict[str, dict[str, Any]]:
    units = yaml.safe_load((FIXTURE / "units.yaml").read_text(encoding="utf-8"))["units"]
    return {u["id"]: u for u in units}


UNITS = _units()
TOPICS = {t["id"]: t["name"] for t in yaml.safe_load((FIXTURE / "topics.yaml").read_text(encoding="utf-8"))["topics"]}


def _county_name(unit_id: str) -> str:
    unit = UNITS[unit_id]
    while unit["level"] == "township":
        unit = UNITS[unit["parent"]]
    return unit["name"] + (UNIT_SUFFIX["city"] if unit["level"] == "city" else "")


def _township_name(unit_id: str) -> str:
    unit = UNITS[unit_id]
    return unit["name"] + ("" if unit["level"] == "township" else UNIT_SUFFIX[unit["level"]])


def load_facts() -> list[Fact]:
    records = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((FIXTURE / "cases").glob("*.yaml"))]
    records = sorted((r for r in records if r["received"] <= TODAY), key=lambda r: (r["received"], r["id"]))

    def person_topic(r: dict[str, Any]) -> tuple[str, str]:
        return (str(r["petitioner"]["id_number"]), r["topic"])

    facts = []
    for index, r in enumerate(records):
        earlier = [person_topic(x) for x in records[:index]]
        later = [person_topic(x) for x in records[index + 1:]]
        accepted, rejected = "accepted" in r, "rejected" in r
        closed = accepted and "closed" in r
        evaluation = r.get("evaluation") if closed else None
        facts.append(Fact(
            id=r["id"], received=r["received"], channel=r["channel"], topic=TOPICS[r["topic"]],
            county=_county_name(r["unit"]), township=_township_name(r["unit"]),
            department=re.sub(r"\s", "", unicodedata.normalize("NFKC", r["handler"])),
            accepted=accepted, rejected=rejected, direct=not accepted and not rejected and "closed" in r,
            closed=closed, on_time=ON_TIME.get(r["id"], "—"),
            settled=closed and "review" not in r and person_topic(r) not in later,
            evaluation=evaluation,
            late_unevaluated=closed and evaluation is None and (TODAY - r["closed"]).days > 30,
            repeat=person_topic(r) in earlier,
        ))
    return facts


FACTS = load_facts()
CHANNELS = {"letter": "来信", "visit": "来访", "online": "网上", "phone": "电话"}
COUNTS: dict[str, Callable[[Fact], bool]] = {
    "收到": lambda f: True,
    **{f"其中{label}": (lambda ch: lambda f: f.channel == ch)(ch) for ch, label in CHANNELS.items()},  # noqa: B023
    "受理": lambda f: f.accepted,
    "不予受理": lambda f: f.rejected,
    "直接答复": lambda f: f.direct,
    "办结": lambda f: f.closed,
    "超期办结或超期未办结": lambda f: f.on_time == "超期",
    "办结未评价": lambda f: f.closed and f.evaluation is None,
    "其中超期未评": lambda f: f.late_unevaluated,
    "重复信访": lambda f: f.repeat,
}
RATES: dict[str, tuple[Callable[[Fact], bool], Callable[[Fact], bool]]] = {
    "受理率": (lambda f: f.accepted, lambda f: True),
    "办结率": (lambda f: f.closed, lambda f: f.accepted),
    "按期办结率": (lambda f: f.on_time == "按期", lambda f: f.on_time in ("按期", "超期")),
    "化解率": (lambda f: f.settled, lambda f: f.closed),
    "参评率": (lambda f: f.evaluation is not None, lambda f: f.closed),
    "满意率": (lambda f: f.evaluation in ("satisfied", "basically"), lambda f: f.evaluation is not None),
    "不满意率": (lambda f: f.evaluation == "unsatisfied", lambda f: f.evaluation is not None),
    "重复信访率": (lambda f: f.repeat, lambda f: True),
}


def rate_text(numerator: int, denominator: int) -> str:
    """One decimal, rounded half up (office.yaml: rounding: round, decimals: 1)."""
    if denominator == 0:
        return f"—（{numerator} / {denominator}）"
    value = (Decimal(100 * numerator) / Decimal(denominator)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return f"{value}%（{numerator} / {denominator}）"


def expected_column(facts: list[Fact]) -> dict[str, str]:
    column = {label: str(sum(map(test, facts))) for label, test in COUNTS.items()}
    for label, (num, den) in RATES.items():
        base = [f for f in facts if den(f)]
        column[label] = rate_text(sum(map(num, base)), len(base))
    return column


# --- the periods, by hand --------------------------------------------------------------

def _month_end(y: int, m: int) -> dt.date:
    return (D(y + 1, 1, 1) if m == 12 else D(y, m + 1, 1)) - dt.timedelta(days=1)


PERIODS: dict[str, tuple[dt.date, dt.date, str, str]] = {}
"""page key -> (start, end, previous key, same period last year key)"""
for y in (2025, 2026):
    PERIODS[str(y)] = (D(y, 1, 1), D(y, 12, 31), str(y - 1), str(y - 1))
    for q in range(1, 5):
        prev = f"{y - 1}-q4" if q == 1 else f"{y}-q{q - 1}"
        PERIODS[f"{y}-q{q}"] = (D(y, 3 * q - 2, 1), _month_end(y, 3 * q), prev, f"{y - 1}-q{q}")
    for m in range(1, 13):
        prev = f"{y - 1}-12" if m == 1 else f"{y}-{m - 1:02d}"
        PERIODS[f"{y}-{m:02d}"] = (D(y, m, 1), _month_end(y, m), prev, f"{y - 1}-{m:02d}")
# the first case is 2025-08-04 and the build day 2026-11-24: earlier and later periods have no page
PUBLISHED = (["2026", "2025", "2026-q1", "2026-q2", "2026-q3", "2026-q4", "2025-q3", "2025-q4"]
             + [f"2026-{m:02d}" for m in range(1, 12)] + [f"2025-{m:02d}" for m in range(8, 13)])
# the range in office.yaml: 2026-07-01..2026-10-31 (123 days); before it 2026-02-28..2026-06-30
RANGE = (D(2026, 7, 1), D(2026, 10, 31))
RANGE_PREVIOUS = (D(2026, 2, 28), D(2026, 6, 30))
RANGE_LAST_YEAR = (D(2025, 7, 1), D(2025, 10, 31))


def bounds(key: str) -> tuple[dt.date, dt.date]:
    if key == "jul-oct":
        return RANGE
    start, end, _, _ = PERIODS[key] if key in PERIODS else (*_far_period(key), "", "")
    return start, end


def _far_period(key: str) -> tuple[dt.date, dt.date]:
    y = int(key[:4])
    if len(key) == 4:
        return D(y, 1, 1), D(y, 12, 31)
    if "-q" in key:
        q = int(key[-1])
        return D(y, 3 * q - 2, 1), _month_end(y, 3 * q)
    m = int(key[5:])
    return D(y, m, 1), _month_end(y, m)


def cases_between(start: dt.date, end: dt.date) -> list[Fact]:
    return [f for f in FACTS if start <= f.received <= end]


# --- what the generator wrote ---------------------------------------------------------

@pytest.fixture(scope="module")
def output() -> dict[str, str | bytes]:
    prepared = prepare(FIXTURE)
    return statistics_part(SiteData(prepared, TODAY, None))


def page_path(key: str) -> str:
    return f"statistics/ranges/{key}.md" if key == "jul-oct" else f"statistics/{key}.md"


def data_path(key: str, table: str, ext: str) -> str:
    return f"data/statistics/{'ranges/' + key if key == 'jul-oct' else key}/{table}.{ext}"


def tables(page: str | bytes) -> lxml.html.HtmlElement:
    """The page's HTML blocks (its Markdown headings come along as text)."""
    assert isinstance(page, str)
    return lxml.html.fromstring(f"<div>{page}</div>")


def text(element: lxml.html.HtmlElement) -> str:
    return " ".join(element.text_content().split()).replace(" （", "（")


def headline(doc: lxml.html.HtmlElement) -> tuple[list[str], dict[str, list[str]]]:
    table = doc.xpath(".//table[contains(@class, 'xf-stats-headline')]")[0]
    columns = [text(th) for th in table.xpath("./thead//th")][1:]
    rows = {text(tr.xpath("./th")[0]): [text(td) for td in tr.xpath("./td")] for tr in table.xpath("./tbody/tr")}
    return columns, rows


GROUPS: dict[str, Callable[[Fact], str]] = {
    "counties": lambda f: f.county, "townships": lambda f: f.township,
    "departments": lambda f: f.department, "topics": lambda f: f.topic,
}
BREAKDOWN_COLUMNS = ("收到", "占比", "办结率", "按期办结率", "满意率", "不满意率")


def expected_breakdown(facts: list[Fact], group: Callable[[Fact], str]) -> dict[str, dict[str, str]]:
    rows: dict[str, dict[str, str]] = {}
    names = sorted({group(f) for f in facts})
    for name in [*names, "合计"]:
        members = facts if name == "合计" else [f for f in facts if group(f) == name]
        column = expected_column(members)
        rows[name] = {"收到": str(len(members)), "占比": rate_text(len(members), len(facts)),
                      **{k: column[k] for k in BREAKDOWN_COLUMNS[2:]}}
    return rows


# --- tests ---------------------------------------------------------------------------

def test_hand_computed_totals() -> None:
    """2026 by hand: b01..b10 (b11 is received after the build day)."""
    year = expected_column(cases_between(D(2026, 1, 1), D(2026, 12, 31)))
    assert (year["收到"], year["其中来信"], year["其中来访"], year["其中网上"], year["其中电话"]) == \
        ("10", "3", "2", "3", "2")  # letters b01 b04 b07; visits b05 b10; online b02 b06 b09; phone b03 b08
    assert (year["受理"], year["不予受理"], year["直接答复"], year["办结"]) == ("7", "1", "1", "5")
    assert year["受理率"] == "70.0%（7 / 10）"
    assert year["办结率"] == "71.4%（5 / 7）"  # b01 b02 b05 b06 b07 of the 7 accepted; b04 answered directly
    assert year["按期办结率"] == "66.7%（4 / 6）"  # b01 b05 b06 b07; late b02 b03; b08 not due
    assert year["化解率"] == "60.0%（3 / 5）"  # b02 petitioned again (b08), b07 asked for 复查
    assert year["参评率"] == "60.0%（3 / 5）"  # b05 b06 unevaluated; b05 closed 57 days ago: 超期未评
    assert (year["办结未评价"], year["其中超期未评"]) == ("2", "1")
    assert year["满意率"] == "66.7%（2 / 3）"  # b01 满意, b07 基本满意, b02 不满意
    assert year["不满意率"] == "33.3%（1 / 3）"
    assert year["重复信访率"] == "20.0%（2 / 10）"  # b01 repeats a01 (2025), b08 repeats b02
    assert year["超期办结或超期未办结"] == "2"
    last = expected_column(cases_between(D(2025, 1, 1), D(2025, 12, 31)))
    assert (last["收到"], last["受理率"], last["化解率"]) == ("2", "50.0%（1 / 2）", "0.0%（0 / 1）")
    counties = expected_breakdown(cases_between(D(2026, 1, 1), D(2026, 12, 31)), GROUPS["counties"])
    assert {k: v["收到"] for k, v in counties.items()} == {
        "东区": "5", "西县": "4", "测试市（市本级）": "1", "合计": "10"}
    # 不满意率 by county: 东区 b01 满意, b02 不满意; 西县 b07 基本满意; the city's b05 is not evaluated
    assert {k: v["不满意率"] for k, v in counties.items()} == {
        "东区": "50.0%（1 / 2）", "西县": "0.0%（0 / 1）", "测试市（市本级）": "—（0 / 0）", "合计": "33.3%（1 / 3）"}
    departments = expected_breakdown(cases_between(D(2026, 1, 1), D(2026, 12, 31)), GROUPS["departments"])
    assert {k: v["收到"] for k, v in departments.items()} == {
        "测试市人社局": "5", "测试市医保局": "4", "=SUM(1,2)测试局": "1", "合计": "10"}  # b02's '测试市　人社局' joins


def test_a_page_per_period_and_no_more(output: dict[str, str | bytes]) -> None:
    pages = sorted(p for p in output if p.endswith(".md"))
    assert pages == sorted(["statistics/index.md", *(page_path(k) for k in [*PUBLISHED, "jul-oct"])])


@pytest.mark.parametrize("key", [*PUBLISHED, "jul-oct"])
def test_every_figure_on_a_period_page(output: dict[str, str | bytes], key: str) -> None:
    doc = tables(output[page_path(key)])
    columns, rows = headline(doc)
    if key == "jul-oct":
        compared = [RANGE, RANGE_PREVIOUS, RANGE_LAST_YEAR]
    else:
        _, _, previous, last_year = PERIODS[key]
        compared = [bounds(key), *([bounds(previous)] if previous != last_year else []), bounds(last_year)]
    assert len(columns) == len(compared)
    assert columns[0].startswith("本期") and columns[-1].startswith("上年同期")
    for index, (start, end) in enumerate(compared):
        expected = expected_column(cases_between(start, end))
        shown = {label: cells[index] for label, cells in rows.items()}
        assert shown == expected, f"{key} column {columns[index]}"
    facts = cases_between(*bounds(key))
    found = {t.get("data-breakdown"): t
             for t in doc.xpath(".//table[contains(concat(' ', @class, ' '), ' xf-stats ')]")}
    if not facts:
        assert not found
        return
    assert set(found) == set(GROUPS)
    for breakdown, table in found.items():
        header = [text(th) for th in table.xpath("./thead//th")][1:]
        assert tuple(header) == BREAKDOWN_COLUMNS
        shown = {text(tr.xpath("./th")[0]): dict(zip(header, (text(td) for td in tr.xpath("./td")), strict=True))
                 for tr in table.xpath("./tbody/tr")}
        assert shown == expected_breakdown(facts, GROUPS[breakdown]), f"{key} {breakdown}"
        # the rows add up to the total
        assert sum(int(r["收到"]) for name, r in shown.items() if name != "合计") == int(shown["合计"]["收到"])
        assert shown["合计"]["收到"] == rows["收到"][0]


def _csv_rows(raw: str | bytes) -> list[dict[str, str]]:
    assert isinstance(raw, bytes)
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))


def expected_csv(facts: list[Fact], total: int) -> dict[str, str]:
    column = expected_column(facts)
    row = {label: column[label] for label in COUNTS}
    rates = {"占比": rate_text(len(facts), total), **{label: column[label] for label in RATES}}
    for label, value in rates.items():
        match = re.fullmatch(r"(—|[\d.]+%)（(\d+) / (\d+)）", value)
        assert match
        row[f"{label}（%）"] = "" if match[1] == "—" else match[1].rstrip("%")
        row[f"{label}分子"], row[f"{label}分母"] = match[2], match[3]
    return row


@pytest.mark.parametrize("key", [*PUBLISHED, "jul-oct"])
def test_every_figure_in_the_open_data(output: dict[str, str | bytes], key: str) -> None:
    facts = cases_between(*bounds(key))
    summary = _csv_rows(output[data_path(key, "summary", "csv")])
    assert len(summary) == 1
    row = summary[0]
    assert (row.pop("开始"), row.pop("结束")) == tuple(d.isoformat() for d in bounds(key))
    row.pop("统计期")
    assert row == expected_csv(facts, len(facts))
    for breakdown, group in GROUPS.items():
        rows = _csv_rows(output[data_path(key, breakdown, "csv")])
        first = next(iter(rows[0])) if rows else None
        shown = {r.pop(first): r for r in rows} if first else {}
        names = sorted({group(f) for f in facts})
        expected = {name: expected_csv([f for f in facts if group(f) == name], len(facts)) for name in names}
        expected["合计"] = expected_csv(facts, len(facts))
        # a department named like a formula is written so a spreadsheet shows it as text
        expected = {("'" + k if k.startswith("=") else k): v for k, v in expected.items()}
        assert shown == expected, f"{key} {breakdown}"
        document = json.loads(output[data_path(key, breakdown, "json")])
        assert document["period"]["start"] == bounds(key)[0].isoformat()
        assert {r["name"]: r["received"] for r in document["rows"]} == {
            n: len([f for f in facts if group(f) == n]) for n in names}
        assert document["total"]["received"] == len(facts)
        assert {d["label"] for d in document["definitions"]} >= set(RATES)


RATE = re.compile(r"\d+(?:\.\d+)?%|—")
FRACTION = re.compile(r"（\d+ / \d+）")


def test_every_rate_is_followed_by_its_numerator_and_denominator(output: dict[str, str | bytes]) -> None:
    """In every table cell and in the charts' text and descriptions."""
    checked = 0
    for path, page in output.items():
        if not path.endswith(".md"):
            continue
        doc = tables(page)
        for cell in doc.xpath(".//td | .//*[local-name() = 'text' or local-name() = 'desc']"):
            content = text(cell)
            for match in RATE.finditer(content):
                checked += 1
                assert FRACTION.match(content, match.end()), f"{path}: {content!r}"
    assert checked > 1500

"""Private values in the files the build generates from schedule data: the open data
(data/schedule.json, data/schedule.csv, data/suspensions.csv) and the calendars (.ics).

Each field that reaches those files gets a private value of a case of its own (a fictional
petitioner added for the test): the build must refuse, and the report must name each file
the value went into, with a line and a column, and never repeat the value.  The same
plantings are then given to the tree writer alone, before any engine runs: the values are
caught where the files are generated, not by reading the files back as text.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.errors import OutputError
from generator.pipeline import prepare
from generator.privacy import scan
from generator.site.build import stage, tree
from generator.site.build.stage import build_site, privacy_scanner
from generator.site.parts.data import SiteData
from tests.conftest import REPO, edit
from tests.privacy.test_leak_corpus import Person, add_case, person

TODAY = dt.date(2026, 11, 24)
JSON, CSV, ICS, SUSPENSIONS = "data/schedule.json", "data/schedule.csv", "calendar/all.ics", "data/suspensions.csv"

# (content file, the exact text extended, the text it becomes, the files that must be named);
# values are written the ways the corpus writes them (spaced, full-width, dotted, split)
PLANTS: list[tuple[str, str, Callable[[Person], str], tuple[str, ...]]] = [
    # the weekly city rule: note, venue, booking deadline, an item of not_received
    ("schedule/city.yaml", "    note: 每周三市领导接访日，由分管市领导轮流接待",
     lambda q: f'    note: "每周三市领导接访日，由分管市领导轮流接待，联系人{q.name}"', (JSON, CSV, ICS)),
    ("schedule/city.yaml", "    venues: [市人民来访接待中心一楼接待大厅]\n    mode: onsite\n    booking_deadline",
     lambda q: f'    venues: ["市人民来访接待中心一楼接待大厅（{q.address}）"]\n    mode: onsite\n    booking_deadline',
     (JSON, CSV, ICS)),
    ("schedule/city.yaml", "    booking_deadline: 接访前一个工作日17:00前",
     lambda q: f'    booking_deadline: "接访前一个工作日17:00前，电话{q.phone[:3]}-{q.phone[3:7]}-{q.phone[7:]}"',
     (JSON, CSV, ICS)),
    ("schedule/city.yaml", "      - 已经复核终结、以同一事实和理由再次提出的事项",
     lambda q: f'      - "已经复核终结、以同一事实和理由再次提出的事项（{q.id_number[:6]} {q.id_number[6:]}）"',
     (JSON, CSV, ICS)),
    # the mayor's monthly rule: scope, overflow, the others who come along, the booking
    ("schedule/city.yaml", "    scope: 涉及全市的重大、复杂、疑难信访事项和群众反映集中的问题",
     lambda q: f'    scope: "涉及全市的重大、复杂、疑难信访事项，证件号{q.id_number}"', (JSON, CSV, ICS)),
    ("schedule/city.yaml", "    overflow: 超出名额的转由分管副市长接待或另行约访",
     lambda q: f'    overflow: "超出名额的联系{" ".join(q.name)}"', (JSON, CSV, ICS)),
    ("schedule/city.yaml", "    with_others: 市直有关部门主要负责同志",
     lambda q: f'    with_others: "市直有关部门主要负责同志和{q.name}"', (JSON, CSV, ICS)),
    ("schedule/city.yaml", "    booking: 拨打 0000-12345678 预约，或在“示例市网上信访”平台“市长接访”栏目登记",
     lambda q: '    booking: "拨打 0000-12345678 预约，或拨打'
               + q.phone.translate(str.maketrans("0123456789", "０１２３４５６７８９")) + '"', (JSON, CSV, ICS)),
    # the phone of a phone session, a change's reason
    ("schedule/city.yaml", "    phone: 0000-12345\n",
     lambda q: f'    phone: ["0000-12345", "{q.phone}"]\n', (JSON, CSV, ICS)),
    ("schedule/city.yaml", "    reason: 接访领导参加全省经济工作会议",
     lambda q: f'    reason: "接访领导参加全省经济工作会议，联系{q.phone[:3]}.{q.phone[3:7]}.{q.phone[7:]}"',
     (JSON, CSV, ICS)),
    # a suspension's reason and one of its other channels
    ("schedule/townships.yaml", "    reason: 白云乡信访接待室改造",
     lambda q: f'    reason: "白云乡信访接待室改造，{q.address}"', (JSON, SUSPENSIONS, ICS)),
    ("schedule/townships.yaml", "      - 来访：到青山县人民来访接待中心",
     lambda q: f'      - "来访：到青山县人民来访接待中心，或拨打{q.phone}"', (JSON, SUSPENSIONS, ICS)),
    # a leader's title (in every row and event of theirs, and their feed's name) and duties
    ("leaders.yaml", "    title: 市长",
     lambda q: f'    title: "市长（秘书{q.name}）"', (JSON, CSV, ICS, "calendar/leaders/zhou-mingyuan.ics")),
    ("leaders.yaml", "    duties: 负责人力资源社会保障、市场监管等方面工作",
     lambda q: f'    duties: "负责人力资源社会保障等方面工作，联系人{q.name}"', (JSON,)),
    # a topic's name: its sessions' rows and events, and its own feed's name
    ("topics.yaml", "    name: 社会保险",
     lambda q: f'    name: "社会保险（{q.name}）"', (JSON, CSV, ICS, "calendar/topics/social-insurance.ics")),
]


def people() -> list[Person]:
    return [person(60 + k) for k in range(len(PLANTS))]


def planted_content(folder: Path) -> Path:
    root = folder / "content"
    shutil.copytree(REPO / "content", root)
    for (file, old, new, _), who in zip(PLANTS, people(), strict=True):
        add_case(root, who)
        edit(root / file, old, new(who))
    return root


def missing(report: str) -> list[str]:
    """Each planted value's file that the report does not name for its case."""
    lines = report.splitlines()
    return [f"{who.case_id} {old.strip()[:20]}: {name}"
            for (_, old, _, files), who in zip(PLANTS, people(), strict=True) for name in files
            if not any(re.match(rf"{re.escape(name)}:\d+:\d+: 发现案件 {who.case_id}（", line) for line in lines)]


def test_the_planted_people_are_distinct() -> None:
    everyone = people()
    assert len({q.name for q in everyone}) == len({q.phone for q in everyone}) == len(PLANTS)


def test_every_field_of_the_generated_files_stops_the_build(tmp_path: Path) -> None:
    site = tmp_path / "site"
    with pytest.raises(OutputError) as refused:
        build_site(prepare(planted_content(tmp_path)), today=TODAY, site_dir=site)
    report = str(refused.value)
    assert not missing(report), "\n".join(missing(report))
    for who in people():
        for value in (who.name, who.phone, who.id_number, who.address):
            assert value not in report
    assert not site.exists()


def test_every_field_stops_a_city_build_that_makes_the_files_while_mkdocs_renders(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """At city scale the open data and calendars are generated beside MkDocs, outside its tree
    (``tree.COPIED_PARTS``): the same refusal, naming the same files."""
    monkeypatch.setattr(tree, "PARALLEL_SESSIONS", 0)
    moved: list[str] = []
    add = stage.SiteStage._add_deferred

    def spy(self: stage.SiteStage, made: tree.Deferred, folder: Path) -> None:
        moved.extend(made.written)
        add(self, made, folder)

    monkeypatch.setattr(stage.SiteStage, "_add_deferred", spy)
    site = tmp_path / "site"
    with pytest.raises(OutputError) as refused:
        build_site(prepare(planted_content(tmp_path)), today=TODAY, site_dir=site)
    assert {JSON, CSV, SUSPENSIONS, ICS} <= set(moved)
    report = str(refused.value)
    assert not missing(report), "\n".join(missing(report))
    assert not any(value in report for who in people() for value in (who.name, who.phone, who.id_number))
    assert not site.exists()


@pytest.mark.parametrize("forked", [False, True])
def test_the_values_are_caught_where_the_files_are_generated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                             forked: bool) -> None:
    """The tree writer, given the build's scanner, reports every planted value before any
    engine runs; the generated files are read as text only to say where (line and column),
    and only those the values went into.  Forked (a city's parts generated in other processes),
    the scanner is made by the tree writer meanwhile and checks the values the parts hand back."""
    prepared = prepare(planted_content(tmp_path))
    read: list[str] = []
    real = scan.scan_file
    monkeypatch.setattr(scan, "scan_file", lambda scanner, path, relative: read.append(relative)
                        or real(scanner, path, relative))
    if forked:
        monkeypatch.setattr(tree, "PARALLEL_SESSIONS", 0)
    made = tree.write_tree(SiteData(prepared, TODAY, prepared.content.office.site_url), tmp_path / "src",
                           Path("mkdocs.yml"),
                           scanner=(lambda: privacy_scanner(prepared)) if forked else privacy_scanner(prepared))
    assert made.large is forked and made.scanner is not None
    report = "\n".join(made.leaks)
    assert not missing(report), "\n".join(missing(report))
    assert {JSON, CSV, SUSPENSIONS, ICS} <= made.scanned
    assert all(name.startswith(("calendar/", "data/")) for name in read)
    assert len(read) < len([n for n in made.scanned if n.startswith("calendar/")])  # not every feed


def test_a_clean_build_reads_no_generated_file_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without a leak the open data and the calendars are never read back by the scan."""
    read: list[str] = []
    real = scan.scan_bytes  # what every file's scan goes through (the checks read a page once for all)
    monkeypatch.setattr(scan, "scan_bytes", lambda scanner, raw, relative: read.append(relative)
                        or real(scanner, raw, relative))
    report = build_site(prepare(REPO / "content"), today=TODAY, site_dir=tmp_path / "site")
    assert report.pages > 0
    assert not [name for name in read if name.startswith("calendar/") or name in (JSON, CSV, SUSPENSIONS)]
    # the rest is still read: pages, the feed, the widgets, our own assets
    assert "feed.xml" in read and "index.html" in read and any(n.startswith("assets/") for n in read)


def test_a_known_model_is_not_walked_again_but_every_other_value_is() -> None:
    """``values_of``'s ``known``: a shared record (a leader's) is left out by its id, where it
    stands in a list or a field; every value around it, nested or not, is still collected."""
    from pydantic import BaseModel

    from generator.privacy.values import values_of

    class Inner(BaseModel):
        name: str
        tags: list[str]

    class Outer(BaseModel):
        title: str
        when: dt.date
        count: int
        flag: bool
        people: list[Inner]
        lead: Inner
        extra: dict[str, str]

    shared = Inner(name="共享甲", tags=["标一", "标二"])
    own = Inner(name="自有乙", tags=["标三"])
    record = Outer(title="标题", when=dt.date(2026, 1, 2), count=3, flag=True, people=[shared, own],
                   lead=shared, extra={"键": "值"})
    whole: set[str] = set()
    values_of(record, whole)
    assert whole == {"标题", "2026-01-02", "3", "共享甲", "标一", "标二", "标一；标二", "自有乙", "标三", "键", "值"}
    without: set[str] = set()
    values_of(record, without, {id(shared)})
    assert without == whole - {"共享甲", "标一", "标二", "标一；标二"}

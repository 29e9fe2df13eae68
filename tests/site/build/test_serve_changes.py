"""``xinfang serve`` regenerates after a save only the pages and files the save affects
(``serve_changes.affected``): for each kind of edit, the tree written that way over the
tree of the content before the save is byte for byte the tree written whole from the
content after it, the pages that show the new value are rewritten, and a page that does
not show it is left alone (its file not even rewritten)."""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.errors import ContentError
from generator.pipeline import Pipeline, prepare
from generator.site.build import tree
from generator.site.build.serve import Preview
from generator.site.build.serve_changes import affected
from generator.site.build.tree import write_tree
from generator.site.pages import directory
from generator.site.parts import placement
from generator.site.parts.data import SiteData
from tests.conftest import edit

TODAY = dt.date(2026, 11, 24)
OLD = 1_000_000_000
"""The modification time every file of the preview is set to before the save (1 s after 1970)."""


def _data(root: Path) -> SiteData:
    prepared = prepare(root)
    return SiteData(prepared, TODAY, prepared.content.office.site_url)


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


EDITS = {
    # a rule's venue: the mayor's monthly sessions, on his page, the months, the topics, the feeds
    "rule": ("schedule/city.yaml", "venues: [市人民来访接待中心三楼会议室]",
             "venues: [市人民来访接待中心三楼第二会议室]", "市人民来访接待中心三楼第二会议室", True),
    # a one-off session's time
    "session": ("schedule/city.yaml", '    topics: [property]\n    scope: 物业矛盾纠纷重点信访事项\n'
                '    times: [{start: "14:30", end: "17:00"}]',
                '    topics: [property]\n    scope: 物业矛盾纠纷重点信访事项\n'
                '    times: [{start: "15:10", end: "17:00"}]',
                "15:10", True),
    # a change's reason (the moved session's row and the feed say it)
    "change": ("schedule/city.yaml", "reason: 市长参加省政府全体会议", "reason: 市长参加省政府专题会议",
               "市长参加省政府专题会议", True),
    # a session published by role: the leaders of that county point to it
    "role": ("schedule/districts.yaml", "role: 县委主要负责同志", "role: 县委主要负责同志（书记）",
             "县委主要负责同志（书记）", True),
    # a line added above every rule: each session's source line moves, no page changes
    "comment": ("schedule/city.yaml", "rules:\n", "# 2026年11月修订\nrules:\n", None, True),
    "notice": ("notices/2026-10-online-platform.md", "可以对办理结果进行满意度评价",
               "可以对办理结果进行满意度评价和留言", "可以对办理结果进行满意度评价和留言", True),
    "policy": ("policies/property.md", "title: 物业纠纷和商品房办证问题怎么解决",
               "title: 物业纠纷和商品房办证问题如何解决", "物业纠纷和商品房办证问题如何解决", True),
    "case": ("cases/2026-0001.yaml", "title: 企业欠缴职工养老保险，督促补缴到位",
             "title: 企业欠缴职工养老保险，督促全额补缴到位", "企业欠缴职工养老保险，督促全额补缴到位", True),
    # what every page shows: the whole tree again
    "office": ("office.yaml", "phone: 0000-12345678", "phone: 0000-12345679", "0000-12345679", False),
    "topic": ("topics.yaml", "name: 拖欠工资", "name: 拖欠农民工工资", "拖欠农民工工资", False),
}


SPLIT = ("rule", "session", "role", "added")
"""Edits tried again with the months cut into county pages as at city scale (where a session
more cuts a county's pages anew: every page of it changes, and the tree is written whole)."""
EDITS["added"] = ("schedule/districts.yaml", "sessions:\n", """sessions:
  - id: qingshan-extra-20261216
    date: 2026-12-16
    unit: qingshan
    leaders: [wu-dehai]
    times: [{start: "09:00", end: "11:00"}]
    venues: [青山县人民来访接待中心二楼]
""", "青山县人民来访接待中心二楼", True)


@pytest.mark.parametrize("kind, split", [(kind, False) for kind in EDITS] + [(kind, True) for kind in SPLIT])
def test_a_save_regenerates_what_it_affects_and_the_tree_is_the_whole_one(
        kind: str, split: bool, content_copy: Callable[[str], Path], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    if split:  # a month of more than 6 sessions gets each county's on pages of 4, a topic of
        # more than 2 leaders a page of each county's
        monkeypatch.setattr(placement, "MONTH_SPLIT_AT", 6)
        monkeypatch.setattr(placement, "PAGE_ROWS", 4)
        monkeypatch.setattr(directory, "TOPIC_ROWS", 2)
        monkeypatch.setattr(tree, "PARALLEL_SESSIONS", 1)  # the widgets generated aside, as at city scale
    name, old, new, shown, partial = EDITS[kind]
    partial = partial and not (split and kind == "added")
    root = content_copy("sample")
    before = _data(root)
    served = tmp_path / "served"
    write_tree(before, served, Path("mkdocs.yml"), preview=True)
    for path in (served / "docs").rglob("*"):
        os.utime(path, (OLD, OLD))
    was = _files(served / "docs")
    edit(root / name, old, new)
    after = _data(root)
    wanted = affected(before, after)
    assert (wanted is not None) is partial
    write_tree(after, served, Path("mkdocs.yml"), preview=True, only=wanted)
    write_tree(after, tmp_path / "whole", Path("mkdocs.yml"), preview=True)
    served_files, whole_files = _files(served / "docs"), _files(tmp_path / "whole" / "docs")
    assert served_files.keys() == whole_files.keys()
    stale = [path for path in whole_files if served_files[path] != whole_files[path]]
    assert not stale, f"{kind}: pages left as they were: {stale[:10]}"
    rewritten = {p.relative_to(served / "docs").as_posix() for p in (served / "docs").rglob("*")
                 if p.is_file() and p.stat().st_mtime != OLD}
    if shown is not None:
        showing = {path for path, raw in whole_files.items()
                   if shown.encode() in raw and shown.encode() not in was.get(path, b"")}
        assert showing and showing <= rewritten
    else:
        assert all(not path.endswith(".md") or path in ("index.md", "schedule/week.md") for path in rewritten) or \
            not rewritten
    if split:
        assert any(path.startswith("schedule/2026-12/qingshan") for path in whole_files)
        assert any(re.fullmatch(r"topics/[^/]+/in-[^/]+\.md", path) for path in whole_files)
    if partial:  # what the save does not touch stays as it was, file and time
        untouched = "policies/education.md" if kind != "policy" else "leaders/xu-guangming.md"
        assert untouched not in rewritten


def test_the_preview_writes_the_schedule_files_after_the_pages_and_a_quick_save_loses_none(
        content_copy: Callable[[str], Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """``serve``'s Preview: the whole schedule's files (all.ics, the open data) come from a
    forked process after the pages; a save that comes before it is done stops it and writes
    them itself, and a broken save leaves the tree as it was (and the next one still knows
    what the tree was generated from)."""
    root = content_copy("sample")
    work = tmp_path / "served"
    work.mkdir()
    preview = Preview(Pipeline(root).reloader(), lambda: TODAY, work, Path("mkdocs.yml"))
    preview.regenerate()
    venue = "venues: [市人民来访接待中心三楼会议室]"
    for hall in ("第二会议室", "第三会议室"):
        edit(root / "schedule/city.yaml", venue, f"venues: [市人民来访接待中心三楼{hall}]")
        venue = f"venues: [市人民来访接待中心三楼{hall}]"
        preview.regenerate()  # the second save comes at once: the first one's files may be unwritten
    edit(root / "schedule/city.yaml", "rules:\n", "rules: [\n")
    with pytest.raises(ContentError):
        preview.regenerate()
    edit(root / "schedule/city.yaml", "rules: [\n", "rules:\n")
    edit(root / "schedule/city.yaml", "reason: 市长参加省政府全体会议", "reason: 市长参加省政府专题会议")
    preview.regenerate()
    assert preview.finish() == set()
    write_tree(_data(root), tmp_path / "whole", Path("mkdocs.yml"), preview=True)
    served, whole = _files(work / "docs"), _files(tmp_path / "whole" / "docs")
    assert served == whole
    assert "第三会议室".encode() in served["data/schedule.json"] and "专题会议".encode() in served["feed.xml"]

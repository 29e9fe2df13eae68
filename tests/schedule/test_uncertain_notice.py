"""A whole notice marked uncertain: ``date_uncertain`` at the top of a schedule file
(tests/fixtures/uncertain_notice, a township's table reposted without its year).  Every session
the file gives takes it, unless the session says otherwise; ``check`` says it word for word.
The dates are worked out by hand from the table and the 2026 calendar."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from generator.cli import main
from generator.errors import ContentError
from generator.pipeline import prepare
from generator.schedule.wording import uncertain_text
from tests.conftest import FIXTURES, edit

NOTICE = "日期以正式通知为准（转载的安排表未写年份，日期与星期不符）"
WATERMARK = "日期以正式通知为准（图中日期被水印遮挡）"


def test_every_session_of_the_notice_is_uncertain_unless_it_says_otherwise() -> None:
    prepared = prepare(FIXTURES / "uncertain_notice")
    said = {s.id: uncertain_text(s) for s in prepared.sessions}
    # 每月10日: 10 October 2026 is a Saturday made a working day (国庆 调休), so it is held
    # that day; 10 November is a Tuesday, 10 December a Thursday.  The 1 December session
    # gives its own reason; the 15 December one was confirmed (date_uncertain: false).
    assert {i: text for i, text in said.items() if text} == {
        "huahu-10-20261010": NOTICE, "huahu-10-20261110": NOTICE, "huahu-1117": NOTICE,
        "huahu-1201-1": WATERMARK, "huahu-1201-2": WATERMARK, "huahu-10-20261210": NOTICE,
    }
    assert said["huahu-1215"] == ""
    # the county's own notice is certain: the Thursdays of the quarter but 1 October (国庆节)
    county = [s for s in prepared.sessions if s.rule_id == "county-thu"]
    assert [s.date.isoformat() for s in county][:3] == ["2026-10-08", "2026-10-15", "2026-10-22"]
    assert len(county) == 13 and not any(s.date_uncertain is not None for s in county)


def test_true_without_a_reason_and_a_session_saying_true_under_a_notice_with_one(
        content_copy: Callable[[str], Path]) -> None:
    root = content_copy("uncertain_notice")
    edit(root / "schedule/huahu.yaml", "    date_uncertain: 图中日期被水印遮挡\n", "    date_uncertain: true\n")
    said = {s.id: s.date_uncertain for s in prepare(root).sessions}
    assert said["huahu-1201-1"] == "转载的安排表未写年份，日期与星期不符"  # true: the notice's reason
    edit(root / "schedule/huahu.yaml", "date_uncertain: 转载的安排表未写年份，日期与星期不符\n",
         "date_uncertain: true\n")
    said = {s.id: s.date_uncertain for s in prepare(root).sessions}
    assert (said["huahu-1117"], said["huahu-1201-1"], said["huahu-1215"]) == ("", "", None)
    assert uncertain_text(next(s for s in prepare(root).sessions if s.id == "huahu-1117")) == "日期以正式通知为准"


def test_check_says_which_sessions_the_pages_mark(content_copy: Callable[[str], Path],
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    root = content_copy("uncertain_notice")
    assert main(["check", "--content", str(root), "--today", "2026-11-16"]) == 0
    notes = [line for line in capsys.readouterr().err.splitlines() if "date_uncertain" in line]
    assert notes == [
        "提示：content/schedule/huahu.yaml:4: 整份公告标为日期待定（date_uncertain：转载的安排表未写年份，"
        "日期与星期不符）：其中 5 场接访（2026-10-10 至 2026-12-10）的日期旁注明“日期以正式通知为准”，"
        "另有 1 场写了 date_uncertain: false，照常显示；接到正式通知、核实日期后请删去 date_uncertain"]


def test_a_notice_mark_on_a_file_without_sessions_is_a_warning(content_copy: Callable[[str], Path],
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    root = content_copy("uncertain_notice")
    (root / "schedule/changes.yaml").write_text(
        "# 花湖镇的调整通知\ndate_uncertain: true\nchanges:\n"
        "  - session: huahu-1117\n    action: cancel\n    reason: 镇党委书记参加县委全会\n    announced: 2026-11-12\n",
        encoding="utf-8")
    assert main(["check", "--content", str(root), "--today", "2026-11-16"]) == 0
    warnings = [line for line in capsys.readouterr().err.splitlines() if "content/schedule/changes.yaml" in line]
    assert warnings == [
        "警告：content/schedule/changes.yaml:2: 整份公告标为日期待定（date_uncertain），但这个文件里没有接访安排"
        "（sessions、rules）；请删去 date_uncertain，或把它写进接访安排所在的文件"]


@pytest.mark.parametrize(("value", "said"), [
    ("[转载]", "date_uncertain"),
    ("{year: 不详}", "date_uncertain"),
    ('"公告\\r未写年份"', "回车符"),
])
def test_an_odd_notice_mark_is_a_content_error_with_its_line(content_copy: Callable[[str], Path],
                                                             value: str, said: str) -> None:
    root = content_copy("uncertain_notice")
    edit(root / "schedule/huahu.yaml", "date_uncertain: 转载的安排表未写年份，日期与星期不符\n",
         f"date_uncertain: {value}\n")
    with pytest.raises(ContentError) as caught:
        prepare(root)
    messages = [str(p) for p in caught.value.problems]
    assert any(m.startswith("content/schedule/huahu.yaml:4:") and said in m for m in messages), messages


def test_an_empty_notice_mark_is_no_mark(content_copy: Callable[[str], Path]) -> None:
    root = content_copy("uncertain_notice")
    edit(root / "schedule/huahu.yaml", "date_uncertain: 转载的安排表未写年份，日期与星期不符\n", "date_uncertain:\n")
    said = {s.id: s.date_uncertain for s in prepare(root).sessions}
    assert (said["huahu-1117"], said["huahu-1201-1"]) == (None, "图中日期被水印遮挡")


def test_an_unknown_top_level_field_names_the_notice_mark_among_the_fields(content_copy: Callable[[str], Path]) -> None:
    root = content_copy("uncertain_notice")
    edit(root / "schedule/huahu.yaml", "date_uncertain: 转载", "uncertain: 转载")
    with pytest.raises(ContentError) as caught:
        prepare(root)
    assert [str(p) for p in caught.value.problems] == [
        "content/schedule/huahu.yaml:4: 未知字段“uncertain”；可用的字段：sessions、rules、changes、suspensions、"
        "records、date_uncertain"]

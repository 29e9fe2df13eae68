"""``serve`` loads the content again on every save; the case files that did not change since
the last load are not read again (``load.CaseFiles``), and a file with a problem is read and
reported every time."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import generator.load as load
from generator.errors import ContentError
from generator.load import CaseFiles, load_content
from generator.pipeline import prepare
from tests.conftest import edit


def test_a_second_load_reads_only_the_case_file_that_changed(
        content_copy: Callable[[str], Path], monkeypatch: pytest.MonkeyPatch) -> None:
    root = content_copy("sample")
    files = CaseFiles()
    first = load_content(root, case_files=files)
    read: list[str] = []
    real = load.read_document

    def reading(path: Path, out: Any, kind: str) -> Any:
        read.append(path.name)
        return real(path, out, kind)

    monkeypatch.setattr(load, "read_document", reading)
    edit(root / "cases/2026-0001.yaml", "title: 企业欠缴职工养老保险，督促补缴到位", "title: 企业欠缴养老保险，已补缴")
    second = load_content(root, case_files=files)
    assert [name for name in read if name.startswith("2026-")] == ["2026-0001.yaml"]
    published = second.cases["2026-0001"].publish
    assert published is not None and published.title == "企业欠缴养老保险，已补缴"
    assert second.cases.keys() == first.cases.keys() and second.cases["2026-0002"] == first.cases["2026-0002"]

    edit(root / "cases/2026-0002.yaml", "id: 2026-0002", "id: [2026-0002")
    for _ in range(2):  # never remembered: the problem is said after every save until it is fixed
        read.clear()
        with pytest.raises(ContentError) as failed:
            load_content(root, case_files=files)
        assert "2026-0002.yaml" in str(failed.value) and "2026-0002.yaml" in read
    edit(root / "cases/2026-0002.yaml", "id: [2026-0002", "id: 2026-0002")
    (root / "cases/2026-0003.yaml").unlink()  # a removed case is gone, not remembered
    third = load_content(root, case_files=files)
    assert "2026-0003" not in third.cases and "2026-0002" in third.cases


def test_with_no_case_file_changed_the_cases_are_reused_and_checked_against_what_did_change(
        content_copy: Callable[[str], Path]) -> None:
    """A load that reads no case file again gives the cases of the load before (the same
    objects) and reuses what was worked out from them alone; what they are checked against
    (the units, topics and policies they name) is looked at anew."""
    root = content_copy("sample")
    files = CaseFiles()
    first = prepare(root, case_files=files)
    second = prepare(root, case_files=files)
    assert second.content.cases is first.content.cases and second.repeats == first.repeats
    # the unit case 2026-0002 names renamed: its case file is reported, though it did not change
    units = (root / "units.yaml").read_text(encoding="utf-8")
    (root / "units.yaml").write_text(units.replace("id: xihu\n", "id: xihu-qu\n").replace(
        "parent: xihu\n", "parent: xihu-qu\n"), encoding="utf-8")
    with pytest.raises(ContentError) as failed:
        prepare(root, case_files=files)
    assert any(p.path.endswith("2026-0002.yaml") and "xihu" in p.message for p in failed.value.problems)
    (root / "units.yaml").write_text(units, encoding="utf-8")
    assert prepare(root, case_files=files).content.cases is first.content.cases
    # a case edited, added or removed: the cases are read anew
    edit(root / "cases/2026-0001.yaml", "title: 企业欠缴职工养老保险，督促补缴到位", "title: 企业欠缴养老保险，已补缴")
    third = prepare(root, case_files=files)
    assert third.content.cases is not first.content.cases
    published = third.content.cases["2026-0001"].publish
    assert published is not None and published.title == "企业欠缴养老保险，已补缴"
    (root / "cases/2026-0099.yaml").write_text(
        (root / "cases/2026-0003.yaml").read_text(encoding="utf-8").replace("id: 2026-0003", "id: 2026-0099"),
        encoding="utf-8")
    fourth = prepare(root, case_files=files)
    assert "2026-0099" in fourth.content.cases and fourth.content.cases is not third.content.cases
    (root / "cases/2026-0099.yaml").unlink()
    assert "2026-0099" not in prepare(root, case_files=files).content.cases


def test_an_unchanged_list_file_is_not_read_again_and_an_edited_or_broken_one_is(
        content_copy: Callable[[str], Path]) -> None:
    root = content_copy("sample")
    files = CaseFiles()
    first = load_content(root, case_files=files)
    second = load_content(root, case_files=files)
    assert second.leaders["lin-jianguo"] is first.leaders["lin-jianguo"]  # the records read before
    edit(root / "leaders.yaml", "title: 常务副市长", "title: 常务副市长（主持工作）")
    assert load_content(root, case_files=files).leaders["lin-jianguo"].title == "常务副市长（主持工作）"
    edit(root / "leaders.yaml", "title: 常务副市长（主持工作）", "title: [常务副市长")
    for _ in range(2):  # reported after every load until it is fixed
        with pytest.raises(ContentError) as failed:
            load_content(root, case_files=files)
        assert "leaders.yaml" in str(failed.value)
    edit(root / "leaders.yaml", "title: [常务副市长", "title: 常务副市长")
    assert load_content(root, case_files=files).leaders["lin-jianguo"].title == "常务副市长"

"""A record whose id (a Markdown file's name) is a name the site generates is a check
error naming the file and the page it would replace, for every kind that has pages."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.errors import ContentError
from generator.load import load_content
from tests.conftest import REPO, edit

NAMES = ["index", "feed", "search", "assets", "data", "calendar", "embed", "404", "sitemap", "week"]


def _sample(tmp_path: Path) -> Path:
    root = tmp_path / "content"
    shutil.copytree(REPO / "content", root)
    return root


def _add_records(root: Path, name: str) -> None:
    """One more leader, topic, policy, notice, case and statistics range, each called ``name``."""
    with (root / "leaders.yaml").open("a", encoding="utf-8") as handle:
        handle.write(f"\n  - id: {name}\n    name: 王某\n    title: 副市长\n    unit: shili\n")
    with (root / "topics.yaml").open("a", encoding="utf-8") as handle:
        handle.write(f"\n  - id: {name}\n    name: 其他\n    department: 市政府办公室\n")
    (root / "policies" / f"{name}.md").write_text("---\ntitle: 一项政策\n---\n正文\n", encoding="utf-8")
    (root / "notices" / f"{name}.md").write_text("---\ntitle: 一则通知\ndate: 2026-11-01\n---\n正文\n",
                                                 encoding="utf-8")
    case = (root / "cases" / "2026-0001.yaml").read_text(encoding="utf-8").replace("id: 2026-0001", f"id: '{name}'")
    (root / "cases" / f"{name}.yaml").write_text(case, encoding="utf-8")
    edit(root / "office.yaml", "  ranges:                            # 自选区间，各成一页：/statistics/ranges/<id>/\n",
         "  ranges:\n"
         f"    - id: '{name}'\n      name: 某区间\n      start: 2026-01-01\n      end: 2026-03-31\n")


def _problems(root: Path) -> list[str]:
    with pytest.raises(ContentError) as caught:
        load_content(root)
    return [str(p) for p in caught.value.problems if "自动生成的页面冲突" in p.message]


@pytest.mark.parametrize("name", NAMES)
def test_a_reserved_name_is_refused_for_every_kind_with_pages(tmp_path: Path, name: str) -> None:
    root = _sample(tmp_path)
    _add_records(root, name)
    problems = _problems(root)
    where = sorted(p.split(":")[0] for p in problems)
    assert where == sorted(["content/leaders.yaml", "content/topics.yaml", f"content/policies/{name}.md",
                            f"content/notices/{name}.md", f"content/cases/{name}.yaml", "content/office.yaml"])
    for problem in problems:
        assert f"“{name}”" in problem and f"/{name}/" in problem, problem
    assert any(p.startswith("content/leaders.yaml:") and "/leaders/index/" in p for p in problems) == (
        name == "index")
    markdown = next(p for p in problems if p.startswith(f"content/policies/{name}.md"))
    assert f"{name}-1.md" in markdown  # what to do: rename the file


def test_the_sample_collides_with_nothing() -> None:
    load_content(REPO / "content")


def test_pages_named_after_other_records_are_reserved_too(tmp_path: Path) -> None:
    root = _sample(tmp_path)
    with (root / "leaders.yaml").open("a", encoding="utf-8") as handle:
        handle.write("\n  - id: in-qingshan\n    name: 王某\n    title: 副区长\n    unit: qingshan\n")
    for case_id in ("topic-social-insurance", "year-2026"):
        case = (root / "cases" / "2026-0001.yaml").read_text(encoding="utf-8").replace("id: 2026-0001",
                                                                                         f"id: {case_id}")
        (root / "cases" / f"{case_id}.yaml").write_text(case, encoding="utf-8")
    problems = _problems(root)
    assert len(problems) == 3, problems
    assert any("/leaders/in-qingshan/" in p and "领导名单页" in p for p in problems)
    assert any("/cases/topic-social-insurance/" in p for p in problems)
    assert any("/cases/year-2026/" in p for p in problems)

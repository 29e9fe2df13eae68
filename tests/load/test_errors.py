"""Ten distinct planted errors give ten file:line messages and exit code 1."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from generator.cli import main
from generator.errors import ContentError
from generator.load import load_content
from tests.conftest import edit


def plant_ten_errors(root: Path) -> list[tuple[str, int, str]]:
    """Returns (file, line, part of the message) for each planted error."""
    # 1. malformed YAML (an unclosed flow sequence on line 7, found by the parser on line 8)
    edit(root / "units.yaml", "    level: county\n", "    level: [county\n")
    # 2. tab indentation — topics.yaml line 3
    edit(root / "topics.yaml", "    name: 社会保险", "\tname: 社会保险")
    # 3. GBK-encoded notice
    (root / "notices/gbk.md").write_bytes("---\ntitle: 春节通知\ndate: 2026-01-20\n---\n放假。\n".encode("gbk"))
    # 4. empty schedule file
    (root / "schedule/empty.yaml").write_text("", encoding="utf-8")
    # 5. wrong type: capacity is not a number — city.yaml line 11
    edit(root / "schedule/city.yaml", "    venues: [市信访接待中心]\n  - id: mayor",
         "    venues: [市信访接待中心]\n    capacity: 很多\n  - id: mayor")
    # 6. unknown leader in a schedule rule — east.yaml line 2 (the rule starts there)
    edit(root / "schedule/east.yaml", "roster: [qian-d, wang-b]", "roster: [qian-d, zhang-wei]")
    # 7. duplicate leader id — leaders.yaml line 23 (a second li-a appended)
    with (root / "leaders.yaml").open("a", encoding="utf-8") as f:
        f.write("  - id: li-a\n    name: 李甲乙\n    title: 副区长\n    unit: east\n")
    # 8. end before start in a rule — city.yaml (mayor-monthly starts at line 12 after edit 5)
    edit(root / "schedule/city.yaml", "end: 2026-12-31", "end: 2026-08-31")
    # 9. a date that does not exist — policy front matter line 4
    edit(root / "policies/procedure.md", "topics: [social-insurance]",
         "topics: [social-insurance]\nupdated: 2026-02-30")
    # 10. case dates running backwards: accepted before received
    edit(root / "cases/2026-0001.yaml", "accepted: 2026-08-06", "accepted: 2026-07-30")
    return [
        ("units.yaml", 8, "YAML"),
        ("topics.yaml", 3, "制表符"),
        ("notices/gbk.md", 2, "GBK"),
        ("schedule/empty.yaml", 0, "文件是空的"),
        ("schedule/city.yaml", 11, "capacity"),
        ("schedule/east.yaml", 2, "领导 'zhang-wei' 未在 content/leaders.yaml 中定义"),
        ("leaders.yaml", 23, "重复"),
        ("schedule/city.yaml", 12, "end 早于 start"),
        ("policies/procedure.md", 4, "不是真实存在的日期"),
        ("cases/2026-0001.yaml", 1, "日期前后颠倒"),
    ]


def test_every_planted_error_is_reported_once_with_file_and_line(
    content_copy: Callable[[str], Path], capsys: pytest.CaptureFixture[str]
) -> None:
    root = content_copy("minimal")
    expected = plant_ten_errors(root)
    assert main(["check", "--content", str(root)]) == 1
    err = capsys.readouterr().err
    lines = [line for line in err.splitlines() if not line.startswith(("共 ", "警告"))]
    assert len(lines) == 10, err
    for file, line, fragment in expected:
        # paths are shown relative to the content folder's parent, as a user would type them
        location = f"content/{file}:{line}:" if line else f"content/{file}:"
        matching = [text for text in lines if location in text and fragment in text]
        assert matching, f"no message at {location} containing {fragment!r}:\n{err}"
    assert "共 10 处问题，未生成任何文件。" in err


def test_no_traceback_and_no_output_on_errors(
    content_copy: Callable[[str], Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = content_copy("minimal")
    plant_ten_errors(root)
    site = tmp_path / "site"
    assert main(["build", "--content", str(root), "--site-dir", str(site)]) == 1
    assert "Traceback" not in capsys.readouterr().err
    assert not site.exists()


def test_unknown_field_lists_the_allowed_ones(content_copy: Callable[[str], Path]) -> None:
    root = content_copy("minimal")
    edit(root / "leaders.yaml", "    title: 市长", "    title: 市长\n    titel: 市长")
    with pytest.raises(ContentError) as caught:
        load_content(root)
    (problem,) = caught.value.problems
    assert problem.line == 5
    assert "未知字段“titel”" in problem.message and "title" in problem.message


def test_missing_required_field_names_it(content_copy: Callable[[str], Path]) -> None:
    root = content_copy("minimal")
    edit(root / "topics.yaml", "    department: 测试市人力资源和社会保障局\n    policies", "    policies")
    with pytest.raises(ContentError) as caught:
        load_content(root)
    (problem,) = caught.value.problems
    assert (problem.line, "缺少必填字段“department”" in problem.message) == (2, True)


def test_unknown_reference_suggests_the_close_id(content_copy: Callable[[str], Path]) -> None:
    root = content_copy("minimal")
    edit(root / "schedule/east.yaml", "roster: [qian-d, wang-b]", "roster: [qian-d, wang-bb]")
    with pytest.raises(ContentError) as caught:
        load_content(root)
    assert "是不是“wang-b”" in caught.value.problems[0].message


def test_unquoted_numbers_stay_text(content_copy: Callable[[str], Path]) -> None:
    root = content_copy("minimal")
    edit(root / "cases/2026-0001.yaml", 'phone: "19900001234"', "phone: 01012345678")
    case = load_content(root).cases["2026-0001"]
    assert case.petitioner.phone == "01012345678"
    assert case.petitioner.id_number == "990000198001010004"


def test_an_unquoted_number_of_octal_digits_keeps_its_leading_zero(content_copy: Callable[[str], Path]) -> None:
    """0101234567 (no 8 or 9 in it) is a YAML 1.1 octal integer, 17119607: a phone number
    written so must stay as written, whichever YAML parser read it."""
    root = content_copy("minimal")
    edit(root / "cases/2026-0001.yaml", 'phone: "19900001234"', "phone: 0101234567")
    case = load_content(root).cases["2026-0001"]
    assert case.petitioner.phone == "0101234567"

"""Hostile or careless content: each is one ``file:line: what; what to do`` line, exit 1,
never a traceback, a hang or thousands of lines."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.cli import main
from generator.pipeline import prepare
from tests.conftest import child_env, edit

Copy = Callable[[str], Path]


def _check_fails(root: Path, capsys: pytest.CaptureFixture[str]) -> list[str]:
    assert main(["check", "--content", str(root)]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return [line for line in err.splitlines() if not line.startswith(("警告", "共 "))]


def test_an_alias_bomb_is_refused_in_one_short_line(content_copy: Copy, capsys: pytest.CaptureFixture[str]) -> None:
    root = content_copy("minimal")
    # 9 levels of 9 references: 387 million strings once expanded (the "billion laughs")
    levels = ['a0: &a0 ["ha", "ha", "ha", "ha", "ha", "ha", "ha", "ha", "ha"]']
    levels += [f"a{n}: &a{n} [" + ", ".join([f"*a{n - 1}"] * 9) + "]" for n in range(1, 9)]
    (root / "schedule" / "bomb.yaml").write_text("\n".join(levels) + "\nrules: *a8\n", encoding="utf-8")
    (line,) = _check_fails(root, capsys)
    assert line.startswith(f"{root.name}/schedule/bomb.yaml:") and "引用" in line
    assert len(line) < 200


def test_a_huge_value_is_not_quoted_in_the_message(content_copy: Copy, capsys: pytest.CaptureFixture[str]) -> None:
    root = content_copy("minimal")
    big = "[" + ", ".join(f'"段落{n}"' for n in range(3000)) + "]"
    edit(root / "leaders.yaml", "    name: 李甲\n", f"    name: {big}\n")
    (line,) = _check_fails(root, capsys)
    assert line.startswith(f"{root.name}/leaders.yaml:3:") and "应为文字" in line
    assert len(line) < 200


def test_merge_keys_reuse_a_session(content_copy: Copy) -> None:
    root = content_copy("minimal")
    (root / "schedule" / "merged.yaml").write_text(
        "sessions:\n"
        "  - &common\n    id: east-a\n    date: 2026-11-02\n    unit: east\n    leaders: [qian-d]\n"
        '    venues: [东区信访接待室]\n    times: [{start: "09:00", end: "11:00"}]\n'
        "  - <<: *common\n    id: east-b\n    date: 2026-11-09\n    venues: [东区便民服务中心]\n",
        encoding="utf-8")
    prepared = prepare(root)
    sessions = {s.id: s for s in prepared.sessions if s.id.startswith("east-")}
    assert sessions["east-b"].date == dt.date(2026, 11, 9)
    assert sessions["east-b"].leaders == ("qian-d",) and sessions["east-b"].unit == "east"
    assert sessions["east-b"].venues == ("东区便民服务中心",)  # written here wins over the merged value
    assert sessions["east-a"].venues == ("东区信访接待室",)


@pytest.mark.parametrize("tagged", ["name: !foo 李甲", "name: !!python/object:os.system 李甲",
                                    "name: !!python/object/apply:os.system [echo]"])
def test_unknown_tags_are_a_message(content_copy: Copy, capsys: pytest.CaptureFixture[str], tagged: str) -> None:
    root = content_copy("minimal")
    edit(root / "leaders.yaml", "    name: 李甲\n", f"    {tagged}\n")
    (line,) = _check_fails(root, capsys)
    assert line.startswith(f"{root.name}/leaders.yaml:3:") and "不支持的 YAML 标记" in line


def test_a_content_file_linked_to_dev_zero_is_refused_not_read(content_copy: Copy) -> None:
    root = content_copy("minimal")
    (root / "schedule" / "zero.yaml").symlink_to("/dev/zero")
    (root / "notices" / "fifo.md").unlink(missing_ok=True)
    os.mkfifo(root / "notices" / "fifo.md")
    # a subprocess, so the old behaviour (reading /dev/zero for ever) fails the test instead of hanging it
    done = subprocess.run([sys.executable, "-m", "generator", "check", "--content", str(root)],
                          cwd=Path.cwd(), env=child_env(), capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 1
    assert f"{root.name}/schedule/zero.yaml: 是指向内容目录之外（/dev/zero）的符号链接" in done.stderr
    assert f"{root.name}/notices/fifo.md: 不是普通文件" in done.stderr


def test_symlinks_out_of_the_content_are_an_error(content_copy: Copy, tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    root = content_copy("minimal")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "other.md").write_text("---\ntitle: 别处\ndate: 2026-11-01\n---\n正文\n", encoding="utf-8")
    (root / "notices" / "other.md").symlink_to(elsewhere / "other.md")
    (root / "images").symlink_to(elsewhere)
    lines = _check_fails(root, capsys)
    assert sorted(line.split(":")[0] for line in lines) == [f"{root.name}/images", f"{root.name}/notices/other.md"]
    assert all("内容目录之外" in line for line in lines)
    # a link that stays inside the content is fine
    (root / "notices" / "other.md").unlink()
    (root / "images").unlink()
    (root / "notices" / "again.md").symlink_to(root / "notices" / "holiday.md")
    assert main(["check", "--content", str(root)]) == 0


@pytest.mark.parametrize(("where", "old", "new", "line"), [
    ("leaders.yaml", "    name: 李甲\n", "    name: 李\x08甲\n", 3),
    ("leaders.yaml", "    name: 李甲\n", '    name: "李\\x1b甲"\n', 3),
    ("notices/holiday.md", "\n---\n", "\n---\n正文\x07响铃\n", None),
])
def test_control_characters_are_rejected_by_check(content_copy: Copy, capsys: pytest.CaptureFixture[str],
                                                  where: str, old: str, new: str, line: int | None) -> None:
    root = content_copy("minimal")
    edit(root / where, old, new)
    (message,) = _check_fails(root, capsys)
    assert message.startswith(f"{root.name}/{where}:") and "控制字符" in message
    if line is not None:
        assert message.startswith(f"{root.name}/{where}:{line}:")


def test_a_signature_python_docx_cannot_store_is_rejected(content_copy: Copy,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    root = content_copy("minimal")
    edit(root / "office.yaml", "letters:\n", "letters:\n  signature: " + "测试市信访局" * 50 + "\n")
    (line,) = _check_fails(root, capsys)
    assert line.startswith(f"{root.name}/office.yaml:") and "signature" in line and "最多 255" in line


@pytest.mark.parametrize("reserved", ["con", "nul", "aux", "prn", "com1", "lpt1"])
def test_windows_reserved_ids_are_an_error(content_copy: Copy, capsys: pytest.CaptureFixture[str],
                                           reserved: str) -> None:
    root = content_copy("minimal")
    edit(root / "topics.yaml", "- id: wages", f"- id: {reserved}")
    (root / "notices" / "holiday.md").rename(root / "notices" / f"{reserved}.md")
    lines = _check_fails(root, capsys)
    assert any(line.startswith(f"{root.name}/topics.yaml:") and "保留" in line for line in lines)
    assert any(line.startswith(f"{root.name}/notices/{reserved}.md:") and "保留" in line for line in lines)


def test_a_rule_running_for_centuries_is_one_message(content_copy: Copy, capsys: pytest.CaptureFixture[str]) -> None:
    root = content_copy("minimal")
    edit(root / "schedule" / "city.yaml", "    end: 2026-10-31\n", "    end: 2100-12-31\n")
    (line,) = _check_fails(root, capsys)
    # the rule starts 2026-09-01: three years on is 2029-09-01
    assert line.startswith(f"{root.name}/schedule/city.yaml:2:") and "2029-09-01" in line

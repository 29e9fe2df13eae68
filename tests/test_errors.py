"""The command line's one error boundary: every failure a user can meet is one line that
names the place and what to do, with exit code 1 (2 for misuse); never a traceback, and
the register and the published site stay as they were."""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable
from pathlib import Path

import pytest
from filelock import FileLock

from generator import atomic, cli
from generator.cli import main
from tests.conftest import edit

CASE = "2026-0001"


def _one_line_failure(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err
    assert "Traceback" not in err
    lines = [line for line in err.splitlines() if line.strip() and not line.startswith("警告：")]
    assert len(lines) == 1, err
    return lines[0]


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def content(content_copy: Callable[[str], Path]) -> Path:
    return content_copy("minimal")


def test_disk_full_while_writing_a_letter(content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    real_replace = os.replace

    def full(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        if str(dst).endswith(".docx"):
            raise OSError(errno.ENOSPC, "No space left on device", str(dst))
        real_replace(src, dst)

    monkeypatch.setattr(atomic.os, "replace", full)
    output = tmp_path / "out" / "a.docx"
    register = content / "register.tsv"
    before = register.read_bytes() if register.exists() else None
    assert main(["letter", CASE, "acceptance", "--content", str(content), "-o", str(output)]) == 1
    line = _one_line_failure(capsys)
    assert "a.docx" in line and "磁盘已满" in line
    assert not output.exists()
    assert (register.read_bytes() if register.exists() else None) == before  # no number spent on it
    assert [p.name for p in output.parent.iterdir()] == []  # no temporary file left behind


def test_unwritable_schema_folder(content: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # root may write anywhere on disk, but not into /sys
    target = Path("/sys/xinfang-test-schemas") if os.geteuid() == 0 else Path("/proc/xinfang-test-schemas")
    assert main(["schema", "-o", str(target), "--content", str(content)]) == 1
    line = _one_line_failure(capsys)
    assert line.startswith(f"{target}: ") and "请" in line


def test_schema_folder_blocked_by_a_file(content: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    blocker = tmp_path / "schemas"
    blocker.write_text("not a folder", encoding="utf-8")
    assert main(["schema", "-o", str(blocker / "inner"), "--content", str(content)]) == 1
    assert "schemas" in _one_line_failure(capsys)
    assert blocker.read_text(encoding="utf-8") == "not a folder"


def test_read_only_letters_folder(content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "letters"
    folder.mkdir()
    folder.chmod(stat.S_IRUSR | stat.S_IXUSR)
    if os.geteuid() == 0:  # root ignores permission bits: make the folder read-only the way a mount would
        real_open = os.open

        def read_only(path: str | Path, flags: int, *args: int, **kwargs: int) -> int:
            if flags & os.O_CREAT and Path(path).parent == folder:  # a file made in it, as the kernel says
                raise OSError(errno.EROFS, "Read-only file system", str(path))
            return real_open(path, flags, *args, **kwargs)

        monkeypatch.setattr(atomic.os, "open", read_only)
    assert main(["letter", CASE, "acceptance", "--content", str(content), "-o", str(folder / "a.docx")]) == 1
    line = _one_line_failure(capsys)
    assert line.startswith(f"{folder}: ") and ("只读" in line or "没有权限" in line)
    assert list(folder.iterdir()) == []


def test_letter_into_a_folder_uses_the_usual_name(content: Path, tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    assert main(["letter", CASE, "acceptance", "--content", str(content), "-o", str(folder)]) == 0
    assert (folder / f"{CASE}-acceptance.docx").is_file()
    assert "Traceback" not in capsys.readouterr().err


@pytest.mark.parametrize(("day", "said"), [("9999-12-30", "不在 1949-10-01 至 2100-12-31 之间"),
                                          ("2100-12-30", None)])
def test_a_date_far_in_the_future_is_reported_not_an_overflow(content: Path, tmp_path: Path, day: str,
                                                              said: str | None,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    edit(content / "cases" / f"{CASE}.yaml", "accepted: 2026-08-06", f"accepted: {day}")
    for command in (["check"], ["deadlines"], ["ledger", "-o", str(tmp_path / "l.xlsx")],
                    ["letter", CASE, "acceptance", "-o", str(tmp_path / "a.docx")]):
        code = main([*command, "--content", str(content)])
        err = capsys.readouterr().err
        assert "Traceback" not in err and "OverflowError" not in err and "内部错误" not in err
        if said:  # out of range: refused, naming the field's file
            assert code == 1 and f"cases/{CASE}.yaml:" in err and day in err and said in err, err
        else:  # the last year in range: whatever is said, it is said in words
            assert code in (0, 1), err
    if said:
        assert not (tmp_path / "l.xlsx").exists() and not (tmp_path / "a.docx").exists()


def _fake_soffice(folder: Path, script: str) -> None:
    folder.mkdir()
    for name in ("soffice", "libreoffice"):
        path = folder / name
        path.write_text("#!/bin/sh\n" + script, encoding="utf-8")
        path.chmod(0o755)


@pytest.mark.parametrize("script", ["echo 'Error: source file could not be loaded' >&2\nexit 1\n", "exit 0\n"])
def test_libreoffice_failing_under_pdf(script: str, content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    fake = tmp_path / "bin"
    _fake_soffice(fake, script)
    monkeypatch.setenv("PATH", f"{fake}{os.pathsep}{os.environ['PATH']}")
    output = tmp_path / "out" / "a.docx"
    assert main(["letter", CASE, "acceptance", "--content", str(content), "-o", str(output), "--pdf"]) == 1
    line = _one_line_failure(capsys)
    assert "LibreOffice" in line and ".docx 文件已生成" in line and "--pdf" in line
    if "exit 1" in script:
        assert "source file could not be loaded" in line
    assert output.is_file()  # the letter itself is fine and kept


def test_register_lock_held_by_another_process_times_out(content: Path, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    from generator.casework import register

    monkeypatch.setattr(register, "LOCK_TIMEOUT", 0.2)
    path = content / "register.tsv"
    before = path.read_bytes() if path.exists() else None
    with FileLock(str(path) + ".lock"):  # flock is per open file: this blocks the command's own lock
        assert main(["letter", CASE, "acceptance", "--content", str(content), "-o", str(tmp_path / "a.docx")]) == 1
    line = _one_line_failure(capsys)
    assert "register.tsv.lock" in line and "另一个 xinfang" in line
    assert (path.read_bytes() if path.exists() else None) == before
    assert not (tmp_path / "a.docx").exists()


def test_a_bug_is_one_line_asking_for_a_report_and_debug_shows_the_traceback(
        content: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    def broken(_: object) -> int:
        return 1 // 0

    monkeypatch.setattr(cli, "cmd_check", broken)
    assert main(["check", "--content", str(content)]) == 1
    line = _one_line_failure(capsys)
    assert "内部错误" in line and "ZeroDivisionError" in line and "--debug" in line
    assert main(["check", "--debug", "--content", str(content)]) == 1
    assert "Traceback" in capsys.readouterr().err
    assert main(["--debug", "check", "--content", str(content)]) == 1
    assert "Traceback" in capsys.readouterr().err


def test_a_worker_process_dying_is_a_message(content: Path, monkeypatch: pytest.MonkeyPatch,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    from concurrent.futures.process import BrokenProcessPool

    def killed(_: object) -> int:
        raise BrokenProcessPool("A process in the process pool was terminated abruptly")

    monkeypatch.setattr(cli, "cmd_check", killed)
    assert main(["check", "--content", str(content)]) == 1
    assert "子进程意外退出" in _one_line_failure(capsys)


def test_ctrl_c_exits_130(content: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    def interrupted(_: object) -> int:
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "cmd_check", interrupted)
    assert main(["check", "--content", str(content)]) == 130
    assert "已中断" in _one_line_failure(capsys)


def test_a_full_disk_in_write_names_the_file_asked_for(content: Path, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    """write() on a full disk raises ENOSPC without a file name; the message still names one."""
    real_write_bytes = Path.write_bytes

    def full(self: Path, data: bytes) -> int:
        if self.name.endswith(".docx.tmp"):
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_write_bytes(self, data)

    monkeypatch.setattr(Path, "write_bytes", full)
    output = tmp_path / "out" / "a.docx"
    assert main(["letter", CASE, "acceptance", "--content", str(content), "-o", str(output)]) == 1
    line = _one_line_failure(capsys)
    assert line.startswith(f"{output}: ") and "磁盘已满" in line
    assert list(output.parent.iterdir()) == []


def test_a_rolled_back_build_says_what_failed_and_that_nothing_changed() -> None:
    """The build wraps a late failure in a type, not in reworded text: the cause's own line,
    then what the build put back."""
    from generator.errors import OutputError, RolledBack, explain

    disk = explain(RolledBack(OSError(errno.ENOSPC, "No space left on device", "letters/a.docx")))
    assert disk.code == 1
    assert disk.lines == ["letters/a.docx: 无法读写：磁盘已满；请腾出空间后重试；网站、文书目录和文号登记簿都保持原样"]
    template = explain(RolledBack(OutputError("letter_templates/reply.j2:3: 模板语法错误：unexpected '}'")))
    assert template.lines == ["失败：letter_templates/reply.j2:3: 模板语法错误：unexpected '}'；"
                              "网站、文书目录和文号登记簿都保持原样"]

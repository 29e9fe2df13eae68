"""Errors a user can act on: every problem names a file, a line and what to do.

The loader collects every problem before giving up (a clerk fixing ten typos
should not need ten runs), so problems are values first and exceptions second.
"""

from __future__ import annotations

import errno
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    """One problem in one content file, printed as ``path:line: message``."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"


class XinfangError(Exception):
    """Base of every error the command line reports without a traceback."""


class ContentError(XinfangError):
    """The content has problems; carries all of them, sorted by file and line."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = sorted(set(problems))
        super().__init__("\n".join(str(p) for p in self.problems))


class UsageError(XinfangError):
    """The command was called wrongly (exit code 2)."""


class OutputError(XinfangError):
    """Building an output failed after the content was valid (exit code 1)."""


NOTHING_CHANGED = "网站、文书目录和文号登记簿都保持原样"


class RolledBack(XinfangError):
    """A step of ``xinfang build`` failed once the letters were being made (a letter, a PDF,
    the swap of the letters folder, the site's publishing), and the build put the site, the
    letters folder and the register back as they were: the cause's message, and that."""

    def __init__(self, cause: OutputError | OSError) -> None:
        self.cause = cause
        super().__init__(str(cause))


def display_path(path: Path, root: Path | None = None) -> str:
    """A path as the user typed it: relative to the working directory when possible."""
    for base in (Path.cwd(), root.parent if root else None):
        if base is None:
            continue
        try:
            return str(path.resolve().relative_to(base.resolve()))
        except ValueError:
            continue
    return str(path)


@dataclass(frozen=True)
class Failure:
    """What the command line prints for an exception that reached it, and its exit code."""

    code: int
    lines: list[str]
    expected: bool = True
    """False for a bug in xinfang: the user is asked to report it (traceback with --debug)."""


_OS_HINTS = {
    errno.ENOSPC: "磁盘已满；请腾出空间后重试",
    errno.EDQUOT: "超出磁盘配额；请腾出空间后重试",
    errno.EROFS: "该位置是只读的；请换一个可写的目录",
    errno.EACCES: "没有权限；请换一个目录，或修改该目录的权限",
    errno.EPERM: "没有权限；请换一个目录，或修改该目录的权限",
    errno.EISDIR: "这是一个目录，不是文件；请给出文件名",
    errno.ENOTDIR: "路径中有一段是文件而不是目录；请检查路径",
    errno.EEXIST: "已有同名文件挡住了要建的目录；请检查路径",
    errno.ENOENT: "文件或目录不存在；请检查路径",
    errno.ENAMETOOLONG: "路径太长；请换一个短一些的路径",
    errno.EMFILE: "同时打开的文件太多；请关闭其他程序后重试",
    errno.EIO: "磁盘读写出错；请检查磁盘后重试",
}


def _one_line(text: str, limit: int = 300) -> str:
    """The first line of ``text``, shortened: a message must fit a terminal line or two."""
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    return first if len(first) <= limit else first[: limit - 1] + "…"


def explain(exc: BaseException) -> Failure:
    """Turn any exception into the message a user can act on: this is the one place
    that decides how a failure reads, so a new failure mode cannot surface as a traceback."""
    import subprocess
    from concurrent.futures.process import BrokenProcessPool

    from filelock import Timeout

    if isinstance(exc, RolledBack):
        said = explain(exc.cause)
        return Failure(said.code, [*said.lines[:-1], f"{said.lines[-1]}；{NOTHING_CHANGED}"])
    if isinstance(exc, ContentError):
        return Failure(1, [*map(str, exc.problems), f"共 {len(exc.problems)} 处问题，未生成任何文件。"])
    if isinstance(exc, UsageError):
        return Failure(2, [f"用法错误：{_one_line(str(exc))}"])
    if isinstance(exc, XinfangError):
        return Failure(1, [f"失败：{exc}"])
    if isinstance(exc, KeyboardInterrupt):
        return Failure(130, ["已中断；已发布的网站和文号登记簿保持不变。"])
    if isinstance(exc, Timeout):
        return Failure(1, [f"失败：{display_path(Path(exc.lock_file))} 被另一个 xinfang 进程占用，等待超时；"
                           "请等它结束后重试（若确认没有其他 xinfang 在运行，可删除这个 .lock 文件）"])
    if isinstance(exc, subprocess.CalledProcessError | subprocess.TimeoutExpired):
        program = Path(str(exc.cmd[0] if isinstance(exc.cmd, list | tuple) else exc.cmd)).name
        return Failure(1, [f"失败：外部程序 {program} 出错（{_one_line(str(exc), 120)}）；请检查它能否单独运行"])
    if isinstance(exc, BrokenProcessPool):
        return Failure(1, ["失败：并行生成的子进程意外退出（常见原因是内存不足）；请关闭其他程序后重试。"
                           "已发布的网站保持不变。"])
    if isinstance(exc, MemoryError):
        return Failure(1, ["失败：内存不足；请关闭其他程序后重试。已发布的网站保持不变。"])
    if isinstance(exc, OSError):
        hint = _OS_HINTS.get(exc.errno or 0)
        if hint is None:
            hint = f"{_one_line(exc.strerror or type(exc).__name__, 100)}；请检查该路径后重试"
        if exc.filename is None:
            return Failure(1, [f"无法读写文件：{hint}"])
        return Failure(1, [f"{display_path(Path(str(exc.filename)))}: 无法读写：{hint}"])
    return Failure(1, [f"xinfang 内部错误（{type(exc).__name__}: {_one_line(str(exc), 200)}）；"
                       "这是程序的缺陷，不是内容的问题：请加 --debug 重新运行，把完整输出报告给维护者"],
                   expected=False)

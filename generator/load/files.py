"""Which files the loader may read: regular files inside the content (or cases) folder.

A content file that is a symlink to ``/dev/zero`` or a FIFO made ``check`` hang for
ever; a symlink to a file elsewhere would publish what is not the office's content
(a case file from another office, ``/etc/passwd``).  Both are refused before reading,
with one message per path, found by walking the folder and again at each read.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path

from .yaml_source import SourceError

MAX_FILE_BYTES = 20 * 1024 * 1024
"""A content file is typed by a clerk; a city's whole schedule is well under 1 MB."""


def _within(path: Path, folders: Iterable[Path]) -> bool:
    return any(path == folder or folder in path.parents for folder in folders)


def path_problem(path: Path, allowed: Iterable[Path]) -> str | None:
    """Why ``path`` (met inside one of the ``allowed`` folders) must not be read, if so."""
    allowed = [folder.resolve() for folder in allowed]
    try:
        target = path.resolve(strict=True)
    except (OSError, RuntimeError):
        return "是一个指向不存在位置的符号链接；请删除它，或换成真实文件" if path.is_symlink() else None
    if not _within(target, allowed):
        return (f"是指向内容目录之外（{target}）的符号链接；内容只能放在内容目录里，请换成真实文件"
                "（案件目录可在 office.yaml 的 cases_dir 或 --cases 中指定）")
    mode = target.stat().st_mode
    if stat.S_ISDIR(mode):
        return None
    if not stat.S_ISREG(mode):
        return "不是普通文件（设备、管道或套接字）；内容目录里只能放文本文件，请删除它"
    return None


def read_content_file(path: Path, allowed: Iterable[Path]) -> bytes:
    """The bytes of one content file, or ``SourceError`` (line 0) saying why not."""
    problem = path_problem(path, allowed)
    if problem is not None:
        raise SourceError(0, problem)
    if path.is_dir():
        raise SourceError(0, "这是一个目录，不是文件；请改名或移走")
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise SourceError(0, f"文件太大（{size / 1024 / 1024:.0f} MB，上限 {MAX_FILE_BYTES // 1024 // 1024} MB）；"
                             "内容文件应是手写的文字，请检查是否放错了文件")
    return path.read_bytes()


def tree_problems(folder: Path, allowed: Iterable[Path]) -> Iterator[tuple[Path, str]]:
    """Every entry under ``folder`` that ``path_problem`` refuses (symlinked folders
    are not entered: their own link is what is judged)."""
    allowed = list(allowed)
    for parent, dirs, files in os.walk(folder):
        for name in [*dirs, *files]:
            path = Path(parent) / name
            if path.is_symlink() or not (path.is_dir() or path.is_file()):
                problem = path_problem(path, allowed)
                if problem is not None:
                    yield path, problem

"""Which files the loader may read: regular files inside the content (or cases) folder.

A content file that is a symlink to ``/dev/zero`` or a FIFO made ``check`` hang for
ever; a symlink to a file elsewhere would publish what is not the office's content
(a case file from another office, ``/etc/passwd``).  Both are refused before reading,
with one message per path, found by walking the folder and again at each read.

A city's content is thousands of case files in a few folders: each folder's real path
is looked up once per load (``Folders``), and a file that is not a symlink is judged by
one ``lstat`` (resolving every file's whole path was a sixth of ``xinfang check``).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path

from .yaml_source import SourceError

MAX_FILE_BYTES = 20 * 1024 * 1024
"""A content file is typed by a clerk; a city's whole schedule is well under 1 MB."""

_PLAIN_NAME = frozenset({"", ".", ".."})
"""Last path parts that are not a name inside the parent folder (resolved in full)."""


class Folders:
    """The folders content may be read from, for one load: their real paths, and the real
    path of each folder a file is met in, each looked up once."""

    def __init__(self, allowed: Iterable[Path]) -> None:
        self.allowed = [folder.resolve() for folder in allowed]
        self._real: dict[Path, Path] = {}

    def _within(self, path: Path) -> bool:
        return any(path == folder or folder in path.parents for folder in self.allowed)

    def _target(self, path: Path) -> tuple[Path, int]:
        """Where ``path`` leads and that file's mode; ``OSError`` when nothing is there."""
        mode = os.lstat(path).st_mode
        if stat.S_ISLNK(mode) or path.name in _PLAIN_NAME:
            target = path.resolve(strict=True)
            return target, target.stat().st_mode
        parent = self._real.get(path.parent)
        if parent is None:
            parent = self._real[path.parent] = path.parent.resolve(strict=True)
        return parent / path.name, mode

    def _judge(self, path: Path) -> tuple[str | None, int]:
        """Why ``path`` must not be read (None: it may), and the mode of what it leads to
        (0: nothing is there)."""
        try:
            target, mode = self._target(path)
        except (OSError, RuntimeError):
            return ("是一个指向不存在位置的符号链接；请删除它，或换成真实文件" if path.is_symlink() else None), 0
        if not self._within(target):
            return (f"是指向内容目录之外（{target}）的符号链接；内容只能放在内容目录里，请换成真实文件"
                    "（案件目录可在 office.yaml 的 cases_dir 或 --cases 中指定）"), mode
        if not stat.S_ISDIR(mode) and not stat.S_ISREG(mode):
            return "不是普通文件（设备、管道或套接字）；内容目录里只能放文本文件，请删除它", mode
        return None, mode

    def problem(self, path: Path) -> str | None:
        """Why ``path`` (met inside one of the allowed folders) must not be read, if so."""
        return self._judge(path)[0]

    def read(self, path: Path) -> bytes:
        """The bytes of one content file, or ``SourceError`` (line 0) saying why not."""
        problem, mode = self._judge(path)
        if problem is not None:
            raise SourceError(0, problem)
        if stat.S_ISDIR(mode):
            raise SourceError(0, "这是一个目录，不是文件；请改名或移走")
        with path.open("rb") as file:
            info = os.fstat(file.fileno())
            if info.st_size > MAX_FILE_BYTES:
                raise SourceError(0, f"文件太大（{info.st_size / 1024 / 1024:.0f} MB，上限 "
                                     f"{MAX_FILE_BYTES // 1024 // 1024} MB）；"
                                     "内容文件应是手写的文字，请检查是否放错了文件")
            return file.read()

    def tree_problems(self, folder: Path) -> Iterator[tuple[Path, str]]:
        """Every entry under ``folder`` that ``problem`` refuses (symlinked folders are not
        entered: their own link is what is judged).  The folder listing says which entries
        are links, folders and files, so a plain entry costs no further look-up."""
        try:
            entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
        except OSError:
            return
        for entry in entries:
            try:
                link = entry.is_symlink()
                plain_dir = not link and entry.is_dir(follow_symlinks=False)
                plain = plain_dir or (not link and entry.is_file(follow_symlinks=False))
            except OSError:
                link, plain_dir, plain = False, False, False
            if not plain:  # a path made only here: a city's cases folder holds thousands of plain files
                problem = self.problem(Path(entry.path))
                if problem is not None:
                    yield Path(entry.path), problem
            if plain_dir:
                yield from self.tree_problems(Path(entry.path))

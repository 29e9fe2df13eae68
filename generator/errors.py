"""Errors a user can act on: every problem names a file, a line and what to do.

The loader collects every problem before giving up (a clerk fixing ten typos
should not need ten runs), so problems are values first and exceptions second.
"""

from __future__ import annotations

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

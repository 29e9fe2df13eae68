"""What the content folder's version control last recorded of a file.

``register.tsv`` is the one record of the 文号 already spent, and the README asks offices to
commit it with each batch of letters: a register deleted or emptied in the working folder (with
the letters printed, filed or kept in another folder) is then still known to git, and ``check``
can say which commit to restore.  Asked only when the register holds no number at all, so an
office's usual ``check`` starts no process."""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

GIT_TIMEOUT = 10.0
"""Seconds for one git command (a network file system can be slow; git itself is not)."""


@dataclass(frozen=True)
class Committed:
    commit: str
    """The abbreviated commit id, as ``git checkout`` takes it."""
    day: str
    """The commit's date, 2026-12-01."""
    text: str


def last_committed(path: Path) -> Committed | None:
    """The last commit that holds ``path`` (a commit deleting it does not count), and its text
    there; None when the folder is not under git, git is missing, or no commit ever held it."""
    if not _in_work_tree(path.parent):
        return None
    try:
        found = _git(path.parent, "log", "-1", "--format=%h %cs", "--diff-filter=ACMRT", "--", path.name).split()
        if len(found) != 2:
            return None
        text = _git(path.parent, "cat-file", "blob", f"{found[0]}:./{path.name}")
    except (OSError, subprocess.SubprocessError, UnicodeError):
        return None
    return Committed(found[0], found[1], text)


def _in_work_tree(folder: Path) -> bool:
    """Whether git could find a repository for ``folder``: a ``.git`` in it or above it, or
    one named by the environment.  A folder under none is answered without starting git
    (2-3 ms of a new office's first ``build``, before its letters could start)."""
    if os.environ.get("GIT_DIR"):
        return True
    return any((parent / ".git").exists() for parent in (folder.absolute(), *folder.absolute().parents))


def _git(folder: Path, *args: str) -> str:
    # Plumbing-level reads only (no diff, no text conversion, no pager), with the file-system
    # monitor hook off: a content folder copied from elsewhere may carry a .git/config whose
    # hooks would otherwise run here.  No optional locks: check never writes the index.
    done = subprocess.run(["git", "-c", "core.fsmonitor=false", "-C", str(folder), *args],
                          capture_output=True, timeout=GIT_TIMEOUT, check=True, stdin=subprocess.DEVNULL,
                          env={**os.environ, "GIT_OPTIONAL_LOCKS": "0", "GIT_TERMINAL_PROMPT": "0"})
    return done.stdout.decode("utf-8").strip()

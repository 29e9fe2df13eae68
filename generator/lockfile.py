"""An exclusive lock on a file shared by every xinfang process (the register's ``.lock``).

Where the system has ``flock`` it is taken here directly: the filelock package, which did
this before, costs 20-50 ms to import (its logging and many modules), paid by every
command that numbers letters before the first one is made.  Elsewhere (Windows) filelock
does it.  Both lock the same file the same way, so either side blocks the other.
"""

from __future__ import annotations

import os
import time
from types import TracebackType
from typing import Any

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]

POLL = 0.05
"""Seconds between two tries while another process holds the lock (as filelock polls)."""

_OPEN = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)


class FileLock:
    """``with FileLock(path, timeout):`` holds ``path`` locked against other processes,
    re-entrant within this one; after ``timeout`` seconds of waiting it raises
    ``filelock.Timeout`` (``errors.explain`` tells the user which file is held)."""

    def __init__(self, path: str, timeout: float) -> None:
        self.path = path
        self.timeout = timeout
        self._fd: int | None = None
        self._depth = 0
        self._fallback: Any = None

    def __enter__(self) -> FileLock:
        if self._depth == 0:
            self._acquire()
        self._depth += 1
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 trace: TracebackType | None) -> None:
        self._depth -= 1
        if self._depth == 0:
            self._release()

    def _acquire(self) -> None:
        if fcntl is None:
            from filelock import FileLock as Portable

            self._fallback = Portable(self.path, timeout=self.timeout)
            self._fallback.acquire()
            return
        fd = os.open(self.path, _OPEN, 0o644)  # a symbolic link planted as the lock is refused
        deadline = time.monotonic() + self.timeout
        try:
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() >= deadline:
                        from filelock import Timeout  # the one exception the user's message is made from

                        raise Timeout(self.path) from None
                    time.sleep(POLL)
        except BaseException:
            os.close(fd)
            raise
        self._fd = fd

    def _release(self) -> None:
        if self._fallback is not None:
            self._fallback.release()
            self._fallback = None
        elif self._fd is not None:
            fd, self._fd = self._fd, None
            fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)

"""Put a built site in place atomically; keep the previous release for ``xinfang rollback``.

Shape: ``site/`` stays a real folder and a new release replaces it with Linux's
``renameat2(RENAME_EXCHANGE)``, which swaps two directory entries in one step.  We
chose this over ``releases/`` + a symlink because the published path then stays
what web servers, ``rsync -a site …``, ``python -m http.server -d site`` and the
``.gitignore`` already expect (a symlink is copied as a link by rsync without the
trailing slash, and needs privileges on Windows), and because a site published
before this version is replaced just as atomically (a real folder cannot be turned
into a symlink in one step).  Where the call is missing (other systems, filesystems
without it) we fall back to two renames, with a short window where the path is
absent.

Everything lives beside the site, on the same filesystem so the renames are atomic,
and under names the next build can find (for ``site``)::

    .site.lock        held while a build or rollback runs; serialises them
    .site-staging/    0700: nobody else can enter it, so nothing unchecked is readable
      src-*           the generated MkDocs source tree of a running build
      new-*           the release being built and checked (world-readable only when swapped in)
      trash-*         an old release being deleted
    .site-previous    the release before the current one (rollback target)

Whatever a killed build left is removed (or, for the release it had just replaced,
kept as the previous one) by the next build while it holds the lock.
"""

from __future__ import annotations

import contextlib
import ctypes
import datetime as dt
import errno
import os
import shutil
import stat
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from ...atomic import drop_staging, private_scratch, staging_of
from ...errors import OutputError, UsageError, display_path
from ...output_guard import STAMP, OutputKind, read_stamp, write_stamp

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2
_SCRATCH = ("src", "new", "trash", "old")
"""Scratch folders versions before this one made beside the site (``.site-new-*``)."""


def step(name: str) -> None:
    """A named point of the build-and-publish sequence.  It does nothing; the fault
    tests replace it to kill the build exactly there."""


def exchange(a: Path, b: Path) -> bool:
    """Swap the directory entries ``a`` and ``b`` in one atomic step; False where the
    system cannot (then nothing happened)."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):  # glibc < 2.28, musl
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    renameat2.restype = ctypes.c_int
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(a), None, str(b))


def _sync(folder: Path) -> None:
    """Make the renames in ``folder`` durable before the next step relies on them."""
    with contextlib.suppress(OSError, AttributeError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def make_world_readable(folder: Path) -> None:
    """Folders 0755 and files 0644, so a web server running as another user can read
    them (``mkdtemp`` makes 0700)."""
    os.chmod(folder, 0o755)
    for parent, dirs, files in os.walk(folder):
        for name in dirs:
            path = os.path.join(parent, name)
            if not os.path.islink(path):
                os.chmod(path, 0o755)
        for name in files:
            path = os.path.join(parent, name)
            if not os.path.islink(path):
                os.chmod(path, 0o644)


def _release_id() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S.%fZ") + f"-{os.getpid()}"


class Releases:
    """The published site folder and the releases kept beside it."""

    def __init__(self, site: Path) -> None:
        self.site = site.resolve()
        self.parent = self.site.parent
        self.name = self.site.name
        self.previous = self.parent / f".{self.name}-previous"
        self.cleaned: list[str] = []

    @contextlib.contextmanager
    def locked(self) -> Iterator[Releases]:
        """Hold the site's lock, first removing what an interrupted build left."""
        self.parent.mkdir(parents=True, exist_ok=True)
        with open(self.parent / f".{self.name}.lock", "a+b") as handle:
            try:
                import fcntl
            except ImportError:  # Windows: one build at a time is the office's own rule
                fcntl = None  # type: ignore[assignment]
            if fcntl is not None:
                try:
                    fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    raise OutputError(f"另一次生成或回滚正在使用 {display_path(self.site)}；"
                                      "请等它结束后再试") from None
            self._clean_leftovers()
            try:
                yield self
            finally:
                drop_staging(self.site)

    def scratch(self, kind: str) -> Path:
        """A new empty private folder for a build's ``src`` tree or ``new`` release."""
        return private_scratch(self.site, kind)

    def _leftovers(self) -> list[Path]:
        prefixes = tuple(f".{self.name}-{kind}-" for kind in _SCRATCH)
        staging = staging_of(self.site)
        inside = sorted(staging.iterdir()) if staging.is_dir() and not staging.is_symlink() else []
        return sorted(p for p in self.parent.iterdir() if p.name.startswith(prefixes)) + inside

    def _clean_leftovers(self) -> None:
        current = read_stamp(self.site) or {}
        for path in self._leftovers():
            stamp = read_stamp(path) if path.is_dir() and not path.is_symlink() else None
            # killed between the swap and keeping the old release: the staging folder
            # holds the release the current one replaced, which rollback needs
            if (stamp is not None and path.name.startswith((f".{self.name}-new-", "new-"))
                    and stamp.get("release") and stamp.get("release") == current.get("previous")
                    and (read_stamp(self.previous) or {}).get("release") != stamp.get("release")):
                self._keep_previous(path)
                continue
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)
            self.cleaned.append(display_path(path))
        self._clean_old_sources()

    def _clean_old_sources(self) -> None:
        """Versions before this one wrote the source tree (with unchecked case text) to
        ``/tmp/xinfang-src-*`` and a killed build left it there.  None is made any more,
        so one of ours an hour old is a leftover."""
        if not hasattr(os, "getuid"):  # Windows: nothing of ours is in a shared /tmp
            return
        cutoff = time.time() - 3600
        for path in Path(tempfile.gettempdir()).glob("xinfang-src-*"):
            with contextlib.suppress(OSError):
                info = path.lstat()
                if stat.S_ISDIR(info.st_mode) and info.st_uid == os.getuid() and info.st_mtime < cutoff:
                    shutil.rmtree(path, ignore_errors=True)
                    self.cleaned.append(str(path))

    def publish(self, release: Path) -> None:
        """Make the checked ``release`` folder the published site, atomically."""
        current = read_stamp(self.site) if self.site.is_dir() else None
        write_stamp(release, OutputKind.SITE, release=_release_id(),
                    previous=(current or {}).get("release", ""),
                    built=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"))
        make_world_readable(release)
        step("ready")
        if not self.site.exists():
            os.rename(release, self.site)
            _sync(self.parent)
            return
        if exchange(release, self.site):
            _sync(self.parent)
            step("exchanged")
            self._keep_previous(release)
            return
        # no atomic exchange here: the old release steps aside, then the new one moves in
        self._retire_previous()
        os.rename(self.site, self.previous)
        os.rename(release, self.site)
        _sync(self.parent)

    def _retire_previous(self) -> Path | None:
        if not self.previous.exists():
            return None
        trash = private_scratch(self.site, "trash") / "release"
        os.rename(self.previous, trash)
        return trash.parent

    def _keep_previous(self, old: Path) -> None:
        """``old`` (the release just replaced) becomes the rollback target; the one
        before it is deleted: one previous release is kept."""
        if read_stamp(old) is None:  # published before sites were stamped
            write_stamp(old, OutputKind.SITE, release=f"legacy-{_release_id()}", previous="")
        trash = self._retire_previous()
        os.rename(old, self.previous)
        _sync(self.parent)
        if trash is not None:
            shutil.rmtree(trash, ignore_errors=True)

    def _previous_problem(self) -> str | None:
        """What keeps ``.site-previous`` from being put back, in the user's words."""
        shown = display_path(self.previous)
        if self.previous.is_symlink():
            return f"{shown} 是一个符号链接，不是 xinfang 留下的上一版；请删除它"
        if not self.previous.exists():
            return f"没有可恢复的上一版（{shown} 不存在）；上一版在下一次成功生成后才会有"
        if not self.previous.is_dir():
            return f"{shown} 不是目录（是一个文件）；请删除它，下一次生成后会重新留下上一版"
        redo = "请用 xinfang build 重新生成网站（会留下新的上一版）"
        if not (self.previous / STAMP).is_file():
            return f"{shown} 里缺少标记文件 {STAMP}：它不是 xinfang 发布的网站，或被改动过；{redo}"
        stamp = read_stamp(self.previous)
        if stamp is None:
            return f"{shown} 的标记文件 {STAMP} 损坏，无法读出是哪一版；{redo}"
        if stamp.get("kind") != OutputKind.SITE.value:
            known = {k.value: k.label for k in OutputKind}
            return f"{shown} 标记为{known.get(stamp['kind'], stamp['kind'])}目录，不是网站；{redo}"
        if not (self.previous / "index.html").is_file():
            return f"{shown} 缺少首页 index.html，是不完整的网站；{redo}"
        return None

    def rollback(self) -> tuple[str, str]:
        """Swap the current and the previous release; returns (now published, set aside)."""
        wrong = self._previous_problem()
        if wrong is not None:
            raise UsageError(f"{display_path(self.site)} 无法回滚：{wrong}；未做任何改动")
        back = read_stamp(self.previous) or {}
        current = read_stamp(self.site) if self.site.is_dir() else None
        if self.site.exists() and current is None:
            raise UsageError(f"{display_path(self.site)} 不是 xinfang 发布的网站目录；未做任何改动")
        if not self.site.exists():
            os.rename(self.previous, self.site)
        elif not exchange(self.previous, self.site):
            aside = private_scratch(self.site, "trash") / "release"
            os.rename(self.site, aside)
            os.rename(self.previous, self.site)
            os.rename(aside, self.previous)
            aside.parent.rmdir()
        _sync(self.parent)
        return back.get("release", ""), (current or {}).get("release", "")

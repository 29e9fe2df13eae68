"""Writing a file so that a reader sees the old version or the new one, never half of one.

Every file xinfang writes in place (letters, the register, the ledger, schemas) goes
through here: the data goes to a temporary file in the same folder, which then replaces
the target in one ``os.replace``.  A crash, a full disk or Ctrl+C part-way leaves the
old file and no temporary one.
"""

from __future__ import annotations

import contextlib
import errno
import itertools
import os
import shutil
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def replacing(path: Path, *, durable: bool = False) -> Iterator[Path]:
    """A temporary path beside ``path`` to write to; when the block ends without an
    error it replaces ``path``.  ``durable`` also syncs it to disk first (the register:
    a number handed out must survive a power cut)."""
    tmp = _temporary(path)
    try:
        yield tmp
        if durable:
            with open(tmp, "rb+") as handle:
                os.fsync(handle.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise _named(exc, tmp, path)  # noqa: B904 (raised from exc when renamed)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _temporary(path: Path) -> Path:
    # the folder is made only when missing: asking for it before every file of a thousand
    # letters, and removing a temporary file already renamed, were a tenth of a letter's time
    try:
        return _new_file_beside(path)
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
        return _new_file_beside(path)


def _named(exc: OSError, tmp: Path, path: Path) -> OSError:
    """``exc`` naming ``path``, the file the user asked for, where it named the temporary file
    or no file at all (a full disk fails in write(), which names none)."""
    if exc.filename is None or str(exc.filename) == str(tmp):
        renamed = OSError(exc.errno, exc.strerror, str(path))
        renamed.__cause__ = exc
        return renamed
    return exc


def stage_text(stack: contextlib.ExitStack, path: Path, text: str) -> None:
    """``write_text(path, text, durable=True)`` in two steps: the text is written beside
    ``path`` and synced to disk now, and replaces ``path`` when ``stack`` closes, or is
    removed if it closes on an error.  The slow part, the sync, can then be done while other
    work goes on, and ``path`` still changes only once that work has succeeded (whose own
    errors are its own: not renamed as ``path``'s, as ``replacing`` does with its block's)."""
    tmp = _temporary(path)
    try:
        with open(tmp, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException as exc:
        tmp.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise _named(exc, tmp, path)  # noqa: B904 (raised from exc when renamed)
        raise

    def settle(failed: type[BaseException] | None, *_: object) -> bool:
        if failed is not None:
            tmp.unlink(missing_ok=True)
            return False
        try:
            os.replace(tmp, path)
        except OSError as exc:
            tmp.unlink(missing_ok=True)
            raise _named(exc, tmp, path)  # noqa: B904 (raised from exc when renamed)
        return False

    stack.push(settle)


_NEW = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
_SERIAL = itertools.count()


def _new_file_beside(path: Path) -> Path:
    """A new empty file (0600) beside ``path``, named after it, this process and a counter:
    created exclusively, as ``tempfile.mkstemp`` does, which cost as much again in naming."""
    for _ in range(1000):
        tmp = path.with_name(f".{path.stem}-{os.getpid()}-{next(_SERIAL)}{path.suffix}.tmp")
        try:
            os.close(os.open(tmp, _NEW, 0o600))
        except FileExistsError:  # left by a killed run of a process with the same id
            continue
        except (FileNotFoundError, NotADirectoryError):
            raise
        except OSError as exc:  # a read-only or foreign folder: name it, not a temporary name
            raise OSError(exc.errno, exc.strerror, str(path.parent)) from exc
        return tmp
    raise FileExistsError(errno.EEXIST, "无法建立临时文件", str(path))


def write_bytes(path: Path, data: bytes, *, durable: bool = False) -> None:
    with replacing(path, durable=durable) as tmp:
        tmp.write_bytes(data)


def write_text(path: Path, text: str, *, durable: bool = False) -> None:
    """UTF-8 with ``\\n`` line ends on every platform (the files are kept in version control)."""
    with replacing(path, durable=durable) as tmp, open(tmp, "w", encoding="utf-8", newline="\n") as handle:
        handle.write(text)


def private_folder(parent: Path, name: str) -> Path:
    """``parent/name``, made if missing, as a folder only its owner can enter (0700): what is
    staged in it stays unreadable to other local users, and to a web server serving
    ``parent``, even if the run is killed.  One that is not ours (planted by another user,
    or a symlink) is refused rather than used."""
    parent.mkdir(parents=True, exist_ok=True)
    folder = parent / name
    try:
        os.mkdir(folder, 0o700)
    except FileExistsError:
        info = os.lstat(folder)
        if not stat.S_ISDIR(info.st_mode) or (hasattr(os, "getuid") and info.st_uid != os.getuid()):
            raise PermissionError(errno.EPERM, "已存在，但不是本用户建立的文件夹；请确认后删除它再试",
                                  str(folder)) from None
    os.chmod(folder, 0o700)
    return folder


def staging_of(target: Path) -> Path:
    """The private folder beside ``target`` where its next version is staged."""
    return target.parent / f".{target.name}-staging"


def private_scratch(target: Path, kind: str) -> Path:
    """A new empty folder (0700) for ``kind`` (a build's source tree, a release, a set-aside
    original) inside ``target``'s private staging folder, on its filesystem."""
    folder = private_folder(target.parent, staging_of(target).name)
    return Path(tempfile.mkdtemp(prefix=f"{kind}-", dir=folder))


def drop_staging(target: Path) -> None:
    """Remove ``target``'s staging folder once nothing is staged in it."""
    with contextlib.suppress(OSError):
        os.rmdir(staging_of(target))


def _link_or_copy(source: str, target: str) -> None:
    """A hard link where the filesystem allows (staging a folder of PDFs costs no space);
    a copy elsewhere.  Safe because xinfang never edits a file in place: it replaces it."""
    try:
        os.link(source, target, follow_symlinks=False)
    except OSError:
        shutil.copy2(source, target, follow_symlinks=False)


class StagedFolder:
    """A copy of ``target`` in its private staging folder (``.<name>-staging/new-*``) to
    write into, swapped in whole; it gets ``target``'s permissions only when swapped in.

    ``swap_in()`` renames ``target`` aside and the staging folder into its place; ``undo()``
    renames them back (a later step of the same run failed); leaving the ``with`` block
    without an error deletes the set-aside original, leaving it by an error undoes the swap
    and deletes the staging folder.  So whatever fails before or after the swap, ``target``
    ends up either exactly as it was or exactly as staged."""

    def __init__(self, target: Path) -> None:
        self.target = target.resolve()
        self.folder = self.target  # set on entering
        self._aside: Path | None = None
        self._swapped = False
        self._copied: set[Path] = set()

    def recover(self) -> list[Path]:
        """Undo what a killed run left beside ``target``: a staging folder never swapped in is
        deleted; an original set aside (``.<name>-old-*/folder``) goes back if ``target`` is
        missing, and is deleted otherwise (the staged copy in place holds all of its files)."""
        parent, name = self.target.parent, self.target.name
        removed: list[Path] = []
        if not parent.is_dir():
            return removed
        staging = staging_of(self.target)
        # .<name>-old-*/.<name>-new-* beside the target: what versions before this one left
        for aside in sorted([*parent.glob(f".{name}-old-*"), *staging.glob("old-*")]):
            kept = aside / "folder"
            if kept.is_dir() and not (self.target.exists() or self.target.is_symlink()):
                os.replace(kept, self.target)
            shutil.rmtree(aside, ignore_errors=True)
            removed.append(aside)
        for folder in sorted([*parent.glob(f".{name}-new-*"), *staging.glob("new-*")]):
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
        return removed

    def __enter__(self) -> StagedFolder:
        parent = self.target.parent
        parent.mkdir(parents=True, exist_ok=True)
        self.recover()
        self.folder = private_scratch(self.target, "new")
        try:
            if self.target.is_dir():
                shutil.copytree(self.target, self.folder, symlinks=True, copy_function=_link_or_copy,
                                dirs_exist_ok=True)
                self._copied = {p.relative_to(self.folder) for p in self.folder.rglob("*")}
        except BaseException:
            shutil.rmtree(self.folder, ignore_errors=True)
            drop_staging(self.target)
            raise
        return self

    def swap_in(self) -> None:
        if self.target.is_dir():
            shutil.copystat(self.target, self.folder)
        else:  # mkdtemp makes 0700; a new folder gets the usual permissions
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(self.folder, 0o777 & ~umask)
        if self.target.exists() or self.target.is_symlink():
            self._aside = private_scratch(self.target, "old")
            os.replace(self.target, self._aside / "folder")
        try:
            os.replace(self.folder, self.target)
        except BaseException:
            if self._aside is not None:
                os.replace(self._aside / "folder", self.target)
                self._aside.rmdir()
                self._aside = None
            raise
        self._swapped = True

    def undo(self) -> None:
        if not self._swapped:
            return
        os.replace(self.target, self.folder)
        if self._aside is not None:
            os.replace(self._aside / "folder", self.target)
            self._aside.rmdir()
            self._aside = None
        self._swapped = False

    def _keep_newcomers(self, old: Path) -> None:
        """Files someone put into ``target`` while we worked are carried over, not deleted."""
        for path in sorted(old.rglob("*")):
            relative = path.relative_to(old)
            if relative in self._copied or (path.is_dir() and not path.is_symlink()):
                continue
            destination = self.target / relative
            if not destination.exists():
                destination.parent.mkdir(parents=True, exist_ok=True)
                os.replace(path, destination)

    def __exit__(self, kind: type[BaseException] | None, *_: object) -> None:
        try:
            if kind is not None:
                self.undo()
            elif self._aside is not None:
                self._keep_newcomers(self._aside / "folder")
        finally:
            if not self._swapped:
                shutil.rmtree(self.folder, ignore_errors=True)
            if self._aside is not None and kind is None:
                shutil.rmtree(self._aside, ignore_errors=True)
            drop_staging(self.target)

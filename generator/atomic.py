"""Writing a file so that a reader sees the old version or the new one, never half of one.

Every file xinfang writes in place (letters, the register, the ledger, schemas) goes
through here: the data goes to a temporary file in the same folder, which then replaces
the target in one ``os.replace``.  A crash, a full disk or Ctrl+C part-way leaves the
old file and no temporary one.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def replacing(path: Path, *, durable: bool = False) -> Iterator[Path]:
    """A temporary path beside ``path`` to write to; when the block ends without an
    error it replaces ``path``.  ``durable`` also syncs it to disk first (the register:
    a number handed out must survive a power cut)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}-", suffix=path.suffix + ".tmp")
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        if durable:
            with open(tmp, "rb+") as handle:
                os.fsync(handle.fileno())
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def write_bytes(path: Path, data: bytes, *, durable: bool = False) -> None:
    with replacing(path, durable=durable) as tmp:
        tmp.write_bytes(data)


def write_text(path: Path, text: str, *, durable: bool = False) -> None:
    """UTF-8 with ``\\n`` line ends on every platform (the files are kept in version control)."""
    with replacing(path, durable=durable) as tmp, open(tmp, "w", encoding="utf-8", newline="\n") as handle:
        handle.write(text)

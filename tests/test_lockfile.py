"""The register's lock: flock taken directly where the system has it, and the same lock as filelock's."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from filelock import FileLock as Portable
from filelock import Timeout

from generator.lockfile import FileLock

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="flock is POSIX; Windows uses filelock itself")

_HOLD = """
import sys, time
from filelock import FileLock
with FileLock(sys.argv[1]):
    print("held", flush=True)
    time.sleep(30)
"""


def test_it_is_reentrant_and_released_by_the_outermost_block(tmp_path: Path) -> None:
    path = str(tmp_path / "register.tsv.lock")
    lock = FileLock(path, timeout=0.1)
    with lock:
        with lock:
            pass
        # still held after the inner block: filelock in this process is another open file, refused
        with pytest.raises(Timeout):
            Portable(path, timeout=0.1).acquire()
    with Portable(path, timeout=0.1):  # released by the outer block
        pass


def test_another_process_holding_it_makes_this_one_time_out_with_the_file_named(tmp_path: Path) -> None:
    path = str(tmp_path / "register.tsv.lock")
    holder = subprocess.Popen([sys.executable, "-c", _HOLD, path], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        with pytest.raises(Timeout) as caught, FileLock(path, timeout=0.3):
            pass
        assert caught.value.lock_file == path
    finally:
        holder.kill()
        holder.wait()
        if holder.stdout is not None:
            holder.stdout.close()
    with FileLock(path, timeout=1):  # the holder died: its lock went with it
        pass


def test_a_symbolic_link_planted_as_the_lock_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "elsewhere"
    target.write_text("not a lock\n")
    link = tmp_path / "register.tsv.lock"
    os.symlink(target, link)
    with pytest.raises(OSError), FileLock(str(link), timeout=0.1):
        pass
    assert target.read_text() == "not a lock\n"

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from generator.parallel import Background, fork_map, fork_share


def _square_plus(offset: int, job: int) -> tuple[int, int]:
    return job * job + offset, os.getpid()


def test_fork_map_keeps_the_order_and_uses_other_processes() -> None:
    results = fork_map(_square_plus, 1, list(range(20)), workers=2)
    assert [value for value, _ in results] == [n * n + 1 for n in range(20)]
    if (os.cpu_count() or 1) > 1:
        assert {pid for _, pid in results} - {os.getpid()}
    assert fork_map(_square_plus, 1, [3], parallel=False) == [(10, os.getpid())]


def test_fork_share_keeps_the_order_and_this_process_works_too() -> None:
    # 37 jobs in chunks of 4: the last chunk is short, and every job comes back once, in order
    results = fork_share(_square_plus, 1, list(range(37)), workers=2, chunk=4)
    assert [value for value, _ in results] == [n * n + 1 for n in range(37)]
    if (os.cpu_count() or 1) > 1:
        assert len({pid for _, pid in results}) <= 2
    assert fork_share(_square_plus, 1, [3], workers=2) == [(10, os.getpid())]
    assert fork_share(_square_plus, 1, [], workers=2) == []
    assert fork_share(_square_plus, 1, [2, 3], workers=1) == [(5, os.getpid()), (10, os.getpid())]


def _fail(state: str, job: str) -> None:
    raise ValueError(f"{state} {job}")


def _fail_in_child(parent: int, job: int) -> int:
    if os.getpid() != parent or job == 9:
        raise ValueError(f"第{job}份出错")
    return job


def test_fork_share_raises_what_a_worker_raised() -> None:
    # whichever process meets the failure, it reaches the caller as the same exception
    with pytest.raises(ValueError, match="份出错"):
        fork_share(_fail_in_child, os.getpid(), list(range(40)), workers=2, chunk=2)
    with pytest.raises(ValueError, match="坏 输入"):
        fork_share(_fail, "坏", ["输入"] * 30, workers=2, chunk=1)


def test_background_returns_the_result_and_reports_a_failure() -> None:
    with Background(_square_plus, 2, 5) as job:
        value, pid = job.result()
    assert value == 27
    if (os.cpu_count() or 1) > 1:
        assert pid != os.getpid()
    with Background(_fail, "坏", "输入") as failing, pytest.raises(Exception, match="坏 输入"):
        failing.result()


_ORPHANS = """
import os, sys, time
from generator.parallel import Background, fork_map, fork_share

def job(_, n):
    os.write(1, f"{os.getpid()}\\n".encode())  # one write: the two workers' lines never interleave
    time.sleep(3600)

if sys.argv[1] == "map":
    fork_map(job, None, [1, 2], workers=2)
elif sys.argv[1] == "share":
    fork_share(job, None, [1, 2], workers=2, chunk=1)
else:
    with Background(job, None, 1):
        time.sleep(3600)
"""


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            return stat.read().split(")")[-1].split()[0] != "Z"
    except FileNotFoundError:
        return False


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="parent-death signal is Linux's")
@pytest.mark.parametrize("kind", ["map", "share", "background"])
def test_workers_die_when_their_parent_is_killed(kind: str) -> None:
    # a killed build must not leave forked workers running for ever
    process = subprocess.Popen([sys.executable, "-c", _ORPHANS, kind], stdout=subprocess.PIPE, text=True,
                               cwd=Path(__file__).parent.parent)
    assert process.stdout is not None
    workers = [int(process.stdout.readline()) for _ in range(2 if kind != "background" else 1)]
    assert all(_alive(pid) for pid in workers)
    process.send_signal(signal.SIGKILL)
    process.wait()
    process.stdout.close()
    deadline = 600  # tenths of a second: the kernel delivers the signal at once; this only bounds a failure
    while any(_alive(pid) for pid in workers) and deadline:
        time.sleep(0.1)
        deadline -= 1
    survivors = [pid for pid in workers if _alive(pid)]
    for pid in survivors:
        os.kill(pid, signal.SIGKILL)
    assert not survivors


def test_fork_share_does_this_process_s_own_work_meanwhile() -> None:
    # work the jobs do not need runs once, here, whether or not workers were forked
    for workers in (2, 1):
        done: list[int] = []
        results = fork_share(_square_plus, 1, list(range(30)), workers=workers, chunk=2,
                             meanwhile=lambda done=done: done.append(os.getpid()))
        assert [value for value, _ in results] == [n * n + 1 for n in range(30)]
        assert done == [os.getpid()]

    def failing() -> None:
        raise OSError("登记簿写不进去")

    with pytest.raises(OSError, match="登记簿写不进去"):
        fork_share(_square_plus, 1, list(range(30)), workers=2, chunk=2, meanwhile=failing)

from __future__ import annotations

import os

import pytest

from generator.parallel import Background, fork_map


def _square_plus(offset: int, job: int) -> tuple[int, int]:
    return job * job + offset, os.getpid()


def test_fork_map_keeps_the_order_and_uses_other_processes() -> None:
    results = fork_map(_square_plus, 1, list(range(20)), workers=2)
    assert [value for value, _ in results] == [n * n + 1 for n in range(20)]
    if (os.cpu_count() or 1) > 1:
        assert {pid for _, pid in results} - {os.getpid()}
    assert fork_map(_square_plus, 1, [3], parallel=False) == [(10, os.getpid())]


def _fail(state: str, job: str) -> None:
    raise ValueError(f"{state} {job}")


def test_background_returns_the_result_and_reports_a_failure() -> None:
    with Background(_square_plus, 2, 5) as job:
        value, pid = job.result()
    assert value == 27
    if (os.cpu_count() or 1) > 1:
        assert pid != os.getpid()
    with Background(_fail, "坏", "输入") as failing, pytest.raises(Exception, match="坏 输入"):
        failing.result()

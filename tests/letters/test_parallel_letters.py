"""Letters made by two processes: the same letters, numbers and register as one process
makes, and a letter failing in the forked worker spends no number."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import time
from pathlib import Path

import pytest

from generator.errors import OutputError
from generator.letters import render
from generator.letters.templates import SHIPPED
from generator.pipeline import prepare
from tests.conftest import REPO

TODAY = dt.date(2026, 11, 24)


def _office(root: Path) -> Path:
    """The sample with no number issued yet and the shipped templates beside it."""
    shutil.copytree(REPO / "content", root / "content")
    (root / "content" / "register.tsv").unlink(missing_ok=True)
    shutil.copytree(SHIPPED, root / "letter_templates")
    return root / "content"


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def test_two_processes_make_the_letters_and_register_one_process_makes(tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    one, two = _office(tmp_path / "one"), _office(tmp_path / "two")
    serial = render.render_case_letters(prepare(one), tmp_path / "one" / "letters", today=TODAY, workers=1)
    monkeypatch.setattr(render, "PARALLEL_THRESHOLD", 0)  # what a city's hundreds of letters switch on
    forked = render.render_case_letters(prepare(two), tmp_path / "two" / "letters", today=TODAY, workers=2)
    assert [p.name for p in forked] == [p.name for p in serial] and len(serial) > 10
    assert _files(tmp_path / "two" / "letters") == _files(tmp_path / "one" / "letters")
    register = (two / "register.tsv").read_text(encoding="utf-8")
    assert register == (one / "register.tsv").read_text(encoding="utf-8")
    # numbered in the order the letters are dated, one row per numbered letter, none staged left
    rows = [line.split("\t") for line in register.splitlines() if line and not line.startswith(("#", "@"))]
    assert len(rows) == len({(row[3], row[4]) for row in rows}) > 10
    assert not [p.name for p in two.iterdir() if p.name.endswith(".tmp")]


def test_a_letter_failing_in_the_forked_worker_records_no_number(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    content = _office(tmp_path)
    prepared = prepare(content)
    parent = os.getpid()
    made = render._run_job

    def fails_in_the_worker(state: tuple[object, Path], job: render._Job) -> None:
        if os.getpid() != parent:
            raise OutputError(f"{job.name}: 模板出错")
        time.sleep(0.05)  # this process slow: the worker surely takes letters
        made(state, job)  # type: ignore[arg-type]

    monkeypatch.setattr(render, "_run_job", fails_in_the_worker)
    monkeypatch.setattr(render, "PARALLEL_THRESHOLD", 0)
    if (os.cpu_count() or 1) < 2:
        pytest.skip("one core: no worker is forked")
    with pytest.raises(OutputError, match="模板出错"):
        render.render_case_letters(prepared, tmp_path / "letters", today=TODAY, workers=2)
    # the register never held a number (nor is a staged one left beside it): the next run
    # starts at 1 again
    assert not (content / "register.tsv").exists()
    assert not [p.name for p in content.iterdir() if p.name.endswith(".tmp")]

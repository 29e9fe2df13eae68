"""The city-scale branches at small scale: generating the tree's parts and the letters in
forked workers gives the very bytes the one-process path gives."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.letters import render
from generator.pipeline import prepare
from generator.site.build import tree
from generator.site.parts.data import SiteData
from tests.conftest import REPO

TODAY = dt.date(2026, 11, 24)
pytestmark = pytest.mark.slow  # the sample's whole tree and all its letters, twice


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_forked_tree_parts_equal_the_serial_tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    prepared = prepare(REPO / "content")

    def build(folder: Path) -> tuple[tree.Tree, dict[str, bytes]]:
        data = SiteData(prepared, TODAY, prepared.content.office.site_url)
        made = tree.write_tree(data, folder, REPO / "mkdocs.yml")
        return made, _files(folder / "docs")

    serial, serial_files = build(tmp_path / "serial")
    monkeypatch.setattr(tree, "PARALLEL_SESSIONS", 0)  # what a city's 5,000+ sessions switch on
    forked, forked_files = build(tmp_path / "forked")
    assert not serial.large and forked.large
    assert forked.pages == serial.pages
    assert forked_files == serial_files
    assert any(name.startswith("schedule/2026-12/") for name in forked_files)


def test_letters_made_in_workers_equal_letters_made_here(content_copy: Callable[[str], Path], tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    sample = content_copy("sample")
    twin = tmp_path / "twin"
    twin.mkdir()
    shutil.copytree(sample, twin / "content")

    serial = render.render_case_letters(prepare(sample), tmp_path / "serial", today=TODAY, workers=1)
    monkeypatch.setattr(render, "PARALLEL_THRESHOLD", 0)  # a city's hundreds of letters
    forked = render.render_case_letters(prepare(twin / "content"), tmp_path / "forked", today=TODAY, workers=2)
    assert len(serial) == len(forked) > 2
    assert [p.name for p in serial] == [p.name for p in forked]
    assert all(a.read_bytes() == b.read_bytes() for a, b in zip(serial, forked, strict=True))

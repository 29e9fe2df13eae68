"""``serve``'s watcher outlives every error: a broken file is reported, the page keeps its
last good version, and the next valid save is picked up."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.errors import ContentError
from generator.pipeline import prepare
from generator.site.build.serve import Watcher


def _touch_later(path: Path, text: str) -> None:
    """Write ``text`` and move the mtime on, so the change is seen even within one clock tick."""
    stamp = path.stat().st_mtime if path.exists() else 0
    path.write_text(text, encoding="utf-8")
    os.utime(path, (stamp + 2, stamp + 2))


def test_the_watcher_survives_broken_yaml_and_picks_up_the_fix(
        content_copy: Callable[[str], Path], capsys: pytest.CaptureFixture[str]) -> None:
    root = content_copy("minimal")
    loaded: list[str] = []

    def regenerate() -> None:
        prepared = prepare(root)
        loaded.append(prepared.content.leaders[next(iter(prepared.content.leaders))].title or "")

    watcher = Watcher([root], regenerate)
    assert watcher.poll() is False  # nothing changed yet
    leaders = root / "leaders.yaml"
    good = leaders.read_text(encoding="utf-8")

    for broken in ("leaders: [\n", "leaders:\n  - <<: *nowhere\n", "leaders:\n  - !!python/object:os.system x\n",
                   "\x00\x01"):
        _touch_later(leaders, broken)
        assert watcher.poll() is False
        err = capsys.readouterr().err
        assert "Traceback" not in err and "网页保持上一次的版本" in err
        if "python/object" not in broken:  # an unknown tag's message is the loader's business
            assert "leaders.yaml" in err

    _touch_later(leaders, good.replace("title: ", "title: 新", 1))
    assert watcher.poll() is True
    assert loaded and loaded[-1].startswith("新")


def test_the_watcher_survives_an_unexpected_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    calls: list[int] = []

    def regenerate() -> None:
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("boom")
        if len(calls) == 2:
            raise ContentError([])

    watched = tmp_path / "content"
    watched.mkdir()
    watcher = Watcher([watched], regenerate)
    for n in range(3):
        _touch_later(watched / "a.yaml", f"n: {n}\n")
        watcher.poll()
    assert len(calls) == 3
    err = capsys.readouterr().err
    assert "内部错误" in err and "boom" in err and "Traceback" not in err

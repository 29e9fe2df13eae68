"""Publishing the site: atomic replacement, the previous release, rollback, leftovers of a
killed build, permissions — and a build killed at each step of the sequence."""

from __future__ import annotations

import json
import os
import shutil
import signal
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from generator.cli import main
from generator.errors import OutputError, UsageError
from generator.output_guard import STAMP, OutputKind, write_stamp
from generator.site.build import publish
from generator.site.build.publish import Releases
from tests.conftest import FIXTURES, child_env


def _release(parent: Path, text: str) -> Path:
    """A built release as mkdtemp leaves it (0700), with one page saying ``text``."""
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="build-", dir=parent))
    (folder / "sub").mkdir()
    (folder / "index.html").write_text(text, encoding="utf-8")
    (folder / "sub" / "page.html").write_text(text, encoding="utf-8")
    return folder


def _stamp(folder: Path) -> dict[str, str]:
    data: dict[str, str] = json.loads((folder / STAMP).read_text(encoding="utf-8"))
    return data


def test_publish_keeps_one_previous_release_and_rollback_swaps_them(tmp_path: Path) -> None:
    site = tmp_path / "site"
    releases = Releases(site)
    for text in ("one", "two", "three"):
        with releases.locked():
            releases.publish(_release(tmp_path, text))
    assert (site / "index.html").read_text(encoding="utf-8") == "three"
    previous = tmp_path / ".site-previous"
    assert (previous / "index.html").read_text(encoding="utf-8") == "two"
    # older releases are pruned: only the site, the previous one and the lock remain
    assert sorted(p.name for p in tmp_path.iterdir()) == [".site-previous", ".site.lock", "site"]
    assert _stamp(site)["previous"] == _stamp(previous)["release"]

    assert main(["rollback", "--site-dir", str(site)]) == 0
    assert (site / "index.html").read_text(encoding="utf-8") == "two"
    assert (previous / "index.html").read_text(encoding="utf-8") == "three"
    assert main(["rollback", "--site-dir", str(site)]) == 0  # a second rollback undoes the first
    assert (site / "index.html").read_text(encoding="utf-8") == "three"


def test_rollback_without_a_previous_release_is_misuse(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    site = tmp_path / "site"
    with Releases(site).locked() as releases:
        releases.publish(_release(tmp_path, "only"))
    assert main(["rollback", "--site-dir", str(site)]) == 2
    assert "没有可恢复的上一版" in capsys.readouterr().err
    assert (site / "index.html").read_text(encoding="utf-8") == "only"


def test_replacing_uses_one_atomic_exchange_so_the_site_path_never_goes_missing(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site = tmp_path / "site"
    with Releases(site).locked() as releases:
        releases.publish(_release(tmp_path, "old"))
    renamed: list[str] = []
    real_rename = os.rename

    def watch(src: object, dst: object) -> None:
        renamed.append(str(src))
        real_rename(src, dst)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "rename", watch)
    with Releases(site).locked() as releases:
        releases.publish(_release(tmp_path, "new"))
    assert (site / "index.html").read_text(encoding="utf-8") == "new"
    assert str(site) not in renamed  # the published folder itself is never moved away


def test_published_files_are_world_readable_whatever_the_umask(tmp_path: Path) -> None:
    old = os.umask(0o077)
    try:
        with Releases(tmp_path / "site").locked() as releases:
            releases.publish(_release(tmp_path, "x"))
    finally:
        os.umask(old)
    site = tmp_path / "site"
    for path in [site, site / "sub"]:
        assert stat.S_IMODE(path.stat().st_mode) == 0o755, path
    for path in [site / "index.html", site / "sub" / "page.html", site / STAMP]:
        assert stat.S_IMODE(path.stat().st_mode) == 0o644, path


def test_the_next_build_removes_leftovers_and_keeps_a_just_replaced_release(tmp_path: Path) -> None:
    site = tmp_path / "site"
    with Releases(site).locked() as releases:
        releases.publish(_release(tmp_path, "one"))
    first = _stamp(site)["release"]
    # a build killed right after the exchange: the staging folder holds release "one"
    new = _release(tmp_path, "two")
    write_stamp(new, OutputKind.SITE, release="r2", previous=first)
    assert publish.exchange(new, site)
    staging = new.rename(tmp_path / ".site-new-killed")
    for name in (".site-src-abc", ".site-new-xyz", ".site-trash-1", ".site-old-99"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "private.txt").write_text("13800138000", encoding="utf-8")
    with Releases(site).locked() as releases:
        assert len(releases.cleaned) == 4
    assert not staging.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == [".site-previous", ".site.lock", "site"]
    assert (tmp_path / ".site-previous" / "index.html").read_text(encoding="utf-8") == "one"
    assert (site / "index.html").read_text(encoding="utf-8") == "two"


def test_source_trees_older_versions_left_in_tmp_are_removed(tmp_path: Path) -> None:
    import tempfile

    old = Path(tempfile.mkdtemp(prefix="xinfang-src-"))
    (old / "docs").mkdir()
    (old / "docs" / "case.md").write_text("张三 13800138000", encoding="utf-8")
    fresh = Path(tempfile.mkdtemp(prefix="xinfang-src-"))  # perhaps an old version building right now
    two_hours_ago = old.stat().st_mtime - 7200
    os.utime(old, (two_hours_ago, two_hours_ago))
    try:
        with Releases(tmp_path / "site").locked() as releases:
            assert str(old) in releases.cleaned
        assert not old.exists() and fresh.exists()
    finally:
        shutil.rmtree(fresh, ignore_errors=True)


def test_two_builds_of_one_site_do_not_run_at_once(tmp_path: Path) -> None:
    with (Releases(tmp_path / "site").locked(), pytest.raises(OutputError, match="正在使用"),
          Releases(tmp_path / "site").locked()):
        pass


def test_rollback_refuses_a_folder_xinfang_did_not_publish(tmp_path: Path) -> None:
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "index.html").write_text("hand-made", encoding="utf-8")
    (tmp_path / ".site-previous").mkdir()
    write_stamp(tmp_path / ".site-previous", OutputKind.SITE, release="r1")
    with Releases(tmp_path / "site").locked() as releases, pytest.raises(UsageError):
        releases.rollback()
    assert (tmp_path / "site" / "index.html").read_text(encoding="utf-8") == "hand-made"


# --- a real build, killed at each step ------------------------------------------------------

STEPS = ["generated", "scanning", "checked", "exchanged", "ready"]
"""The steps a build is killed at, one build each; the last leaves its unpublished release behind
(killed after its exchange, a build leaves nothing but the release it replaced, which is kept)."""


def _build(content: Path, site: Path, letters: Path, today: str, pause: str | None = None
           ) -> subprocess.Popen[str] | subprocess.CompletedProcess[str]:
    args = ["build", "--content", str(content), "--site-dir", str(site), "--letters-dir", str(letters),
            "--today", today]
    if pause is None:
        return subprocess.run([sys.executable, "-m", "generator", *args], cwd=Path.cwd(), env=child_env(),
                              capture_output=True, text=True, check=False)
    return subprocess.Popen([sys.executable, "-m", "tests.site.fault_harness", pause, *args], cwd=Path.cwd(),
                            env=child_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _files(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file() and p.name != STAMP}


@pytest.mark.slow
def test_a_build_killed_at_any_step_leaves_a_complete_site_and_the_next_build_cleans_up(
        tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "minimal", content)
    site, letters = tmp_path / "site", tmp_path / "letters"
    done = _build(content, site, letters, "2026-11-24")
    assert isinstance(done, subprocess.CompletedProcess) and done.returncode == 0, done.stderr
    pages = _files(site)
    assert "index.html" in pages and "schedule/index.html" in pages
    releases = {_stamp(site)["release"]}
    for step in STEPS:
        process = _build(content, site, letters, "2026-11-24", pause=step)
        assert isinstance(process, subprocess.Popen) and process.stdout is not None
        line = process.stdout.readline()
        assert line.strip() == f"PAUSED {step}", process.stderr.read() if process.stderr else ""
        process.send_signal(signal.SIGKILL)
        process.wait()
        process.stdout.close()
        assert process.stderr is not None
        process.stderr.close()
        # the published path is a complete release: the first one, or (killed after the
        # exchange) the new one, never a mix and never missing
        stamp = _stamp(site)
        assert _files(site) == pages, step
        if step == "exchanged":
            assert stamp["previous"] in releases
            releases.add(stamp["release"])
        assert stamp["release"] in releases, step
        staged = tmp_path / ".site-staging"
        assert (staged.is_dir() and any(staged.iterdir())) or step == "exchanged", step
        assert not staged.exists() or stat.S_IMODE(staged.stat().st_mode) == 0o700  # nobody else can read it
    done = _build(content, site, letters, "2026-11-24")
    assert isinstance(done, subprocess.CompletedProcess) and done.returncode == 0, done.stderr
    assert "已清理上次中断的生成留下的临时目录" in done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        ".site-previous", ".site.lock", "content", "letters", "site"]
    assert _files(site) == pages
    assert stat.S_IMODE(site.stat().st_mode) == 0o755  # nginx as another user can read it
    assert stat.S_IMODE((site / "schedule" / "index.html").stat().st_mode) == 0o644
    # the release published by the build killed after its exchange is the rollback target
    assert _stamp(tmp_path / ".site-previous")["release"] == _stamp(site)["previous"]

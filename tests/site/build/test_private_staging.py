"""Staging is private: a build's MkDocs source, the release being built, the letters being
made and serve's preview tree are each made 0700 inside a folder only their owner can
enter, so a killed run leaves nothing another local user (or a web server whose root is
the folder above site/) can read; the release is world-readable only once it is swapped
in.  serve removes its folder on every way it stops, Ctrl+C included."""

from __future__ import annotations

import os
import shutil
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from generator.atomic import StagedFolder
from generator.site.build.publish import Releases
from tests.conftest import child_env
from tests.site.build.test_serve import _free_port, _wait_for


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.lstat().st_mode)


def _closed(path: Path) -> None:
    """Neither ``path`` nor any folder between it and the target's parent lets others in."""
    assert _mode(path) & 0o077 == 0, (path, oct(_mode(path)))
    assert _mode(path.parent) == 0o700, (path.parent, oct(_mode(path.parent)))


def test_a_build_stages_its_source_and_release_in_a_private_folder(tmp_path: Path) -> None:
    site = tmp_path / "site"
    with Releases(site).locked() as releases:
        source, release = releases.scratch("src"), releases.scratch("new")
        for folder in (source, release):
            _closed(folder)
            assert folder.parent.parent == tmp_path  # beside the site: one filesystem, atomic renames
        (release / "index.html").write_text("<p>新版</p>", encoding="utf-8")
        (release / "a").mkdir()
        (release / "a" / "b.html").write_text("b", encoding="utf-8")
        releases.publish(release)
        shutil.rmtree(source)  # as the build does once the release is out
    assert _mode(site) == 0o755 and _mode(site / "index.html") == 0o644 and _mode(site / "a" / "b.html") == 0o644
    # nothing of the build is left beside the site once it is done
    assert sorted(p.name for p in tmp_path.iterdir()) == [".site.lock", "site"]


def test_a_killed_builds_folder_is_unreadable_and_removed_next_time(tmp_path: Path) -> None:
    site = tmp_path / "site"
    with Releases(site).locked() as releases:
        release = releases.scratch("new")
        (release / "index.html").write_text("未检查的页面 19900036006", encoding="utf-8")
        os.chmod(release, 0o755)  # whatever a tool did to the folder itself
    # (the lock was released as a kill would; the folder is still there)
    assert release.exists() and _mode(release.parent) == 0o700
    with Releases(site).locked() as releases:
        assert releases.cleaned
    assert not release.exists() and not release.parent.exists()


def test_letters_are_staged_in_a_private_folder(tmp_path: Path) -> None:
    target = tmp_path / "letters"
    with StagedFolder(target) as staged:
        _closed(staged.folder)
        (staged.folder / "a.docx").write_bytes(b"x")
        staged.swap_in()
    assert (target / "a.docx").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["letters"]


def _serve(root: Path, tmp: Path, port: int) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", "--content", str(root), "--address", f"127.0.0.1:{port}",
         "--today", "2026-11-24"],
        cwd=Path.cwd(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True,
        env={**child_env(), "TMPDIR": str(tmp)})


@pytest.mark.slow
@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM])
def test_serve_keeps_its_tree_private_and_removes_it_on_exit(content_copy, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                            stop: signal.Signals) -> None:
    root: Path = content_copy("sample")
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    port = _free_port()
    process = _serve(root, tmp, port)
    try:
        assert _wait_for(f"http://127.0.0.1:{port}/leaders/zhou-mingyuan/", "周明远"), "the server did not come up"
        ours = [p for p in tmp.rglob("*") if p.is_dir() and p.name.startswith("serve-")]
        assert len(ours) == 1, list(tmp.rglob("*"))[:10]
        _closed(ours[0])
        process.send_signal(stop)  # Ctrl+C is SIGINT to the process
        process.wait(timeout=60)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    deadline = time.monotonic() + 10
    while ours[0].exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not ours[0].exists()

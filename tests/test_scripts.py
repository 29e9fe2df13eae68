"""scripts/test.sh waits for another apt or dpkg to finish instead of stopping at once."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from tests.conftest import REPO

HELD = ("E: Could not get lock /var/lib/dpkg/lock-frontend. It is held by process 4242 (unattended-upgr)\n"
        "E: Unable to acquire the dpkg frontend lock (/var/lib/dpkg/lock-frontend), is another process using it?")


def _fake_apt(tmp_path: Path, busy_times: int) -> Path:
    """An apt-get on PATH that reports the lock held ``busy_times`` times, then succeeds."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    script = bin_dir / "apt-get"
    script.write_text(f"""#!/bin/sh
echo "$@" >> "{tmp_path}/calls"
n=$(wc -l < "{tmp_path}/calls")
if [ "$n" -le {busy_times} ]; then
  printf '%s\\n' "{HELD}" >&2
  exit 100
fi
echo installed
""", encoding="utf-8")
    script.chmod(0o755)
    return bin_dir


def _apt_get(tmp_path: Path, bin_dir: Path, wait: int) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PATH": f"{bin_dir}:{os.environ['PATH']}", "XINFANG_APT_WAIT": str(wait),
           "XINFANG_APT_POLL": "1"}
    return subprocess.run(["bash", "-c", f". {REPO}/scripts/apt_lock.sh && apt_get install -y chromium"],
                          env=env, capture_output=True, text=True, timeout=60, check=False)


def test_a_held_lock_is_waited_for_and_named(tmp_path: Path) -> None:
    done = _apt_get(tmp_path, _fake_apt(tmp_path, busy_times=2), wait=30)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "installed"
    waiting = [line for line in done.stderr.splitlines() if line.startswith("waiting for the package manager's lock")]
    assert len(waiting) == 2
    assert "held by process 4242 (unattended-upgr)" in waiting[0]
    calls = (tmp_path / "calls").read_text(encoding="utf-8").splitlines()
    assert len(calls) == 3 and all("install -y chromium" in call for call in calls)


def test_the_wait_is_bounded(tmp_path: Path) -> None:
    done = _apt_get(tmp_path, _fake_apt(tmp_path, busy_times=1000), wait=2)
    assert done.returncode == 100
    assert "still busy after 2s; giving up" in done.stderr
    assert "Could not get lock" in done.stderr  # apt's own words, for whoever reads the log


def test_another_failure_is_not_retried(tmp_path: Path) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "apt-get").write_text(f'#!/bin/sh\necho x >> "{tmp_path}/calls"\n'
                                     'echo "E: Unable to locate package chromium" >&2\nexit 100\n', encoding="utf-8")
    (bin_dir / "apt-get").chmod(0o755)
    done = _apt_get(tmp_path, bin_dir, wait=30)
    assert done.returncode == 100 and "Unable to locate package" in done.stderr
    assert (tmp_path / "calls").read_text(encoding="utf-8").count("x") == 1


def test_test_sh_uses_the_waiting_apt_get() -> None:
    script = (REPO / "scripts/test.sh").read_text(encoding="utf-8")
    assert ". scripts/apt_lock.sh" in script
    assert [line for line in script.splitlines() if "apt-get " in line and not line.lstrip().startswith("#")] == []

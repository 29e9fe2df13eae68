"""scripts/same_output.sh, the byte-for-byte comparison a refactoring is proved with, works on a
clone of this repository: the committed code against itself is identical, and one changed sentence
of a shipped letter template is found in exactly the letters that use it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

pytestmark = pytest.mark.slow


def _same_output(clone: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["bash", "scripts/same_output.sh", "HEAD"], cwd=clone, capture_output=True, text=True,
                          env={"PATH": "/usr/bin:/bin", "PYTHON": sys.executable, "HOME": str(clone)},
                          timeout=600, check=False)


def test_same_output_is_identical_for_the_same_code_and_names_what_changed(tmp_path: Path) -> None:
    if not (REPO / ".git").exists():
        pytest.skip("not a git checkout")
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "--quiet", str(REPO), str(clone)], check=True, timeout=120)

    same = _same_output(clone)
    assert same.returncode == 0, same.stdout + same.stderr
    assert "identical: site/" in same.stdout and "letters/" in same.stdout

    template = clone / "generator" / "letter_templates" / "reply.j2"
    text = template.read_text(encoding="utf-8")
    assert "\n特此答复。\n" in text
    template.write_text(text.replace("\n特此答复。\n", "\n特此函复。\n"), encoding="utf-8")
    changed = _same_output(clone)
    assert changed.returncode == 1
    differing = {Path(line.split(" and ")[1].split()[0]).name for line in changed.stdout.splitlines()
                 if line.startswith("Files ")}
    assert "2026-0001-reply.docx" in differing  # the sample's first case asks for a 处理意见书
    assert all("-reply" in name for name in differing), differing  # no other letter, no page

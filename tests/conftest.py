"""Shared fixtures: small content directories copied into a temp dir before mutation."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).parent.parent


@pytest.fixture
def content_copy(tmp_path: Path) -> Callable[[str], Path]:
    """Copy a fixture content dir (or the sample ``content``) so a test may edit it."""

    def copy(name: str = "minimal") -> Path:
        source = REPO / "content" if name == "sample" else FIXTURES / name
        target = tmp_path / "content"
        shutil.copytree(source, target)
        return target

    return copy


def edit(path: Path, old: str, new: str) -> None:
    """Replace one exact piece of a file; fail loudly if it is not there."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")

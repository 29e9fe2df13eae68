"""Shared fixtures: small content directories copied into a temp dir before mutation.

Every test runs in a working folder of its own (``_own_working_folder``): the
checkout's ``site/``, ``letters/``, ``register.tsv`` and ledgers -- what the README's
first command leaves there -- are never read as the default outputs of a command under
test, and nothing a test writes by default lands in the checkout.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).parent.parent
LOOK = ("mkdocs.yml",)
"""What a test's working folder takes from the checkout: the site's look, never an output."""


@pytest.fixture(autouse=True)
def _own_working_folder(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh working folder holding the checkout's look files, as the repository root
    holds them for a user; tests that need another folder still ``chdir`` themselves."""
    folder = tmp_path_factory.mktemp("cwd")
    for name in LOOK:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, folder / name)
        elif source.is_file():
            shutil.copy2(source, folder / name)
    monkeypatch.chdir(folder)
    return folder


def child_env() -> dict[str, str]:
    """The environment for ``python -m generator`` (or a test harness) run in a test's own
    working folder: this checkout's code first on the path, whatever is installed."""
    return {**os.environ, "PYTHONPATH": str(REPO)}


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


def sample_office(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The sample as a fresh office: content and the shipped letter templates copied into
    ``tmp_path``, no numbers issued yet, the working folder there and the date 2026-11-24."""
    from generator.letters.templates import SHIPPED

    shutil.copytree(REPO / "content", tmp_path / "content")
    shutil.copytree(SHIPPED, tmp_path / "letter_templates")
    (tmp_path / "content/register.tsv").unlink()
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XINFANG_TODAY", "2026-11-24")
    return tmp_path

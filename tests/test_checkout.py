"""What the README's first command leaves in the checkout neither breaks the tests nor
gets published by ``git add .``."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.init import GITIGNORE
from tests.conftest import REPO, child_env

PRIVATE_OUTPUTS = ("letters/2026-0001-reply.docx", "letters/2026-0001-reply.pdf", "台账.xlsx", "ledger-2026.xlsx",
                   "site/index.html", ".site-previous/index.html", ".site-new-x1/index.html", ".site.lock",
                   "文书.docx", "文书.pdf")


def _git(folder: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=folder, capture_output=True, text=True, check=False)
    assert done.returncode in (0, 1), done.stderr
    return done.stdout


def _ignored(gitignore: str, tmp_path: Path, paths: tuple[str, ...]) -> set[str]:
    folder = tmp_path / "repo"
    folder.mkdir(parents=True)
    _git(folder, "init", "-q")
    (folder / ".gitignore").write_text(gitignore, encoding="utf-8")
    return set(_git(folder, "-c", "core.quotePath=false", "check-ignore", "--no-index", *paths).splitlines())


def test_the_repository_ignores_every_private_output(tmp_path: Path) -> None:
    gitignore = (REPO / ".gitignore").read_text(encoding="utf-8")
    assert _ignored(gitignore, tmp_path, PRIVATE_OUTPUTS) == set(PRIVATE_OUTPUTS)
    assert _ignored(gitignore, tmp_path / "b", ("content/office.yaml", "content/register.tsv", "README.md")) == set()


def test_a_new_office_ignores_every_private_output(tmp_path: Path) -> None:
    private = (*PRIVATE_OUTPUTS, "content/cases/2027-0001.yaml")
    assert _ignored(GITIGNORE, tmp_path, private) == set(private)
    kept = ("content/office.yaml", "content/register.tsv", "letter_templates/reply.j2", "mkdocs.yml",
            "content/schedule/2027-01.yaml")
    assert _ignored(GITIGNORE, tmp_path / "b", kept) == set()


def _copy_checkout(target: Path) -> None:
    """The checkout's tracked files (as a fresh clone has them) in a git repository of their own."""
    files = _git(REPO, "ls-files", "-z").split("\0") if (REPO / ".git").exists() else []
    if files and files != [""]:
        for name in filter(None, files):
            if (REPO / name).is_file():
                (target / name).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(REPO / name, target / name)
    else:
        shutil.copytree(REPO, target, dirs_exist_ok=True, ignore=shutil.ignore_patterns(
            ".git", ".venv", "site", "letters", ".site-*", "*.xlsx", "__pycache__", ".*_cache", ".hypothesis"))
    _git(target, "init", "-q")
    _git(target, "add", "-A")
    _git(target, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-q", "-m", "checkout")


@pytest.mark.slow
def test_the_readme_commands_in_order_on_a_checkout(tmp_path: Path) -> None:
    """The first command builds in the checkout (19 numbered letters in letters/, a ledger
    beside them); the second command's suite then passes and leaves ``git status`` as it was."""
    checkout = tmp_path / "checkout"
    checkout.mkdir()
    _copy_checkout(checkout)
    env = {**child_env(), "PYTHONPATH": str(checkout)}
    built = subprocess.run([sys.executable, "-m", "generator", "build"], cwd=checkout, env=env,
                           capture_output=True, text=True, check=False)
    assert built.returncode == 0, built.stderr
    assert len(list((checkout / "letters").glob("*.docx"))) >= 10
    ledger = subprocess.run([sys.executable, "-m", "generator", "ledger", "-o", "台账.xlsx"], cwd=checkout, env=env,
                            capture_output=True, text=True, check=False)
    assert ledger.returncode == 0, ledger.stderr
    before = _git(checkout, "status", "--porcelain", "--untracked-files=all")
    assert before == ""  # the outputs of the first command are all ignored
    suite = subprocess.run([sys.executable, "-m", "pytest", "-q", "-x", "-m", "not browser and not slow"],
                           cwd=checkout, env=env, capture_output=True, text=True, check=False)
    assert suite.returncode == 0, suite.stdout[-4000:]
    assert _git(checkout, "status", "--porcelain", "--untracked-files=all") == before
    assert len(list((checkout / "letters").glob("*.docx"))) >= 10  # the checkout's letters are untouched


def test_no_test_runs_a_command_in_the_checkout() -> None:
    """A child xinfang started in the checkout would read (and could write) the first command's
    letters, site and ledger: children run in the test's own folder with ``child_env()``."""
    offenders = [f"{path.relative_to(REPO)}:{number}" for path in sorted((REPO / "tests").rglob("*.py"))
                 for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
                 if "cwd=REPO" in line.replace(" ", "") and path.name != "test_checkout.py"]
    assert offenders == [], offenders

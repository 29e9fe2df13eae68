"""A register deleted or emptied is detected even when no letter is left beside it (the
letters printed, filed, or written elsewhere with -o): from the content's version control,
which the README asks to hold register.tsv, and from the letters folder's stamp, which stays
in a folder xinfang once wrote letters into.  Each message says how to recover, and following
it makes check pass again."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

import pytest

from generator.cli import main
from tests.conftest import REPO

TODAY = dt.date(2026, 11, 24)
SPENT = "示信不受〔2026〕2号、示信交〔2026〕1号、示信受〔2026〕3号等"
"""The sample register's first three codes in code order (不 < 交 < 受 < 复 …) and the highest
number of each, read off content/register.tsv by hand."""


def git(folder: Path, *args: str) -> str:
    return subprocess.run(["git", "-c", "user.name=测试", "-c", "user.email=t@example.invalid",
                           "-c", "init.defaultBranch=main", "-C", str(folder), *args],
                          capture_output=True, text=True, check=True).stdout.strip()


@pytest.fixture
def office(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The sample office under git, its register committed, no letters folder anywhere."""
    root = tmp_path / "office"
    shutil.copytree(REPO / "content", root / "content")
    git(root, "init", "-q")
    git(root, "add", "content")
    git(root, "commit", "-q", "-m", "登记簿")
    monkeypatch.chdir(root)
    monkeypatch.setenv("XINFANG_TODAY", TODAY.isoformat())
    return root


def check(capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(["check"])
    return code, capsys.readouterr().err


def test_a_deleted_register_is_named_with_the_commit_to_restore(office: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    commit = git(office, "rev-parse", "--short", "HEAD")
    day = git(office, "log", "-1", "--format=%cs")
    (office / "content/register.tsv").unlink()
    code, err = check(capsys)
    assert code == 1
    assert (f"content/register.tsv: 文号登记簿不存在，但版本库里的 register.tsv（提交 {commit}，{day}）记着已用到 "
            f"{SPENT}：登记簿被删除或清空了，继续生成会从1号重新编号、与已发文书重号；请恢复它："
            f"git -C content checkout {commit} -- register.tsv（那次提交之后又发过文号的，恢复后再对照纸质登记簿，"
            "用 xinfang register start 接续）") in err, err
    # a letter is refused before any number is taken, and no register is made
    assert main(["letter", "2026-0001", "reply", "-o", str(office / "out.docx")]) == 1
    assert "版本库里的 register.tsv" in capsys.readouterr().err
    assert not (office / "content/register.tsv").exists() and not (office / "out.docx").exists()
    # doing what the message says brings the register back, and check passes
    subprocess.run(f"git -C content checkout {commit} -- register.tsv", shell=True, cwd=office, check=True)
    assert check(capsys)[0] == 0


def test_an_emptied_register_and_a_committed_deletion_are_named_too(office: Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    first = git(office, "rev-parse", "--short", "HEAD")
    register = office / "content/register.tsv"
    register.write_text("", encoding="utf-8")
    code, err = check(capsys)
    assert code == 1 and f"文号登记簿里没有一个发出的文号，但版本库里的 register.tsv（提交 {first}，" in err, err
    # a register re-made with its header only (as `register start` for another code would) has no number either
    register.write_text("# 文号登记簿：由 xinfang 维护。\n", encoding="utf-8")
    assert f"（提交 {first}，" in check(capsys)[1]
    # deleted, then started again from a paper register's 1: the numbers git knows are named
    register.unlink()
    assert main(["register", "start", "示信受", "2026", "1"]) == 0
    code, err = check(capsys)
    assert code == 1 and "文号登记簿里没有一个发出的文号，但版本库里的 register.tsv" in err, err
    assert "记着已用到 示信不受〔2026〕2号、示信交〔2026〕1号、示信受〔2026〕3号等" in err, err
    # a paper register really continued past what git knows is no problem
    register.unlink()
    for code_, first_free in (("示信不受", 3), ("示信交", 2), ("示信受", 4), ("示信复", 6), ("示信建", 2),
                              ("示信提", 2), ("示信督", 2),
                              ("示政复查", 3), ("示政复查不受", 2), ("示省复核", 2), ("示省复核不受", 2)):
        assert main(["register", "start", code_, "2026", str(first_free)]) == 0
    assert check(capsys)[0] == 0
    # the deletion committed: the last commit that still held it is named
    git(office, "rm", "-qf", "content/register.tsv")
    git(office, "commit", "-q", "-m", "删了登记簿")
    code, err = check(capsys)
    assert code == 1 and f"文号登记簿不存在，但版本库里的 register.tsv（提交 {first}，" in err, err


def test_no_record_anywhere_is_a_new_office(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    """Not under git, never a letters folder: nothing knows of a number; check passes."""
    shutil.copytree(REPO / "content", tmp_path / "content")
    (tmp_path / "content/register.tsv").unlink()
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XINFANG_TODAY", TODAY.isoformat())
    assert check(capsys)[0] == 0
    # under git with the register never committed: the same
    git(tmp_path, "init", "-q")
    assert check(capsys)[0] == 0


def test_an_emptied_letters_folder_beside_a_deleted_register(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    """Not under git: the letters folder's stamp is what remembers that numbers were given."""
    shutil.copytree(REPO / "content", tmp_path / "content")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XINFANG_TODAY", TODAY.isoformat())
    (tmp_path / "content/register.tsv").unlink()
    for case, kind in (("2026-0001", "acceptance"), ("2026-0001", "reply")):
        assert main(["letter", case, kind]) == 0, capsys.readouterr().err
    made = sorted((tmp_path / "letters").glob("*.docx"))
    assert made and (tmp_path / "letters/.xinfang-output").is_file()
    capsys.readouterr()
    (tmp_path / "filed").mkdir()
    for path in made:  # printed and filed elsewhere
        path.rename(tmp_path / "filed" / path.name)
    (tmp_path / "content/register.tsv").unlink()
    code, err = check(capsys)
    assert code == 1
    assert ("content/register.tsv: letters/ 里生成过编了号的文书（xinfang 的标记文件 letters/.xinfang-output 还在），"
            "现在一份也没有，而文号登记簿不存在：文书可能被移走、登记簿被删除或清空，继续生成会从1号重新编号、"
            "与已发文书重号；请从版本库或备份恢复 register.tsv（确需从1号重新编号的，先把整个 letters/ 文件夹删掉）"
            ) in err, err
    (tmp_path / "content/register.tsv").write_text("", encoding="utf-8")
    assert "而文号登记簿里没有一个文号" in check(capsys)[1]
    # what the message says for a deliberate restart: the folder goes, check passes
    (tmp_path / "content/register.tsv").unlink()
    shutil.rmtree(tmp_path / "letters")
    assert check(capsys)[0] == 0


def test_a_content_folders_git_hooks_do_not_run(office: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """check reads the history with plumbing only: a file-system monitor set in the content's
    .git/config (a folder received from elsewhere) is not started."""
    planted = office / "ran"
    git(office, "config", "core.fsmonitor", f"touch {planted}")
    (office / "content/register.tsv").unlink()
    assert check(capsys)[0] == 1
    assert not planted.exists()


def test_a_folder_under_no_repository_is_answered_without_starting_git(tmp_path: Path, office: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    from generator.casework import history

    outside = tmp_path / "elsewhere" / "content"
    outside.mkdir(parents=True)
    if any((folder / ".git").exists() for folder in outside.parents):
        pytest.skip("the temporary folder is itself inside a repository")
    (outside / "register.tsv").write_text("", encoding="utf-8")
    started: list[object] = []
    real_run = subprocess.run

    def run(*args: object, **kwargs: object) -> object:
        started.append(args)
        return real_run(*args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(history.subprocess, "run", run)
    monkeypatch.delenv("GIT_DIR", raising=False)
    assert history.last_committed(outside / "register.tsv") is None
    assert started == []
    # under the office's repository (its .git two folders up), git is asked and answers
    committed = history.last_committed(office / "content" / "register.tsv")
    assert committed is not None and committed.commit == git(office, "rev-parse", "--short", "HEAD")
    assert started
    # a repository named by the environment is asked too, wherever the folder is
    started.clear()
    monkeypatch.setenv("GIT_DIR", str(office / ".git"))
    history.last_committed(outside / "register.tsv")
    assert started

"""No writing command may replace or fill the content, the cases, the project, a folder
xinfang did not make, or put internal documents into the published site."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from generator.cli import main
from tests.conftest import FIXTURES, REPO

STAMP = ".xinfang-output"  # written literally: these tests also run against versions without the guard


def _stamp_as_site(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / STAMP).write_text('{"kind": "site", "release": "r1"}', encoding="utf-8")


def _snapshot(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else "dir"
            for p in sorted(folder.rglob("*"))}


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project folder as an office has it: mkdocs.yml, .git, content/ with cases/."""
    root = tmp_path / "office"
    root.mkdir()
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    (root / ".git").mkdir()
    (root / ".git" / "HEAD").write_text("ref: refs/heads/main\n", encoding="utf-8")
    shutil.copytree(FIXTURES / "minimal", root / "content", ignore=shutil.ignore_patterns("*.lock"))
    monkeypatch.chdir(root)
    return root


def _refused(project: Path, args: list[str], capsys: pytest.CaptureFixture[str], *needles: str) -> str:
    before = _snapshot(project.parent)
    assert main([*args, "--content", "content"]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    for needle in needles:
        assert needle in err, err
    assert _snapshot(project.parent) == before  # nothing touched
    return err


@pytest.mark.parametrize(("site_dir", "needle"), [
    ("content", "就是内容目录"),
    ("content/cases", "就是案件目录"),
    (".", "就是项目根目录"),
    ("..", "是其上级目录"),
    ("content/site", "在内容目录"),
    (".git/site", ".git"),
])
def test_build_refuses_a_site_dir_that_is_or_holds_the_project(
        project: Path, capsys: pytest.CaptureFixture[str], site_dir: str, needle: str) -> None:
    _refused(project, ["build", "--site-dir", site_dir, "--letters-dir", "out/letters"], capsys, needle)


def test_build_refuses_an_existing_file_or_a_folder_xinfang_did_not_make(
        project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "notes.txt").write_text("keep me", encoding="utf-8")
    _refused(project, ["build", "--site-dir", "notes.txt"], capsys, "是文件而不是目录")
    (project / "photos").mkdir()
    (project / "photos" / "a.jpg").write_bytes(b"\xff\xd8")
    _refused(project, ["build", "--site-dir", "photos"], capsys, "不是 xinfang 生成的")
    other = project.parent / "other-project"
    other.mkdir()
    (other / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    _refused(project, ["build", "--site-dir", str(other)], capsys, "mkdocs.yml")
    _refused(project, ["build", "--site-dir", "content/cases/2026-0001.yaml"], capsys, "案件目录")


def test_a_symlink_to_the_content_is_refused_like_the_content(project: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    (project / "public").symlink_to(project / "content")
    _refused(project, ["build", "--site-dir", "public"], capsys, "就是内容目录")


def test_letters_and_ledger_never_go_into_the_published_site(project: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    _stamp_as_site(project / "public")
    _refused(project, ["build", "--site-dir", "public", "--letters-dir", "public/letters"], capsys, "网站目录")
    _refused(project, ["build", "--site-dir", "fresh", "--letters-dir", "fresh/letters"], capsys, "网站目录")
    _refused(project, ["ledger", "-o", "public/台账.xlsx"], capsys, "网站目录")
    _refused(project, ["letter", "2026-0001", "acceptance", "-o", "public/data/a.docx"], capsys, "网站目录")


def test_file_outputs_cannot_overwrite_content_or_other_kinds_of_file(
        project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _refused(project, ["ledger", "-o", "content/register.tsv"], capsys, ".xlsx")
    _refused(project, ["ledger", "-o", "content/cases/台账.xlsx"], capsys, "案件目录")
    _refused(project, ["ledger", "-o", "mkdocs.yml"], capsys, ".xlsx")
    _refused(project, ["letter", "2026-0001", "acceptance", "-o", "content/a.docx"], capsys, "内容目录")


def test_schema_output_is_guarded_too(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _refused(project, ["schema", "-o", "content"], capsys, "就是内容目录")
    _refused(project, ["schema", "-o", "."], capsys, "项目根目录")
    assert main(["schema", "-o", "schemas", "--content", "content"]) == 0
    assert (project / "schemas" / STAMP).is_file()
    assert main(["schema", "-o", "schemas", "--content", "content"]) == 0  # its own folder again


def test_folders_written_by_older_versions_are_still_accepted(project: Path) -> None:
    from generator.output_guard import OutputKind, Protected, check_output_folder

    (project / "schemas").mkdir()
    (project / "schemas" / "office.schema.json").write_text("{}", encoding="utf-8")
    assert main(["schema", "-o", "schemas", "--content", "content"]) == 0
    assert main(["ledger", "-o", "台账.xlsx", "--content", "content", "--today", "2026-11-24"]) == 0
    (project / "letters").mkdir()
    (project / "letters" / "2026-0001-acceptance.docx").write_bytes(b"PK")
    (project / "letters" / "2026-0001-acceptance.pdf").write_bytes(b"%PDF")
    protected = Protected.around(project / "content", [project / "content" / "cases"])
    assert check_output_folder(project / "letters", OutputKind.LETTERS, protected) == project / "letters"

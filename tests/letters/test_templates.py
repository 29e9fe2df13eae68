"""The letter templates ship inside the package; an office's copies are compared with them."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.cli import main
from generator.letters.templates import SHIPPED, shipped_files
from generator.model.kinds import LetterKind
from tests.conftest import REPO


def test_every_kind_is_shipped_with_its_editing_notes() -> None:
    names = set(shipped_files())
    assert {f"{kind.value}.j2" for kind in LetterKind} | {"_common.j2", "README.md"} <= names
    for kind in LetterKind:
        text = (SHIPPED / f"{kind.value}.j2").read_text(encoding="utf-8")
        assert text.startswith("{# ") and f"（{kind.value}）" in text.splitlines()[0]
        assert "示例" not in text


def _office(tmp_path: Path) -> Path:
    assert main(["init", str(tmp_path / "office"), "--name", "青石县信访局"]) == 0
    return tmp_path / "office"


def test_templates_diff_of_an_unchanged_office(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    office = _office(tmp_path)
    monkeypatch.chdir(office)
    capsys.readouterr()
    assert main(["templates", "diff"]) == 0
    assert "完全相同" in capsys.readouterr().out


def test_templates_diff_shows_the_office_edits_and_what_it_lacks(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    office = _office(tmp_path)
    templates = office / "letter_templates"
    reply = templates / "reply.j2"
    reply.write_text(reply.read_text(encoding="utf-8").replace("特此答复。", "特此答复，请予配合。"), encoding="utf-8")
    (templates / "review.j2").unlink()
    (templates / "notes.j2").write_text("本局自用\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["templates", "diff", "--content", str(office / "content")]) == 0
    out = capsys.readouterr().out
    assert "-特此答复。\n+特此答复，请予配合。" in out
    assert "--- xinfang/reply.j2\n+++ letter_templates/reply.j2" in out
    assert "# review.j2：本机构没有" in out and "+++ /dev/null" in out
    assert "# notes.j2：只有本机构有" in out and "+本局自用" in out
    assert "共 3 个文件不同" in out


def test_an_office_without_templates_uses_the_shipped_ones(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    office = _office(tmp_path)
    shutil.rmtree(office / "letter_templates")
    monkeypatch.chdir(office)
    capsys.readouterr()
    assert main(["templates", "diff"]) == 0
    assert "没有自己的 letter_templates/" in capsys.readouterr().out
    assert main(["templates", "diff", "--templates", str(tmp_path / "nowhere")]) == 2


@pytest.mark.slow
def test_a_non_editable_install_makes_an_office_that_writes_letters(tmp_path: Path) -> None:
    """A wheel built from the source (no checkout on the path) carries the templates: init
    writes them and the new office's first letter is made from them."""
    source = tmp_path / "source"
    shutil.copytree(REPO / "generator", source / "generator", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(REPO / name, source / name)
    wheels, target = tmp_path / "wheels", tmp_path / "installed"
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", str(source), "-w", str(wheels)],
                           capture_output=True, text=True, check=False)
    assert built.returncode == 0, built.stderr
    (wheel,) = wheels.glob("xinfang-*.whl")
    installed = subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(target),
                                str(wheel)], capture_output=True, text=True, check=False)
    assert installed.returncode == 0, installed.stderr
    shutil.rmtree(source)  # nothing but the installed package can serve the templates now
    env = {"PYTHONPATH": str(target), "XINFANG_TODAY": "2026-12-07", "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}

    def xinfang(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd, env=env,
                              capture_output=True, text=True, check=False)

    where = subprocess.run([sys.executable, "-c", "import generator; print(generator.__file__)"], cwd=tmp_path,
                           env=env, capture_output=True, text=True, check=False)
    assert where.stdout.startswith(str(target)), where
    assert xinfang("init", "office", "--name", "青石县信访局", cwd=tmp_path).returncode == 0
    office = tmp_path / "office"
    assert {p.name for p in (office / "letter_templates").iterdir()} >= {f"{k.value}.j2" for k in LetterKind}
    assert (office / "content/cases").is_dir()  # init made it, for the case files
    (office / "content/cases/2026-0001.yaml").write_text(
        "id: 2026-0001\nreceived: 2026-12-01\nchannel: letter\ntopic: wage-arrears\nunit: qingshixian\n"
        "handler: 青石县人力资源和社会保障局\npetitioner: {name: 李某某}\n"
        "record: {what: 拖欠工资, request: 支付工资}\naccepted: 2026-12-03\n", encoding="utf-8")
    letter = xinfang("letter", "2026-0001", "acceptance", cwd=office)
    assert letter.returncode == 0, letter.stderr
    assert (office / "letters/2026-0001-acceptance.docx").stat().st_size > 5000
    assert "完全相同" in xinfang("templates", "diff", cwd=office).stdout

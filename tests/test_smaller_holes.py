"""The smaller holes: an output inside a project folder (letter_templates/ …), a damaged
previous release that rollback must describe, paths outside the site that serve must answer
with 404 (NUL and encoded forms too), serve's address (loopback unless --public), and the
permissions of every file that can hold personal data (.docx, .pdf, .xlsx: 0600)."""

from __future__ import annotations

import http.client
import os
import shutil
import signal
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from generator.cli import main
from generator.letters.templates import SHIPPED
from generator.output_guard import OutputKind, write_stamp
from tests.conftest import REPO
from tests.site.build.test_serve import _free_port, _wait_for


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the sample project (content, mkdocs.yml, templates), as the working directory."""
    root = tmp_path / "office"
    root.mkdir()
    shutil.copytree(REPO / "content", root / "content")
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(SHIPPED, root / "letter_templates")  # the office's own templates
    (root / "deploy").mkdir()
    (root / "deploy" / "xinfang-rebuild.service").write_text("[Unit]\n", encoding="utf-8")
    monkeypatch.chdir(root)
    monkeypatch.setenv("XINFANG_TODAY", "2026-11-24")
    return root


@pytest.mark.parametrize("output", ["letter_templates/x.docx", "letter_templates/sub/x.docx", "deploy/x.docx"])
def test_a_letter_is_never_written_into_a_project_folder(project: Path, output: str,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    before = sorted(p.relative_to(project) for p in project.rglob("*"))
    code = main(["letter", "2026-0003", "reply", "-o", output, "--content", "content"])
    err = capsys.readouterr().err
    assert code == 2, err
    assert output.split("/")[0] in err
    assert sorted(p.relative_to(project) for p in project.rglob("*")) == before


@pytest.mark.parametrize("argv", [
    ["ledger", "-o", "letter_templates/台账.xlsx"],
    ["build", "--letters-dir", "letter_templates/letters", "--site-dir", "site"],
    ["build", "--site-dir", "deploy/site"],
])
def test_no_output_goes_into_a_project_folder(project: Path, argv: list[str],
                                              capsys: pytest.CaptureFixture[str]) -> None:
    assert main([*argv, "--content", "content"]) == 2
    err = capsys.readouterr().err
    assert "letter_templates" in err or "deploy" in err


def test_outputs_beside_the_project_folders_still_work(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ledger", "-o", "台账.xlsx", "--content", "content"]) == 0, capsys.readouterr().err
    assert main(["letter", "2026-0003", "reply", "-o", "out/x.docx", "--content", "content"]) == 0, \
        capsys.readouterr().err
    for path in (project / "台账.xlsx", project / "out" / "x.docx"):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path


@pytest.mark.slow
def test_pdfs_are_written_0600_like_the_letters(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    if shutil.which("soffice") is None and shutil.which("libreoffice") is None:
        pytest.skip("LibreOffice is not installed")
    assert main(["letter", "2026-0003", "reply", "-o", "out/x.docx", "--pdf", "--content", "content"]) == 0, \
        capsys.readouterr().err
    for path in (project / "out" / "x.docx", project / "out" / "x.pdf"):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path


def _rollback(site: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(["rollback", "--site-dir", str(site)])
    return code, capsys.readouterr().err


def _site(folder: Path, release: str) -> None:
    folder.mkdir()
    (folder / "index.html").write_text(release, encoding="utf-8")
    write_stamp(folder, OutputKind.SITE, release=release, previous="")


@pytest.mark.parametrize(("damage", "said"), [
    ("missing", "不存在"),
    ("file", "不是目录"),
    ("no stamp", ".xinfang-output"),
    ("bad stamp", "损坏"),
    ("letters stamp", "文书"),
    ("no index", "index.html"),
    ("symlink", "符号链接"),
])
def test_rollback_says_what_is_wrong_with_the_previous_release(tmp_path: Path, damage: str, said: str,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    site, previous = tmp_path / "site", tmp_path / ".site-previous"
    _site(site, "current")
    if damage == "file":
        previous.write_text("x", encoding="utf-8")
    elif damage == "symlink":
        _site(tmp_path / "elsewhere", "old")
        previous.symlink_to(tmp_path / "elsewhere")
    elif damage != "missing":
        _site(previous, "old")
        stamp = previous / ".xinfang-output"
        if damage == "no stamp":
            stamp.unlink()
        elif damage == "bad stamp":
            stamp.write_text("{not json", encoding="utf-8")
        elif damage == "letters stamp":
            write_stamp(previous, OutputKind.LETTERS)
        elif damage == "no index":
            (previous / "index.html").unlink()
    code, err = _rollback(site, capsys)
    assert code == 2 and said in err and "未做任何改动" in err, err
    assert (site / "index.html").read_text(encoding="utf-8") == "current"


TRAVERSALS = ["/..%00/..%00/etc/passwd", "/%00", "/index.html%00.txt", "/..%2f..%2fetc%2fpasswd",
              "/%2e%2e/%2e%2e/etc/passwd", "/..%5c..%5cetc%5cpasswd", "/%c0%ae%c0%ae/etc/passwd",
              "/../../etc/passwd", "/assets/../../../etc/passwd", "//etc/passwd", "/%252e%252e/etc/passwd",
              "/%0a", "/%ff%fe", "/leaders/%00/"]


@pytest.mark.slow
def test_serve_answers_404_to_every_path_outside_the_site(project: Path) -> None:
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", "--content", "content", "--address", f"127.0.0.1:{port}"],
        cwd=project, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True,
        env={**os.environ, "PYTHONPATH": str(REPO)})
    try:
        assert _wait_for(f"http://127.0.0.1:{port}/", "示例市信访局"), "the server did not come up"
        for path in TRAVERSALS:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            connection.putrequest("GET", path, skip_accept_encoding=True)
            connection.endheaders()
            response = connection.getresponse()
            body = response.read()
            connection.close()
            assert response.status in (404, 400), (path, response.status)
            assert b"root:" not in body, path
    finally:
        os.killpg(process.pid, signal.SIGINT)
        process.wait(timeout=60)


@pytest.fixture
def seen(monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """serve() replaced by a recorder: the tests ask only which address would be served."""
    from generator.site.build import serve as serve_module

    calls: dict[str, str] = {}
    monkeypatch.setattr(serve_module, "serve", lambda **kwargs: calls.update(address=kwargs["address"]) or 0)
    return calls


@pytest.mark.parametrize("address", ["0.0.0.0:8000", "192.168.1.5:8000", "[::]:8000", "example.gov.cn:80"])
def test_serve_listens_beyond_this_machine_only_with_public(project: Path, address: str, seen: dict[str, str],
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", "--content", "content", "--address", address]) == 2
    err = capsys.readouterr().err
    assert "--public" in err and not seen


@pytest.mark.parametrize("address", ["8000", "127.0.0.1", "127.0.0.1:99999", "127.0.0.1:x", "", ":8000"])
def test_a_malformed_address_is_a_usage_error(project: Path, address: str, seen: dict[str, str],
                                              capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", "--content", "content", "--address", address]) == 2
    assert "--address" in capsys.readouterr().err and not seen


def test_public_prints_a_warning(project: Path, seen: dict[str, str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", "--content", "content", "--address", "0.0.0.0:8000", "--public"]) == 0
    assert seen["address"] == "0.0.0.0:8000"
    assert "警告" in capsys.readouterr().err
    assert main(["serve", "--content", "content", "--address", "localhost:8001"]) == 0
    assert main(["serve", "--content", "content", "--address", "[::1]:8002"]) == 0

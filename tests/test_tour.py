"""The README's five-minute tour, run as written in a new office: every ``xinfang`` command
it shows, its schedule edit and its case file, letters included (no sample office)."""

from __future__ import annotations

import re
import shlex
import textwrap
import zipfile
from pathlib import Path

import pytest

from generator.cli import main
from generator.letters.templates import shipped_files
from tests.conftest import REPO

TODAY = "2026-12-07"  # after the tour's case was accepted (2026-12-03)


def _tour() -> str:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    return readme[readme.index("## 五分钟上手"):readme.index("Commands take `--content DIR`")]


def _steps(tour: str) -> list[tuple[str, str, str]]:
    """("command", args, "") and ("yaml", block, target file) in the order the tour gives them."""
    steps = []
    for match in re.finditer(r"```yaml\n(.*?)```|`(xinfang [^`]+)`", tour, re.S):
        if match.group(1) is not None:
            before = tour[:match.start()]
            target = re.findall(r"`(content/[^`]+\.yaml)`", before)[-1]
            steps.append(("yaml", textwrap.dedent(match.group(1)), target))
        else:
            steps.append(("command", " ".join(match.group(2).split()), ""))
    return steps


def _docx_text(path: Path) -> str:
    with zipfile.ZipFile(path) as docx:
        xml = docx.read("word/document.xml").decode("utf-8")
    return "".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", xml))


def test_the_tour_runs_as_written_in_a_new_office(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("XINFANG_TODAY", TODAY)
    checkout = tmp_path / "checkout"  # the tour starts where the README's first command left us
    checkout.mkdir()
    monkeypatch.chdir(checkout)
    steps = _steps(_tour())
    first = re.search(r"1\. `xinfang (init [^`]+)`, then `cd (\S+)`", _tour())
    assert first and steps[0] == ("command", f"xinfang {first.group(1)}", "")
    assert main(shlex.split(first.group(1))) == 0
    office = (checkout / first.group(2)).resolve()
    assert office.parent == tmp_path  # beside the checkout, not inside it
    monkeypatch.chdir(office)
    ran: list[str] = []
    for kind, text, target in steps[1:]:
        if kind == "yaml":
            path = office / target
            existing = path.read_text(encoding="utf-8") if path.exists() else ""
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(existing + text, encoding="utf-8")
            continue
        args = shlex.split(text)[1:]
        if args[0] == "serve":  # runs until stopped; the site it serves is the one build writes
            continue
        capsys.readouterr()
        code = main(args)
        out, err = capsys.readouterr()
        assert code == 0, f"{text}: {err}"
        ran.append(args[0])
        if args[0] == "letter":
            letter = office / "letters/2026-0001-acceptance.docx"
            body = _docx_text(letter)
            assert "青信受〔2026〕1号" in body and "信访事项受理告知书" in body and "张某某" in body
            assert "2026年12月3日" in body and "青石县人力资源和社会保障局" in body
        if args[0] == "templates":
            assert "完全相同" in out
        if args[0] == "void":
            assert "已作废：青信受〔2026〕1号" in out
    assert {"check", "build", "letter", "deadlines", "ledger", "void", "register", "templates",
            "statistics"} <= set(ran)
    assert (office / "台账.xlsx").is_file() and (office / "site/index.html").is_file()
    cancelled = (office / "site/index.html").read_text(encoding="utf-8")
    assert "青石县信访局" in cancelled
    # the office's own templates are the shipped ones, every kind, with the places to edit marked
    written = {p.name: p.read_bytes() for p in (office / "letter_templates").iterdir()}
    assert written == shipped_files()
    for name, data in written.items():
        if name.endswith(".j2") and not name.startswith("_"):
            assert data.decode("utf-8").startswith("{# "), name

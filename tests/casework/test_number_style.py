"""文号 as the office writes its series: letters.number_style's brackets and zero padding, and
the register, ``void`` and the ledger reading every form as the same number."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook

from generator.casework.numbers import doc_number, parse_doc_number
from generator.cli import main
from generator.letters.templates import SHIPPED
from tests.conftest import REPO


@pytest.mark.parametrize(("brackets", "digits", "printed"), [
    ("〔〕", 0, "示信复〔2026〕1号"), ("[]", 2, "示信复[2026]01号"), ("()", 3, "示信复(2026)001号"),
])
def test_each_style_round_trips_through_letter_register_void_and_ledger(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        brackets: str, digits: int, printed: str) -> None:
    assert doc_number("示信复", 2026, 1, brackets, digits) == printed
    assert parse_doc_number(printed) == ("示信复", 2026, 1)
    shutil.copytree(REPO / "content", tmp_path / "content")
    shutil.copytree(SHIPPED, tmp_path / "letter_templates")
    (tmp_path / "content/register.tsv").unlink()
    office = tmp_path / "content/office.yaml"
    text = office.read_text(encoding="utf-8")
    office.write_text(text.replace("letters:\n", f"letters:\n  number_style:\n    brackets: \"{brackets}\"\n"
                                               f"    digits: {digits}\n", 1), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XINFANG_TODAY", "2026-11-24")
    assert main(["letter", "2026-0010", "reply"]) == 0, capsys.readouterr().err
    words = "".join(p.text for p in Document("letters/2026-0010-reply.docx").paragraphs)
    assert printed in words
    # the register keeps code, year and number; the ledger prints the office's form
    row = (tmp_path / "content/register.tsv").read_text(encoding="utf-8").splitlines()[-1].split("\t")
    assert row[:5] == ["示信复", "2026", "1", "2026-0010", "reply"]
    assert main(["ledger", "-o", str(tmp_path / "ledger.xlsx")]) == 0
    sheet = load_workbook(tmp_path / "ledger.xlsx")["信访事项台账"]
    assert any(cell.value == f"reply {printed}" for row_ in sheet.iter_rows() for cell in row_)
    # void reads the printed form (and any other) as the same number; the next letter takes 2
    assert main(["void", printed, "--reason", "错发"]) == 0
    assert main(["letter", "2026-0010", "reply"]) == 0
    again = "".join(p.text for p in Document("letters/2026-0010-reply.docx").paragraphs)
    assert doc_number("示信复", 2026, 2, brackets, digits) in again

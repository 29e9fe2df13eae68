"""``--pdf`` converts with LibreOffice (installed by scripts/test.sh)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from generator.cli import main
from tests.conftest import REPO


@pytest.mark.slow
def test_letter_command_writes_a_docx_and_a_pdf(tmp_path: Path) -> None:
    if shutil.which("soffice") is None:
        pytest.fail("LibreOffice is not installed: run `bash scripts/test.sh`, which installs it")
    shutil.copytree(REPO / "content", tmp_path / "content")
    shutil.copytree(REPO / "letter_templates", tmp_path / "letter_templates")
    output = tmp_path / "out/reply.docx"
    assert main(["letter", "2026-0003", "reply", "--content", str(tmp_path / "content"), "-o", str(output),
                 "--pdf"]) == 0
    pdf = output.with_suffix(".pdf")
    assert pdf.read_bytes().startswith(b"%PDF")
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"Page size:\s+595\.\d+ x 841\.\d+ pts", info)  # A4 in points

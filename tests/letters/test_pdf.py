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


def _red_rows(pdf: Path, dpi: int) -> tuple[list[tuple[int, int, int]], int]:
    """(row, first red column, last red column) of every row with red ink on page 1, and
    the page height in pixels, from pdftoppm's binary PPM."""
    raw = subprocess.run(["pdftoppm", "-r", str(dpi), "-f", "1", "-l", "1", str(pdf)], capture_output=True,
                         check=True).stdout
    _, size, _, pixels = raw.split(b"\n", 3)
    width, height = map(int, size.split())
    rows = []
    for y in range(height):
        line = pixels[y * width * 3:(y + 1) * width * 3]
        red = [x for x in range(width) if line[3 * x] > 150 and line[3 * x + 1] < 90 and line[3 * x + 2] < 90]
        if red:
            rows.append((y, red[0], red[-1]))
    return rows, height


@pytest.mark.slow
def test_a_han_is_laid_out_in_the_letter_format_as_printed(tmp_path: Path) -> None:
    """GB/T 9704 10.1, measured on LibreOffice's PDF: the mark's top edge 30 mm from the top,
    a red double line 4 mm under it and one 20 mm above the bottom, both 170 mm long."""
    shutil.copytree(REPO / "content", tmp_path / "content")
    shutil.copytree(REPO / "letter_templates", tmp_path / "letter_templates")
    output = tmp_path / "out/reminder.docx"
    assert main(["letter", "2026-0006", "reminder", "--content", str(tmp_path / "content"), "-o", str(output),
                 "--pdf"]) == 0
    dpi = 200
    rows, height = _red_rows(output.with_suffix(".pdf"), dpi)
    mm = 25.4 / dpi
    lines = [(y, a, b) for y, a, b in rows if (b - a) * mm > 150]
    mark = [y for y, a, b in rows if (b - a) * mm <= 150]
    upper = [y for y, _, _ in lines if y < height / 2]
    lower = [y for y, _, _ in lines if y > height / 2]
    assert abs(mark[0] * mm - 30) <= 1
    assert abs((upper[0] - mark[-1]) * mm - 4) <= 1
    assert abs((height - lower[-1]) * mm - 20) <= 1
    assert all(abs((b - a) * mm - 170) <= 1 for _, a, b in lines)

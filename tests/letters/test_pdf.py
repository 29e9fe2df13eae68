"""``--pdf`` converts with LibreOffice (installed by scripts/test.sh)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from generator.cli import main
from generator.letters.document import Block, BlockKind, Fonts, LetterDocument
from generator.letters.layout import render_document
from generator.letters.render import convert_to_pdf
from generator.letters.templates import SHIPPED
from tests.conftest import REPO


@pytest.mark.slow
def test_letter_command_writes_a_docx_and_a_pdf(tmp_path: Path) -> None:
    if shutil.which("soffice") is None:
        pytest.fail("LibreOffice is not installed: run `bash scripts/test.sh`, which installs it")
    shutil.copytree(REPO / "content", tmp_path / "content")
    shutil.copytree(SHIPPED, tmp_path / "letter_templates")
    output = tmp_path / "out/reply.docx"
    assert main(["letter", "2026-0003", "reply", "--content", str(tmp_path / "content"), "-o", str(output),
                 "--pdf"]) == 0
    pdf = output.with_suffix(".pdf")
    assert pdf.read_bytes().startswith(b"%PDF")
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"Page size:\s+595\.\d+ x 841\.\d+ pts", info)  # A4 in points


def _red_rows(pdf: Path, dpi: int, *, dark: bool = False) -> tuple[list, int]:  # type: ignore[type-arg]
    """(row, first column, last column) of every row with red ink on page 1 (with ``dark``,
    also rows with black ink, each tagged "red" or "dark"), and the page height in pixels,
    read from pdftoppm's binary PPM."""
    raw = subprocess.run(["pdftoppm", "-r", str(dpi), "-f", "1", "-l", "1", str(pdf)], capture_output=True,
                         check=True).stdout
    _, size, _, pixels = raw.split(b"\n", 3)
    width, height = map(int, size.split())
    rows: list = []  # type: ignore[type-arg]
    for y in range(height):
        line = pixels[y * width * 3:(y + 1) * width * 3]
        red = [x for x in range(width) if line[3 * x] > 150 and line[3 * x + 1] < 90 and line[3 * x + 2] < 90]
        if red:
            rows.append((y, red[0], red[-1], "red") if dark else (y, red[0], red[-1]))
        elif dark and any(max(line[3 * x:3 * x + 3]) < 100 for x in range(width)):
            rows.append((y, 0, 0, "dark"))
    return rows, height


@pytest.mark.slow
def test_a_han_is_laid_out_in_the_letter_format_as_printed(tmp_path: Path) -> None:
    """GB/T 9704 10.1, measured on LibreOffice's PDF: the mark's top edge 30 mm from the top,
    a red double line 4 mm under it and one 20 mm above the bottom, both 170 mm long."""
    shutil.copytree(REPO / "content", tmp_path / "content")
    shutil.copytree(SHIPPED, tmp_path / "letter_templates")
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


@pytest.mark.slow
def test_a_document_masthead_is_laid_out_as_printed(tmp_path: Path) -> None:
    """GB/T 9704 7.2.4 and 7.2.7 on LibreOffice's PDF: the mark's top edge 35 mm below the
    type area's top (37 + 35 mm from the page's), the red rule 4 mm under the number."""
    letter = LetterDocument(doc_number="示信〔2026〕3号", title="关于测试的通知", recipient="各单位",
                            issuer_mark="示例市信访局文件", body=(Block(kind=BlockKind.PARAGRAPH, text="正文。"),),
                            signature="示例市信访局", date_text="2026年11月24日")
    docx = tmp_path / "masthead.docx"
    docx.write_bytes(render_document(letter, Fonts()))
    (pdf,) = convert_to_pdf([docx])
    dpi = 200
    rows, _ = _red_rows(pdf, dpi, dark=True)
    mm = 25.4 / dpi
    red = [(y, a, b) for y, a, b, colour in rows if colour == "red"]
    rule = [(y, a, b) for y, a, b in red if (b - a) * mm > 150]
    mark = [y for y, a, b in red if (b - a) * mm <= 150 and y < rule[0][0]]
    number = [y for y, _, _, colour in rows if colour == "dark" and mark[-1] < y < rule[0][0]]
    assert abs(mark[0] * mm - 72) <= 1
    assert abs((rule[0][0] - number[-1]) * mm - 4) <= 1
    assert abs((rule[0][2] - rule[0][1]) * mm - 156) <= 1

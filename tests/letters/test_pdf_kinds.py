"""Every kind the sample asks for — the two refusals of a late 复查/复核 request included —
converted by LibreOffice and measured on page 1 of the PDF (GB/T 9704-2012): the type area
28 mm from the left and 26 mm from the right edge (156 mm wide), the title's lines centred
in it, one grid line apart, broken at words; the 文号 at the type area's right edge (centred
under a 版头)."""

from __future__ import annotations

import datetime as dt
import itertools
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from docx import Document
from docx.shared import Pt

from generator.letters.render import render_case_letters
from generator.letters.templates import SHIPPED
from generator.model.kinds import LetterKind
from generator.pipeline import prepare
from tests.conftest import REPO

MM = 72 / 25.4  # points per millimetre
LEFT, RIGHT = 28 * MM, (210 - 26) * MM
CENTRE = (LEFT + RIGHT) / 2
GRID = 28.95  # the document grid's line, in points (579 twips)


@dataclass(frozen=True)
class Line:
    text: str
    x0: float
    x1: float
    y0: float


def page_one(pdf: Path) -> list[Line]:
    xml = subprocess.run(["pdftotext", "-f", "1", "-l", "1", "-bbox-layout", str(pdf), "-"],
                         capture_output=True, text=True, check=True).stdout
    lines = []
    for block in re.findall(r"<line (.*?)</line>", xml, re.S):
        box = dict(re.findall(r'(\w+)="([\d.]+)"', block.split(">", 1)[0]))
        words = re.findall(r"<word [^>]*>(.*?)</word>", block)
        lines.append(Line("".join(words), float(box["xMin"]), float(box["xMax"]), float(box["yMin"])))
    return lines


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[LetterKind, tuple[Path, Path]]:
    if shutil.which("soffice") is None:
        pytest.fail("LibreOffice is not installed: run `bash scripts/test.sh`, which installs it")
    root = tmp_path_factory.mktemp("office")
    shutil.copytree(REPO / "content", root / "content")
    shutil.copytree(SHIPPED, root / "letter_templates")
    (root / "content/register.tsv").unlink()
    written = render_case_letters(prepare(root / "content"), root / "letters", pdf=True,
                                  today=dt.date(2026, 11, 24))
    result: dict[LetterKind, tuple[Path, Path]] = {}
    for path in written:
        if path.suffix == ".pdf":
            kind = LetterKind(path.stem.split("-", 2)[2])
            result.setdefault(kind, (path.with_suffix(".docx"), path))
    return result


def title_lines(docx: Path) -> list[str]:
    return [p.text for p in Document(str(docx)).paragraphs
            if p.runs and p.runs[0].font.size == Pt(22)]


@pytest.mark.slow
@pytest.mark.parametrize("kind", list(LetterKind), ids=[k.value for k in LetterKind])
def test_each_kind_is_laid_out_to_the_standard(pdfs: dict[LetterKind, tuple[Path, Path]],
                                               kind: LetterKind) -> None:
    docx, pdf = pdfs[kind]
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"Page size:\s+595\.\d+ x 841\.\d+ pts", info)
    lines = page_one(pdf)
    # the type area: nothing printed left of 28 mm or right of 184 mm
    assert min(line.x0 for line in lines) >= LEFT - 1
    assert max(line.x1 for line in lines) <= RIGHT + 1
    assert any(abs(line.x0 - LEFT) <= 1 for line in lines)  # the 主送 line starts at the left edge
    # the title: its lines as the breaker chose them, centred, one grid line apart
    expected = title_lines(docx)
    assert expected and all(len(t) <= 20 for t in expected)
    printed = [line for text in expected for line in lines if line.text == text]
    assert [line.text for line in printed] == expected
    for line in printed:
        assert abs((line.x0 + line.x1) / 2 - CENTRE) <= 1.5, line
    for upper, lower in itertools.pairwise(printed):
        assert abs(lower.y0 - upper.y0 - GRID) <= 1
        assert not lower.text.startswith(("的", "和", "与"))
    # the 文号
    (number,) = [line for line in lines if re.fullmatch(r"\S+〔2026〕[1-9]\d*号", line.text)]
    if kind is LetterKind.ASSIGNMENT:  # under a 版头: centred (7.2.5)
        assert abs((number.x0 + number.x1) / 2 - CENTRE) <= 1.5
    else:
        assert abs(number.x1 - RIGHT) <= 1.5
    assert number.y0 < printed[0].y0


@pytest.mark.slow
def test_a_long_reminder_title_breaks_into_balanced_lines(pdfs: dict[LetterKind, tuple[Path, Path]]) -> None:
    """The issue's example: "关于示例市教育局办理信访事项期限即将届满 / 的提示函" left a lone 的."""
    docx, pdf = pdfs[LetterKind.REMINDER]
    assert title_lines(docx) == ["关于示例市教育局办理", "信访事项期限即将届满的提示函"]
    widths = [line.x1 - line.x0 for line in page_one(pdf) if line.text in title_lines(docx)]
    assert min(widths) / max(widths) > 0.6

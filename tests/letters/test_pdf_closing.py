"""GB/T 9704 7.3.5: the closing block (the body's last paragraph, 附件说明, 署名, 成文日期,
the seal's space, 附注, 版记) stays together and with body text, in every kind and at every
length, read from LibreOffice's PDF by the text's positions.

Each sample letter is lengthened one line at a time (one-line paragraphs inserted before
its last body paragraph) from one page, through the length where the closing block used to
fall alone onto page 2, to two and three pages."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.casework.letter_specs import issue_date
from generator.casework.register import Entry
from generator.letters.document import Block, BlockKind, Fonts, LetterDocument
from generator.letters.layout import render_document
from generator.letters.render import convert_to_pdf, letter_document
from generator.model.kinds import LetterKind
from generator.pipeline import prepare
from tests.conftest import REPO

LENGTHS = [*((False, count) for count in range(24)), *((True, count) for count in (0, 12, 24, 36))]
"""(whole body, one-line paragraphs added): the letter cut to its last body paragraph,
lengthened a line at a time from one page past the turn of page 2 (a page holds 22 lines),
so the exact length where the block used to fall is among them; then the whole letter
lengthened to two, three and four pages."""


@dataclasses.dataclass(frozen=True)
class Printed:
    page: int
    y: float
    text: str


def printed_lines(pdf: Path) -> Iterator[Printed]:
    xml = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True, text=True,
                         check=True).stdout
    for number, page in enumerate(re.findall(r"<page .*?</page>", xml, re.S), start=1):
        for block in re.findall(r"<line (.*?)</line>", page, re.S):
            box = dict(re.findall(r'(\w+)="([\d.]+)"', block.split(">", 1)[0]))
            text = "".join(re.findall(r"<word [^>]*>(.*?)</word>", block))
            yield Printed(number, float(box["yMin"]), text.replace("&amp;", "&"))


def samples() -> dict[LetterKind, LetterDocument]:
    """Every kind's letter as the sample office's templates write it."""
    prepared = prepare(REPO / "content")
    today = dt.date(2026, 11, 24)
    result: dict[LetterKind, LetterDocument] = {}
    for case in prepared.content.cases.values():
        for kind in case.letters:
            if kind not in result:
                issued = issue_date(case, kind, today)
                entry = Entry(code="示信", year=issued.year, number=8, case=case.id, kind=kind.value, issued=issued)
                result[kind] = letter_document(prepared, case, kind, entry)
    assert set(result) == set(LetterKind)
    return result


def lengthened(letter: LetterDocument, whole: bool, count: int) -> LetterDocument:
    fillers = tuple(Block(kind=BlockKind.PARAGRAPH, text=f"补充正文第{index + 1}段。") for index in range(count))
    before = letter.body[:-1] if whole else ()
    return dataclasses.replace(letter, body=before + fillers + letter.body[-1:])


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[LetterKind, bool, int], tuple[LetterDocument, Path]]:
    if shutil.which("soffice") is None:
        pytest.fail("LibreOffice is not installed: run `bash scripts/test.sh`, which installs it")
    folder = tmp_path_factory.mktemp("closing")
    made: dict[tuple[LetterKind, bool, int], tuple[LetterDocument, Path]] = {}
    for kind, letter in samples().items():
        for whole, count in LENGTHS:
            longer = lengthened(letter, whole, count)
            path = folder / kind.value / f"{'whole' if whole else 'cut'}-{count:02d}.docx"
            path.parent.mkdir(exist_ok=True)
            path.write_bytes(render_document(longer, Fonts()))
            made[(kind, whole, count)] = (longer, path)
        # one LibreOffice run per kind: a single run stopped writing PDFs after ~250 documents
        convert_to_pdf([path for (done, _, _), (_, path) in made.items() if done is kind], Fonts())
    return {key: (letter, path.with_suffix(".pdf")) for key, (letter, path) in made.items()}


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def pages_checked(letter: LetterDocument, pdf: Path, where: str) -> int:
    """The PDF's page count, once the closing block is found where the standard wants it."""
    lines = list(printed_lines(pdf))
    pages = max(line.page for line in lines)
    signature = [line for line in lines if squeeze(line.text) == squeeze(letter.signature)][-1]
    date = [line for line in lines if squeeze(line.text) == squeeze(letter.date_text)][-1]
    body = "".join(squeeze(block.text) for block in letter.body)
    head = {squeeze(letter.title), squeeze(letter.doc_number or ""), squeeze(letter.issuer_mark or "")}
    # a line of body text: part of a body paragraph, printed before the 署名
    body_pages = {line.page for line in lines
                  if len(squeeze(line.text)) >= 2 and squeeze(line.text) in body and squeeze(line.text) not in head
                  and (line.page, line.y) < (signature.page, signature.y)}
    where = f"{where} ({pages} pages)"
    assert signature.page == date.page and signature.y < date.y, where
    assert signature.page in body_pages, where
    assert body_pages == set(range(1, pages + 1)), where
    # 附注 right under the date, 版记 on the page the block ends on
    record = (*(f"抄送：{name}" for name in letter.cc[:1]), letter.printer or "")
    for text in (letter.note or "", *record):
        if text:
            found = [line for line in lines if squeeze(text)[:6] in squeeze(line.text)]
            assert found and found[-1].page == date.page and found[-1].y > date.y, where
    return pages


@pytest.mark.slow
@pytest.mark.parametrize("kind", list(LetterKind), ids=[k.value for k in LetterKind])
def test_the_closing_block_stays_with_the_body_at_every_length(
        pdfs: dict[tuple[LetterKind, bool, int], tuple[LetterDocument, Path]], kind: LetterKind) -> None:
    page_counts = []
    for whole, count in LENGTHS:
        letter, pdf = pdfs[(kind, whole, count)]
        page_counts.append(pages_checked(letter, pdf, f"{kind.value} ({'whole' if whole else 'cut'}) + {count} lines"))
    # the lengths covered one, two and three pages, and every length in between
    assert page_counts[0] == 1 and 2 in page_counts and 3 in page_counts

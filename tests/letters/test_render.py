"""Every letter the sample cases ask for, reopened with python-docx and checked against
GB/T 9704-2012 and against what the procedure says each kind must contain."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from generator.calendar.deadlines import case_deadlines
from generator.letters.filters import cn_date
from generator.letters.render import render_case_letters
from generator.letters.templates import SHIPPED
from generator.model.kinds import LetterKind
from generator.pipeline import Prepared, prepare
from tests.conftest import REPO

TODAY = dt.date(2026, 11, 24)
NUMBER = re.compile(r"\S+〔(\d{4})〕([1-9]\d*)号")
DATE = re.compile(r"(\d{4})年([1-9]\d?)月([1-9]\d?)日")


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> tuple[Prepared, dict[tuple[str, str], Path]]:
    content = tmp_path_factory.mktemp("content")
    import shutil

    shutil.copytree(REPO / "content", content, dirs_exist_ok=True)
    (content / "register.tsv").unlink(missing_ok=True)
    shutil.copytree(SHIPPED, content.parent / "letter_templates", dirs_exist_ok=True)
    prepared = prepare(content)
    out = tmp_path_factory.mktemp("letters")
    paths = render_case_letters(prepared, out, today=TODAY)
    letters = {}
    for path in paths:
        case_id, kind = path.stem.rsplit("-", 1)
        letters[(case_id, kind)] = path
    return prepared, letters


def east_asian(run) -> str | None:  # type: ignore[no-untyped-def]
    fonts = run._element.rPr.find(qn("w:rFonts")) if run._element.rPr is not None else None
    return fonts.get(qn("w:eastAsia")) if fonts is not None else None


def size(run, paragraph):  # type: ignore[no-untyped-def]
    return run.font.size or paragraph.style.font.size


def test_the_sample_cases_ask_for_every_kind(rendered) -> None:  # type: ignore[no-untyped-def]
    _, letters = rendered
    assert {kind for _, kind in letters} == {k.value for k in LetterKind}


def test_page_margins_and_grid(rendered) -> None:  # type: ignore[no-untyped-def]
    _, letters = rendered
    for path in letters.values():
        section = Document(str(path)).sections[0]
        for measured, expected in ((section.page_width, 210), (section.page_height, 297),
                                   (section.top_margin, 37), (section.left_margin, 28),
                                   (section.right_margin, 26), (section.bottom_margin, 35)):
            assert abs(measured - Mm(expected)) <= Mm(0.5), (path.name, measured.mm, expected)
        grid = section._sectPr.find(qn("w:docGrid"))
        assert grid is not None and grid.get(qn("w:type")) == "lines" and grid.get(qn("w:linePitch")) == "579"


def test_title_and_body_fonts(rendered) -> None:  # type: ignore[no-untyped-def]
    prepared, letters = rendered
    fonts = prepared.content.office.letters.fonts
    for path in letters.values():
        document = Document(str(path))
        titles = [(r, p) for p in document.paragraphs for r in p.runs if r.text.strip() and size(r, p) == Pt(22)]
        assert titles, f"{path.name}: no 二号 title"
        assert all(east_asian(r) == fonts.title for r, _ in titles), path.name
        body = [(r, p) for p in document.paragraphs for r in p.runs
                if r.text.strip() and size(r, p) == Pt(16) and not r.bold]
        assert body, f"{path.name}: no 三号 body text"
        assert {east_asian(r) for r, _ in body} <= {fonts.body, fonts.heading1, fonts.heading2}
        assert any(east_asian(r) == fonts.body for r, _ in body)


def test_number_and_dates(rendered) -> None:  # type: ignore[no-untyped-def]
    _, letters = rendered
    seen: set[str] = set()
    for path in letters.values():
        text = "\n".join(p.text for p in Document(str(path)).paragraphs)
        number = NUMBER.search(text)
        assert number, path.name
        assert number.group(0) not in seen, f"duplicate number {number.group(0)}"
        seen.add(number.group(0))
        assert DATE.search(text), path.name
        assert not re.search(r"年0\d月|月0\d日", text), path.name


def test_footer_has_a_page_field_between_dashes(rendered) -> None:  # type: ignore[no-untyped-def]
    _, letters = rendered
    for path in letters.values():
        section = Document(str(path)).sections[0]
        xml = section.footer._element.xml + section.even_page_footer._element.xml
        assert "PAGE" in xml and "—" in xml, path.name
        settings = Document(str(path)).settings.element
        assert settings.find(qn("w:evenAndOddHeaders")) is not None


WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
EMU_PER_MM = 36000


def test_letter_format_for_the_three_kinds_of_han(rendered) -> None:  # type: ignore[no-untyped-def]
    _, letters = rendered
    for (_, kind), path in letters.items():
        section = Document(str(path)).sections[0]
        han = kind in {"reminder", "supervision", "accountability"}  # 提示函、督办函、建议函
        assert section.different_first_page_header_footer == han, path.name
        if han:
            # 10.1: a red double line (thin over thick) 20 mm above the page's bottom, 170 mm long
            footer = section.first_page_footer._element
            lines = []
            for anchor in footer.iter(f"{{{WP}}}anchor"):
                vertical = anchor.find(f"{{{WP}}}positionV")
                outline = next(anchor.iter(f"{{{A}}}ln"))
                assert vertical.get("relativeFrom") == "page"
                top = int(vertical.find(f"{{{WP}}}posOffset").text) / EMU_PER_MM
                weight = int(outline.get("w")) / EMU_PER_MM
                length = int(anchor.find(f"{{{WP}}}extent").get("cx")) / EMU_PER_MM
                lines.append((top, weight, length))
            assert len(lines) == 2, path.name
            (thin_top, thin, _), (thick_top, thick, length) = sorted(lines)
            assert thin < thick and 0 < thick_top - thin_top < 2 and abs(length - 170) < 0.5  # one double line
            assert abs(297 - (thick_top + thick / 2) - 20) < 0.5, path.name


def test_reply_carries_request_facts_basis_opinion_and_rights(rendered) -> None:  # type: ignore[no-untyped-def]
    prepared, letters = rendered
    authority = prepared.content.office.letters.review_authority
    replies = [(c, p) for (c, k), p in letters.items() if k == "reply"]
    assert replies
    for case_id, path in replies:
        case = prepared.content.cases[case_id]
        text = "".join(p.text for p in Document(str(path)).paragraphs)
        for opinion in case.opinions:
            assert opinion.request in text and opinion.decision.label in text
        for fact in case.facts:
            assert fact in text
        for law in case.basis:
            assert f"《{law.law}》" in text
        assert re.search(rf"自收到本意见书之日起30日内(（即[^）]+前）)?，向{re.escape(authority)}.*复查", text)
        assert cn_date(case.replied) in text
        assert case.petitioner.name in text
    # 2026-0013 asks for the date: delivered 2026-05-22 + 30 days = 06-21, a Sunday in the
    # 端午 holiday (06-19..06-21), so the window runs to Monday 2026-06-22
    text = "".join(p.text for p in Document(str(letters[("2026-0013", "reply")])).paragraphs)
    assert "自收到本意见书之日起30日内（即2026年6月22日前），向示例市人民政府书面提出复查请求" in text


def test_acceptance_states_the_computed_handling_deadline(rendered) -> None:  # type: ignore[no-untyped-def]
    prepared, letters = rendered
    for (case_id, kind), path in letters.items():
        if kind != "acceptance":
            continue
        case = prepared.content.cases[case_id]
        handle = next(d for d in case_deadlines(case, prepared.calendar, prepared.content.office)
                      if d.limit.key in ("handle", "simple_answer"))
        text = "".join(p.text for p in Document(str(path)).paragraphs)
        assert cn_date(handle.due) in text or case.simple


def test_supervision_letters_do_not_name_the_petitioner(rendered) -> None:  # type: ignore[no-untyped-def]
    prepared, letters = rendered
    for (case_id, kind), path in letters.items():
        if kind in {"reminder", "supervision", "accountability", "assignment"}:  # to the handling unit
            text = "".join(p.text for p in Document(str(path)).paragraphs)
            name = prepared.content.cases[case_id].petitioner.name
            assert name not in text, f"{path.name} names the petitioner"


def test_rendering_again_reuses_the_numbers(rendered, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    prepared, letters = rendered
    again = render_case_letters(prepared, tmp_path, today=TODAY)
    for path in again:
        first = letters[tuple(path.stem.rsplit("-", 1))]  # type: ignore[index]
        number = NUMBER.search("".join(p.text for p in Document(str(path)).paragraphs))
        original = NUMBER.search("".join(p.text for p in Document(str(first)).paragraphs))
        assert number and original and number.group(0) == original.group(0)


def test_a_repeat_after_recheck_gets_the_no_longer_accepted_wording(rendered) -> None:  # type: ignore[no-untyped-def]
    prepared, letters = rendered
    repeats = {case_id: earlier for case_id, earlier in prepared.repeats.items()
               if prepared.content.cases[earlier].recheck and (case_id, "rejection") in letters}
    assert repeats, "the sample has a rejected repeat of a rechecked case"
    for case_id in repeats:
        text = "".join(p.text for p in Document(str(letters[(case_id, "rejection")])).paragraphs)
        assert "第三十六条第三款" in text and "不再受理" in text

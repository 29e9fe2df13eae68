"""The regulation in force on a letter's date: 《信访条例》 (国务院令第431号) from 2005-05-01,
《信访工作条例》 from 2022-05-01.  Article numbers written here by hand from the two texts:
2005 — 办理 第三十三条, 复查 第三十四条, 复核 第三十五条 (不再受理 第三十五条第三款);
2022 — 办理 第三十四条, 复查 第三十五条, 复核 第三十六条 (不再受理 第三十六条第三款).
Holidays by hand: 2011 劳动节 04-30..05-02; 2021 春节 02-11..02-17, 清明 04-03..04-05."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest
from docx import Document

from generator.cli import main
from generator.letters.templates import SHIPPED
from generator.pipeline import prepare
from generator.site.pages.documents import process_page
from generator.site.parts.data import SiteData
from tests.conftest import REPO


@pytest.fixture
def office(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(REPO / "content", tmp_path / "content")
    shutil.copytree(SHIPPED, tmp_path / "letter_templates")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XINFANG_TODAY", "2026-11-24")
    return tmp_path


def dated_case(office: Path, case_id: str, received: str, accepted: str, replied: str, delivered: str) -> None:
    """A copy of sample case 2026-0010 (a supported request, answered) on other dates."""
    text = (office / "content/cases/2026-0010.yaml").read_text(encoding="utf-8")
    text = text.split("publish:")[0]
    for field, value in (("id", case_id), ("received", received), ("accepted", accepted), ("replied", replied),
                         ("reply_delivered", delivered), ("closed", delivered), ("evaluated", delivered)):
        text = re.sub(rf"(?m)^{field}: .*$", f"{field}: {value}", text)
    text = text.replace("letters: [reply]", "letters: [acceptance, reply]")
    (office / f"content/cases/{case_id}.yaml").write_text(text, encoding="utf-8")


def letter_text(capsys: pytest.CaptureFixture[str], case_id: str, kind: str) -> str:
    assert main(["letter", case_id, kind, "-o", f"out/{case_id}-{kind}.docx"]) == 0, capsys.readouterr().err
    return "".join(p.text for p in Document(f"out/{case_id}-{kind}.docx").paragraphs)


def test_a_2011_reply_cites_the_2005_regulation(office: Path, capsys: pytest.CaptureFixture[str]) -> None:
    dated_case(office, "2011-0001", "2011-03-01", "2011-03-03", "2011-04-20", "2011-04-22")
    reply = letter_text(capsys, "2011-0001", "reply")
    assert "可依照《信访条例》第三十四条的规定，自收到本意见书之日起30日内" in reply
    assert "信访工作条例" not in reply
    acceptance = letter_text(capsys, "2011-0001", "acceptance")
    # 03-03 + 60 days = 05-02, the last day of 劳动节: the Tuesday after
    assert "依照《信访条例》第三十三条，该事项应自受理之日起60日内办结，即2011年5月3日前" in acceptance
    assert "信访工作条例" not in acceptance


def test_a_2023_reply_cites_the_2022_regulation(office: Path, capsys: pytest.CaptureFixture[str]) -> None:
    dated_case(office, "2023-0001", "2023-03-01", "2023-03-03", "2023-04-20", "2023-04-22")
    reply = letter_text(capsys, "2023-0001", "reply")
    assert "可依照《信访工作条例》第三十五条的规定" in reply
    assert "《信访条例》" not in reply


def test_a_case_across_the_change_is_warned_about_and_each_letter_cites_its_own_date(
        office: Path, capsys: pytest.CaptureFixture[str]) -> None:
    dated_case(office, "2022-0001", "2022-04-20", "2022-04-25", "2022-06-10", "2022-06-12")
    assert main(["check"]) == 0
    err = capsys.readouterr().err
    assert ("案件“2022-0001”2022年4月20日收到，办理跨越《信访工作条例》施行日（2022年5月1日）："
            "受理告知书（2022年4月25日）引用《信访条例》；信访处理意见书（2022年6月10日）引用《信访工作条例》") in err
    # 04-25 + 60 days = Friday 06-24 (端午 was 06-03..06-05): cited from the 2005 regulation then in force
    assert "依照《信访条例》第三十三条，该事项应自受理之日起60日内办结，即2022年6月24日前" in letter_text(
        capsys, "2022-0001", "acceptance")
    reply = letter_text(capsys, "2022-0001", "reply")
    assert "可依照《信访工作条例》第三十五条的规定" in reply and "《信访条例》" not in reply


def test_a_case_wholly_under_one_regulation_gets_no_such_warning(office: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    dated_case(office, "2011-0001", "2011-03-01", "2011-03-03", "2011-04-20", "2011-04-22")
    assert main(["check"]) == 0
    assert "办理跨越" not in capsys.readouterr().err


def test_the_process_page_before_2022_05_01_cites_the_2005_regulation() -> None:
    page = process_page(SiteData(prepare(REPO / "content"), dt.date(2021, 2, 1), None))
    assert "依照《信访条例》（国务院令第431号" in page
    assert "《信访条例》第三十三条" in page and "《信访条例》第三十四条" in page and "《信访条例》第三十五条" in page
    assert "信访工作条例" not in page
    assert "异议" not in page  # the objection to a transfer came with the 2022 regulation
    # the worked example: +15 days = 02-16, inside 春节 (02-11..02-17) -> 02-18; +60 days = Friday 04-02
    assert "<strong>2021年2月18日</strong>" in page and "<strong>2021年4月2日</strong>" in page
    later = process_page(SiteData(prepare(REPO / "content"), dt.date(2022, 5, 1), None))
    assert "依照《信访工作条例》" in later and "《信访工作条例》第二十三条第三款" in later


def test_no_module_but_the_regulations_table_spells_an_article_of_a_regulation() -> None:
    cited = re.compile(r"条例》?第[一二三四五六七八九十百]+条|第[一二三四五六七八九十百]+条第[一二三四五六七八九十]+款")
    offenders = []
    for path in [*(REPO / "generator").rglob("*.py"), *(SHIPPED).glob("*.j2")]:
        if path.name == "regulations.py":
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if cited.search(line):
                offenders.append(f"{path.relative_to(REPO)}:{number}: {line.strip()}")
    assert offenders == []

"""``xinfang report``: the 信访情况通报 read back from its .docx, every figure against the
totals worked out by hand from the YAML of tests/machinery.py (year 2026, as of 2026-12-01):

cases received in 2026: 0001 (来信, accepted 08-06, never answered: 超期未办结), 0002 (来访,
accepted 08-12, replied 09-20, closed 09-25), 0003 (来访, accepted 09-07, replied 10-15, closed
10-20), 0004 (来访, 11-02, not yet accepted).  So: 收到 4 (来信 1, 来访 3); 受理 3 of 4 = 75.0%;
办结 2 of the 3 handled = 66.7%; 按期办结 2 of 3 due = 66.7% (0001 late); 化解 2 of 2 closed =
100.0%; nobody has evaluated: 满意率 and 不满意率 —（0 / 0）.
承办单位: 住建局 (0002: on time 1 / 1 = 100.0%) ranks above 人社局 (0001 late, 0003 on time:
1 / 2 = 50.0%).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from docx import Document

from generator.cli import main
from generator.letters.render import convert_to_pdf
from tests.letters.test_pdf import _red_rows
from tests.machinery import RECORDS, machinery_office

ARGS = ["--today", "2026-12-01"]


@pytest.fixture
def office(tmp_path: Path) -> Path:
    return machinery_office(tmp_path)


def _report(office: Path, period: str, output: Path, *extra: str) -> int:
    return main(["report", period, "--content", str(office), "-o", str(output), *ARGS, *extra])


def _tables(path: Path) -> dict[str, list[list[str]]]:
    """Each table by the caption paragraph before it."""
    document = Document(str(path))
    body = document.element.body
    tables: dict[str, list[list[str]]] = {}
    caption = ""
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            text = "".join(t.text or "" for t in child.iter() if t.tag.endswith("}t"))
            if text.startswith("表"):
                caption = re.sub(r"^表\d+\s*", "", text)
        elif tag == "tbl":
            rows = []
            for tr in child.iter():
                if tr.tag.endswith("}tr"):
                    cells = []
                    for tc in tr:
                        if tc.tag.endswith("}tc"):
                            parts = []
                            for node in tc.iter():
                                if node.tag.endswith("}t"):
                                    parts.append(node.text or "")
                                elif node.tag.endswith("}br"):
                                    parts.append("\n")
                            cells.append("".join(parts))
                    rows.append(cells)
            tables[caption] = rows
    return tables


def _text(path: Path) -> str:
    return "\n".join(p.text for p in Document(str(path)).paragraphs)


def test_yearly_bulletin_figures(office: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    output = tmp_path / "通报.docx"
    assert _report(office, "2026", output) == 0
    assert "已生成：" in capsys.readouterr().out
    text = _text(output)
    assert "关于2026年全市信访情况的通报" in text
    assert "测信通〔2026〕1号" in text
    assert "各区信访局，市直各有关单位：" in text
    assert ("2026年，全市共登记信访事项4件（来信1件、来访3件），比上年同期增加4件。截至2026年12月1日，"
            "受理率75.0%（3 / 4），办结率66.7%（2 / 3），按期办结率66.7%（2 / 3），化解率100.0%（2 / 2），"
            "满意率—（0 / 0），不满意率—（0 / 0）。") in text
    tables = _tables(output)
    overall = {row[0]: row[1:] for row in tables["总体情况"]}
    assert overall["指标"] == ["本期（2026年）", "上年同期（2025年）"]
    assert overall["收到（件）"] == ["4", "0"]
    assert overall["其中来信"] == ["1", "0"] and overall["其中来访"] == ["3", "0"]
    assert overall["受理率"][0] == "75.0%\n（3 / 4）"
    assert overall["按期办结率"][0] == "66.7%\n（2 / 3）"
    assert overall["化解率"][0] == "100.0%\n（2 / 2）"
    departments = tables["各承办单位情况"]
    assert departments[0] == ["排名", "单位", "收到\n（件）", "受理率", "按期办结率", "化解率", "满意率"]
    assert [row[:3] for row in departments[1:]] == [
        ["1", "测试市住房和城乡建设局", "1"], ["2", "测试市人力资源和社会保障局", "3"]]
    assert departments[1][4] == "100.0%\n（1 / 1）" and departments[2][4] == "50.0%\n（1 / 2）"
    assert "按按期办结率排名" in text and "测试市住房和城乡建设局居首，测试市人力资源和社会保障局居末" in text
    assert [row[:3] for row in tables["各区县情况"][1:]] == [["1", "东区", "4"]]
    overdue = tables["超期和未按期答复事项"]
    assert [row[:4] for row in overdue[1:]] == [["测试市人力资源和社会保障局", "2026-0001", "社会保险", "超期未办结"]]
    assert int(overdue[1][4]) > 0
    # 积案 as of 2026-12-01: 第一批 2 listed, 1 struck off, 0001 overdue; 第二批 1 and 1
    by_batch = {row[0]: row[1:] for row in tables["积案化解进展（按批次）"][1:]}
    assert by_batch == {"第一批": ["2", "1", "50.0%\n（1 / 2）", "1"], "第二批": ["1", "1", "100.0%\n（1 / 1）", "0"],
                        "合计": ["3", "2", "66.7%\n（2 / 3）", "1"]}
    by_lead = {row[0]: row[1:3] for row in tables["积案化解进展（按包案领导）"][1:]}
    assert by_lead == {"王乙（副市长）": ["2", "1"], "赵丙（副市长）": ["1", "1"], "合计": ["3", "2"]}
    receptions = {row[0]: row[1:] for row in tables["领导接访情况"][1:]}
    assert receptions == {"市级领导": ["3", "12", "16", "13", "6", "1"], "区县领导": ["3", "7", "7", "7", "6", "0"],
                          "其中主要领导": ["1", "6", "8", "6", "3", "0"], "合计": ["6", "19", "23", "20", "12", "1"]}
    assert ("2026年，各级领导接访6场，接待来访群众19批次23人次，登记事项20件，当场化解12件；"
            "其中主要领导接访6批次8人次；另有1场接访因故未举行。") in text


def test_no_petitioner_data_and_headers_repeat(office: Path, tmp_path: Path) -> None:
    output = tmp_path / "通报.docx"
    assert _report(office, "2026", output) == 0
    with zipfile.ZipFile(output) as package:
        xml = package.read("word/document.xml").decode("utf-8")
    for private in ("张三丰", "甲某某", "乙某某", "丙某某", "19900001234", "19900002222", "幸福村"):
        assert private not in xml
    tables = re.findall(r"<w:tbl>.*?</w:tbl>", xml, flags=re.S)
    assert tables
    for table in tables:
        first_row = re.search(r"<w:tr[ >].*?</w:tr>", table, flags=re.S)
        assert first_row and "<w:tblHeader/>" in first_row.group(0)


def test_numbered_in_its_own_series(office: Path, tmp_path: Path) -> None:
    assert _report(office, "2026-09", tmp_path / "a.docx") == 0
    assert _report(office, "2026-10", tmp_path / "b.docx") == 0
    assert _report(office, "2026-09", tmp_path / "c.docx") == 0  # the same 通报 again: the same number
    assert "测信通〔2026〕1号" in _text(tmp_path / "a.docx")
    assert "测信通〔2026〕2号" in _text(tmp_path / "b.docx")
    assert "测信通〔2026〕1号" in _text(tmp_path / "c.docx")
    register = (office / "register.tsv").read_text(encoding="utf-8")
    assert "测信通\t2026\t1\treport-2026-09\treport" in register
    assert "测信通\t2026\t2\treport-2026-10\treport" in register


def test_closing_text_and_quarter(office: Path, tmp_path: Path) -> None:
    closing = tmp_path / "要求.txt"
    closing.write_bytes("六、下一步工作要求\n（一）各单位要对照通报逐项整改。\n\n请于12月10日前报送整改情况。\n".encode("gb18030"))
    output = tmp_path / "q.docx"
    assert _report(office, "2026-q3", output, "--text", str(closing)) == 0
    text = _text(output)
    assert "关于2026年第三季度全市信访情况的通报" in text
    assert "六、下一步工作要求\n（一）各单位要对照通报逐项整改。\n请于12月10日前报送整改情况。" in text
    # a quarter compares with the previous quarter and the same quarter last year
    assert _tables(output)["总体情况"][0] == ["指标", "本期（2026年第三季度）", "上期（2026年第二季度）",
                                           "上年同期（2025年第三季度）"]


def test_sections_without_content_are_left_out(office: Path, tmp_path: Path) -> None:
    (office / "schedule" / "records-2026-09.yaml").unlink()
    output = tmp_path / "n.docx"
    assert _report(office, "2026", output) == 0
    text = _text(output)
    assert "领导接访情况" not in text and "四、积案化解进展" in text
    assert RECORDS  # the fixture's records are the ones removed here


@pytest.mark.parametrize(("argv", "code", "message"), [
    (["report", "2026-13"], 2, "统计期“2026-13”无法识别"),
    (["report", "2026", "--text", "/nonexistent.txt"], 2, "--text 文件“/nonexistent.txt”不存在"),
])
def test_misuse(office: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str], code: int,
                message: str) -> None:
    assert main([*argv, "--content", str(office), "-o", str(tmp_path / "x.docx")]) == code
    assert message in capsys.readouterr().err
    assert not (tmp_path / "x.docx").exists()


def test_refuses_to_write_into_the_content(office: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _report(office, "2026", office / "通报.docx") == 2
    assert not (office / "通报.docx").exists()
    assert capsys.readouterr().err


@pytest.mark.slow
def test_bulletin_pdf_masthead_as_printed(office: Path, tmp_path: Path) -> None:
    """GB/T 9704 7.2.4 / 7.2.7 measured on LibreOffice's PDF, as for letters: the mark's top
    edge 72 mm from the page's top, the red rule 156 mm long; A4 pages."""
    if shutil.which("soffice") is None:
        pytest.fail("LibreOffice is not installed: run `bash scripts/test.sh`, which installs it")
    output = tmp_path / "通报.docx"
    assert _report(office, "2026", output) == 0
    (pdf,) = convert_to_pdf([output])
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"Page size:\s+595\.\d+ x 841\.\d+ pts", info)
    assert int(re.search(r"Pages:\s+(\d+)", info).group(1)) >= 2  # type: ignore[union-attr]
    dpi = 200
    rows, _ = _red_rows(pdf, dpi)
    mm = 25.4 / dpi
    rule = [(y, a, b) for y, a, b in rows if (b - a) * mm > 150]
    mark = [y for y, a, b in rows if (b - a) * mm <= 150 and y < rule[0][0]]
    assert abs(mark[0] * mm - 72) <= 1
    assert abs((rule[0][2] - rule[0][1]) * mm - 156) <= 1
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    # the header row is repeated where a table runs onto the next page (LibreOffice honours w:tblHeader)
    assert text.count("承办单位") >= 1

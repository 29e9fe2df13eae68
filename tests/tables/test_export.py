"""xinfang export schedule: the month as the table offices send round, read back from the
files themselves (the .docx XML, the workbook's cells, the CSV bytes)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import load_workbook

from generator.cli import main
from tests.conftest import edit

TODAY = "2026-11-24"


@pytest.fixture
def content(content_copy: Callable[[str], Path], monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XINFANG_TODAY", TODAY)
    root = content_copy("sample")
    # a clerk's note that a spreadsheet would run as a formula
    edit(root / "schedule/city.yaml", "note: 每周三市领导接访日，由分管市领导轮流接待",
         'note: "=HYPERLINK(\\"http://x.invalid\\",\\"点此\\")"')
    return root


def _export(content: Path, output: Path, *period: str) -> int:
    return main(["export", "schedule", *period, "-o", str(output), "--content", str(content)])


def test_xlsx_has_a_header_real_dates_widths_and_safe_cells(content: Path, tmp_path: Path) -> None:
    output = tmp_path / "接访安排.xlsx"
    assert _export(content, output, "2026-12") == 0
    sheet = load_workbook(output).active
    assert sheet is not None
    header = [c.value for c in sheet[1]]
    assert header == ["日期", "星期", "时间", "单位", "接访领导", "地点", "方式", "受理范围", "预约方式", "电话",
                      "备注"]
    dates = [sheet.cell(r, 1).value for r in range(2, sheet.max_row + 1)]
    assert all(isinstance(d, dt.datetime) for d in dates) and dates == sorted(dates)
    assert dates[0].date() >= dt.date(2026, 12, 1) and dates[-1].date() <= dt.date(2026, 12, 31)
    # 2026-12-02 is a Wednesday: the city's rota (rule city-wednesday), 09:00—12:00, at the reception hall
    wednesday = [r for r in range(2, sheet.max_row + 1)
                 if sheet.cell(r, 1).value.date() == dt.date(2026, 12, 2) and sheet.cell(r, 4).value == "示例市"]
    assert wednesday
    row = wednesday[0]
    assert sheet.cell(row, 2).value == "星期三" and sheet.cell(row, 3).value == "09:00—12:00"
    assert sheet.cell(row, 6).value == "市人民来访接待中心一楼接待大厅"
    assert sheet.cell(row, 11).value == '\'=HYPERLINK("http://x.invalid","点此")'
    assert sheet.cell(row, 11).data_type == "s"
    assert sheet.column_dimensions["E"].width >= 30 and sheet.freeze_panes == "A2"


def test_docx_is_an_a4_page_with_the_office_and_month(content: Path, tmp_path: Path) -> None:
    output = tmp_path / "接访安排.docx"
    assert _export(content, output, "2026-12") == 0
    with zipfile.ZipFile(output) as docx:
        xml = docx.read("word/document.xml").decode("utf-8")
    texts = re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", xml)
    assert texts[0] == "示例市信访局2026年12月领导接访安排"
    size = re.search(r'<w:pgSz w:w="(\d+)" w:h="(\d+)"', xml)
    assert size and {int(size.group(1)), int(size.group(2))} == {16838, 11906}  # A4 in twentieths of a point
    assert "<w:tblHeader" in xml  # the header row printed again on every page
    assert "=HYPERLINK(&quot;http://x.invalid&quot;,&quot;点此&quot;)" in xml or \
        '=HYPERLINK("http://x.invalid","点此")' in texts


def test_csv_is_utf8_with_bom_and_safe(content: Path, tmp_path: Path) -> None:
    output = tmp_path / "接访安排.csv"
    assert _export(content, output, "--from", "2026-12-01", "--to", "2026-12-07") == 0
    data = output.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data[3:].decode("utf-8"))))
    assert rows[0][0] == "日期" and len(rows) > 3
    assert all(r[0].startswith("2026年12月") and 1 <= int(r[0][8:-1]) <= 7 for r in rows[1:])
    assert any(r[10].startswith("'=HYPERLINK") for r in rows[1:])


@pytest.mark.parametrize("args", [["2026-13"], ["26-1"], [], ["2026-12", "--from", "2026-12-01", "--to", "2026-12-02"],
                                  ["--from", "2026-12-05", "--to", "2026-12-01"]])
def test_misuse_is_exit_two(args: list[str], content: Path, tmp_path: Path) -> None:
    assert _export(content, tmp_path / "x.xlsx", *args) == 2
    assert not (tmp_path / "x.xlsx").exists()


def test_another_suffix_or_the_content_folder_is_refused(content: Path, tmp_path: Path) -> None:
    assert _export(content, tmp_path / "x.pdf", "2026-12") == 2
    assert _export(content, content / "x.xlsx", "2026-12") == 2
    assert not (content / "x.xlsx").exists()

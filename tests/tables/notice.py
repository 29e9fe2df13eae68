"""One 领导接访安排 notice, shaped like the ones offices send round, written as a Word table,
an Excel sheet, a CSV file and a saved web page -- each the way that format carries it.

The notice: a Tue/Thu rota for February 2026 whose Spring Festival week (2月15日–23日 off,
so Tue 17 and Thu 19 are absent) is missing; a name with a typesetting space (徐 雄); a
name and its title in one cell; a place merged down the month; a team with 等; a role
instead of a name; a morning and an afternoon row under one merged date; a telephone-only
row; and a header over two rows (接访领导 over 姓名 and 职务)."""

from __future__ import annotations

import csv
import html
import io
from pathlib import Path

TITLE = "示例市2026年2月市领导接访安排"
HEADER_TOP = ["日期", "时间", "接访领导", "接访领导", "地点", "备注"]
HEADER_LOW = ["日期", "时间", "姓名", "职务", "地点", "备注"]
PLACE = "市人民来访接待中心"
ROWS = [
    ["2月3日（星期二）", "上午9:00—11:30", "徐 雄", "副市长", PLACE, ""],
    ["2月5日（周四）", "上午", "金天柱 副市长、公安局局长", "", PLACE, ""],
    ["2月10日", "８：３０—１１：３０", "林建国、何文静等", "", PLACE, "第四轮"],
    ["2月12日（星期四）", "全天", "区委主要负责同志", "", PLACE, ""],
    ["2月24日（星期二）", "上午8:30—11:30", "何文静", "副市长", PLACE, ""],
    ["2月24日（星期二）", "下午14:30—17:00", "郭海涛", "副市长", PLACE, ""],
    ["2月26日（星期四）", "下午", "唐丽萍", "副市长", "电话接访（0000-12345678）", ""],
]
PLACE_ROWS = range(0, 6)
"""The place is written once, merged down these data rows."""
DATE_ROWS = (4, 5)
"""One date merged over the morning and the afternoon row."""


def docx_file(path: Path) -> Path:
    import docx

    document = docx.Document()
    document.add_paragraph(TITLE)
    table = document.add_table(rows=2 + len(ROWS), cols=6)
    for column in (0, 1, 2, 4, 5):  # a merged cell's text is written once
        table.cell(0, column).text = HEADER_TOP[column]
    table.cell(1, 2).text, table.cell(1, 3).text = "姓名", "职务"
    table.cell(0, 2).merge(table.cell(0, 3))
    for column in (0, 1, 4, 5):
        table.cell(0, column).merge(table.cell(1, column))
    for r, row in enumerate(ROWS, start=2):
        for c, text in enumerate(row):
            if (c == 4 and r - 2 in PLACE_ROWS and r - 2 != PLACE_ROWS[0]) or (c == 0 and r - 2 == DATE_ROWS[1]):
                continue
            table.cell(r, c).text = text
    table.cell(2 + PLACE_ROWS[0], 4).merge(table.cell(2 + PLACE_ROWS[-1], 4))
    table.cell(2 + DATE_ROWS[0], 0).merge(table.cell(2 + DATE_ROWS[1], 0))
    document.save(str(path))
    return path


def xlsx_file(path: Path) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "2月"
    sheet.append([TITLE])
    sheet.merge_cells("A1:F1")
    sheet.append(HEADER_TOP)
    sheet.append(HEADER_LOW)
    for row in ROWS:
        sheet.append(row)
    first = 4
    for top, bottom in (("A2", "A3"), ("B2", "B3"), ("E2", "E3"), ("F2", "F3")):
        sheet.merge_cells(f"{top}:{bottom}")
    sheet.merge_cells("C2:D2")
    sheet.merge_cells(f"E{first + PLACE_ROWS[0]}:E{first + PLACE_ROWS[-1]}")
    sheet.merge_cells(f"A{first + DATE_ROWS[0]}:A{first + DATE_ROWS[1]}")
    book.save(path)
    return path


def csv_file(path: Path, encoding: str = "utf-8-sig") -> Path:
    """As Excel saves a sheet with merged cells: the value in the first cell, the rest empty."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([TITLE, "", "", "", "", ""])
    writer.writerow(["日期", "时间", "接访领导", "", "地点", "备注"])
    writer.writerow(["", "", "姓名", "职务", "", ""])
    for index, row in enumerate(ROWS):
        row = list(row)
        if index == DATE_ROWS[1]:
            row[0] = ""
        writer.writerow(row)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def html_file(path: Path, charset: str = "utf-8") -> Path:
    """A saved portal page: the notice's heading, then the table with rowspan and colspan."""
    e = html.escape
    lines = [f'<html><head><meta charset="{charset}"><title>{e(TITLE)}</title></head><body>',
             "<div class=nav>首页 &gt; 通知公告</div>", f"<h1>{e(TITLE)}</h1>", "<table border=1>",
             "<tr><th rowspan=2>日期</th><th rowspan=2>时间</th><th colspan=2>接访领导</th>"
             "<th rowspan=2>地点</th><th rowspan=2>备注</th></tr>", "<tr><th>姓名</th><th>职务</th></tr>"]
    for index, row in enumerate(ROWS):
        cells = []
        for column, text in enumerate(row):
            if column == 4 and index in PLACE_ROWS:
                if index == PLACE_ROWS[0]:
                    cells.append(f"<td rowspan={len(PLACE_ROWS)}>{e(text)}</td>")
                continue
            if column == 0 and index in DATE_ROWS:
                if index == DATE_ROWS[0]:
                    cells.append(f"<td rowspan=2>{e(text)}</td>")
                continue
            cells.append(f"<td>{e(text)}</td>")
        lines.append("<tr>" + "".join(cells) + "</tr>")
    lines.append("</table><script>alert(1)</script></body></html>")
    path.write_bytes("\n".join(lines).encode(charset))
    return path

"""``xinfang export schedule``: a month (or a range) as the table offices send round.

One row per session -- the half-day slots of one published session share a row -- with
date and weekday, the time as published, the team with titles or the role, place, way,
scope, booking, phone and note.  The same columns in Word (an A4 page with the office's
heading, the header repeated on every printed page), Excel (real dates, widths,
formula-safe text) and CSV (UTF-8 with BOM, which Excel opens as Chinese).  The columns
are the ones ``xinfang import`` reads, so a table that went out comes back the same.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path

from ..atomic import write_bytes
from ..chinese import cn_date
from ..errors import UsageError
from ..model.content import Content
from ..schedule.sessions import ScheduledSession
from ..schedule.wording import own_booking_text, slot_text, team_text
from ..spreadsheet_cells import formula_safe
from .values import WEEKDAYS

COLUMNS = ("日期", "星期", "时间", "单位", "接访领导", "地点", "方式", "受理范围", "预约方式", "电话", "备注")
WIDTHS = (16, 7, 22, 12, 34, 28, 10, 28, 24, 18, 24)
"""Characters per column in the workbook (Chinese characters count about two)."""
PRINTED_MM = (26, 15, 25, 19, 34, 30, 18, 23, 30, 20, 21)
"""Millimetres per column on the landscape A4 page (26.1 cm between the margins)."""
VENUE_SEPARATOR = "；"
"""Between venues: a venue's own name may hold 、 (县信访局、县人社局联合接待室)."""


SUFFIXES = (".docx", ".xlsx", ".csv")


def export_span(month: str | None, start: str | None, end: str | None) -> tuple[dt.date, dt.date]:
    """The days a command names: a month (2027-01), or ``--from`` and ``--to`` together."""
    import calendar
    import re

    if (start is None) != (end is None) or (start is None) == (month is None):
        raise UsageError("写一个月份（xinfang export schedule 2027-01 -o 接访安排.docx），"
                         "或 --from 和 --to 一起写（--from 2027-01-01 --to 2027-03-31）")
    try:
        if month is not None:
            match = re.fullmatch(r"(\d{4})-(\d{1,2})", month.strip())
            if not match:
                raise ValueError
            year, number = int(match.group(1)), int(match.group(2))
            first = dt.date(year, number, 1)
            last = dt.date(year, number, calendar.monthrange(year, number)[1])
        else:
            first, last = dt.date.fromisoformat(start or ""), dt.date.fromisoformat(end or "")
    except ValueError:
        raise UsageError("月份写成 2027-01，日期写成 2027-01-31") from None
    if last < first:
        raise UsageError("--to 早于 --from；请检查日期")
    return first, last


def export_suffix(output: Path) -> str:
    """The table's format, from the file's name."""
    suffix = output.suffix.lower()
    if suffix not in SUFFIXES:
        raise UsageError(f"{output}: 导出的文件应以 .docx、.xlsx 或 .csv 结尾，如 -o 接访安排.docx")
    return suffix


@dataclass(frozen=True)
class ExportRow:
    day: dt.date
    cells: tuple[str, ...]


def rows_for(sessions: list[ScheduledSession], content: Content, start: dt.date, end: dt.date) -> list[ExportRow]:
    """The active sessions from ``start`` to ``end``, one row per published session."""
    groups: dict[str, list[ScheduledSession]] = {}
    for session in sessions:
        if start <= session.date <= end and session.is_active:
            groups.setdefault(session.group, []).append(session)
    rows = []
    for slots in sorted(groups.values(), key=lambda g: (g[0].date, g[0].start or dt.time(0), g[0].unit, g[0].group)):
        first = slots[0]
        times = "、".join(t for t in (slot_text(s.part, s.start, s.end) for s in slots) if t)
        cells = (cn_date(first.date), f"星期{WEEKDAYS[first.date.weekday()]}", times,
                 content.units[first.unit].name_on(first.date), team_text(first, content),
                 VENUE_SEPARATOR.join(first.venues), first.mode.label, first.scope or "", own_booking_text(first),
                 "、".join(first.phone), first.note or "")
        rows.append(ExportRow(first.date, cells))
    return rows


def heading(content: Content, start: dt.date, end: dt.date) -> str:
    whole_month = start.day == 1 and (end + dt.timedelta(days=1)).day == 1 and (start.year, start.month) == (
        end.year, end.month)
    when = f"{start.year}年{start.month}月" if whole_month else f"{cn_date(start)}至{cn_date(end)}"
    return f"{content.office.on(end).name}{when}领导接访安排"


def export(rows: list[ExportRow], title: str, output: Path) -> None:
    suffix = output.suffix.lower()
    if suffix == ".csv":
        write_bytes(output, _csv(rows))
    elif suffix == ".xlsx":
        write_bytes(output, _xlsx(rows, title))
    elif suffix == ".docx":
        write_bytes(output, _docx(rows, title))
    else:
        raise UsageError(f"{output}: 导出的文件应以 .docx、.xlsx 或 .csv 结尾")


def _csv(rows: list[ExportRow]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow([formula_safe(c) for c in row.cells])
    return b"\xef\xbb\xbf" + buffer.getvalue().encode("utf-8")


def _xlsx(rows: list[ExportRow], title: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "接访安排"
    sheet.append(list(COLUMNS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center")
    for row in rows:
        sheet.append([row.day, *(formula_safe(c) for c in row.cells[1:])])
        sheet.cell(sheet.max_row, 1).number_format = 'yyyy"年"m"月"d"日"'
        for cell in sheet[sheet.max_row]:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for index, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    sheet.print_title_rows = "1:1"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    if sheet.sheet_properties.pageSetUpPr is not None:
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
    if sheet.oddHeader is not None:
        sheet.oddHeader.center.text = title.replace("&", "&&")  # printed above every page
    book.properties.title = title
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _docx(rows: list[ExportRow], title: str) -> bytes:
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    document = docx.Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)  # A4 across: eleven columns fit
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(1.8))
    section.top_margin = section.bottom_margin = Cm(1.8)
    style = document.styles["Normal"]
    style.font.name = "宋体"
    style.font.size = Pt(10)
    style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "宋体")
    head = document.add_paragraph()
    head.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = head.add_run(title)
    run.font.size = Pt(18)
    run.bold = True
    table = document.add_table(rows=1, cols=len(COLUMNS))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    header = table.rows[0]
    properties = header._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")  # the header again on every printed page
    repeat.set(qn("w:val"), "true")
    properties.append(repeat)
    for cell, name in zip(header.cells, COLUMNS, strict=True):
        cell.text = name
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        cell.paragraphs[0].runs[0].bold = True
    for row in rows:
        for cell, text in zip(table.add_row().cells, row.cells, strict=True):
            cell.text = text  # python-docx writes text as text: nothing in it becomes markup
    # fixed widths in the grid and on every cell: Word reads the cells, LibreOffice the grid
    table.autofit = False
    for index, width in enumerate(PRINTED_MM):
        column = table.columns[index]
        column.width = Cm(width / 10)
        for cell in column.cells:
            cell.width = column.width
    document.core_properties.title = title
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()

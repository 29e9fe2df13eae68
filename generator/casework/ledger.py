"""``xinfang ledger``: the office's internal 台账 as .xlsx, one row per case.

It holds petitioners' names, so it is refused inside the site folder or the
content folder (which may be a public repository)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.worksheet import Worksheet

from ..atomic import replacing
from ..calendar.deadlines import Deadline, Limit, case_deadlines
from ..errors import UsageError
from ..model.cases import Case
from ..prepared import Prepared
from ..spreadsheet_cells import formula_safe
from ..statistics.figures import compute
from ..statistics.workbook import add_statistics, rate_formula, text_cell
from .backlog import backlog_table, lead_name, level_label, struck_off
from .numbers import doc_number
from .register import Status, register_in

COLUMNS = [
    ("编号", 12), ("登记日期（挂牌）", 14), ("渠道", 6), ("问题类别", 12), ("属地", 10), ("承办单位", 24),
    ("信访人", 8), ("诉求", 36), ("受理日期", 12), ("不予受理日期", 12), ("受理告知期限", 14), ("异议期限", 12),
    ("办结期限", 12), ("复查答复期限", 14), ("复核答复期限", 14), ("当前状态", 14), ("是否超期", 8), ("超期天数", 8),
    ("办结日期（销号）", 14),
    ("评价", 8), ("重复信访（前案）", 14), ("已发文书及文号", 48),
    ("包案领导", 16), ("督查等级", 10), ("积案批次", 20), ("积案挂牌日期", 12), ("积案销号日期", 12),
    ("积案化解情况", 30), ("积案超期未销号", 10),
]

BACKLOG_SHEET = "积案化解台账"


def _due(deadlines: list[Deadline], *keys: Limit) -> dt.date | None:
    return next((d.due for d in deadlines if d.limit.key in keys), None)


def days_late(deadlines: list[Deadline], today: dt.date) -> int:
    """The longest the office was (or still is) past one of its own limits; 0 if never."""
    late = [(d.met_on - d.due).days if d.met_on is not None else (today - d.due).days
            for d in deadlines if d.limit.office_duty]
    return max([0, *late])


def status(case: Case, deadlines: list[Deadline], today: dt.date) -> str:
    if case.rejected:
        return "不予受理"
    if case.closed:
        return "已办结"
    if any(d.limit.office_duty and d.is_overdue(today) for d in deadlines):
        return "超期未办结"
    if case.recheck:
        return "复核中"
    if case.review:
        return "复查中"
    return "办理中" if case.accepted else "待受理"


def _refuse_public(output: Path, prepared: Prepared) -> None:
    resolved = output.resolve()
    content = prepared.content.root.resolve()
    if resolved.is_relative_to(content) or "site" in resolved.parts[len(Path.cwd().resolve().parts):][:1]:
        raise UsageError(f"台账含信访人个人信息，不能写到 {output}（内容目录或网站目录里）；请换一个内部位置")


def write_ledger(prepared: Prepared, output: Path, *, today: dt.date) -> None:
    _refuse_public(output, prepared)
    content = prepared.content
    repeats = prepared.repeats
    letters: dict[str, list[str]] = {}
    style = content.office.letters.number_style  # the ledger writes numbers as the letters print them
    for entry in register_in(content.root).entries():
        mark = "（已作废）" if entry.status is Status.VOIDED else ""
        number = doc_number(entry.code, entry.year, entry.number, style.brackets, style.digits)
        letters.setdefault(entry.case, []).append(f"{entry.kind} {number}{mark}")
    book = Workbook()
    sheet = book.active
    assert isinstance(sheet, Worksheet)  # a new workbook's one sheet
    sheet.title = "信访事项台账"
    sheet.append([name for name, _ in COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    cases = sorted(content.cases.values(), key=lambda c: (c.received, c.id))
    for case in cases:
        deadlines = case_deadlines(case, prepared.calendar, content.office)
        values: list[object] = [
            case.id, case.received, case.channel.label, content.topics[case.topic].name,
            content.units[case.unit].name, case.handler, case.petitioner.name, case.record.request,
            case.accepted, case.rejected, _due(deadlines, Limit.ACCEPT), _due(deadlines, Limit.OBJECTION),
            _due(deadlines, Limit.HANDLE, Limit.SIMPLE_ANSWER),
            _due(deadlines, Limit.REVIEW_ANSWER), _due(deadlines, Limit.RECHECK_ANSWER),
            (state := status(case.latest(), deadlines, today)),
            "是" if (late := days_late(deadlines, today)) else "否", late,
            case.closed, case.evaluation.label if case.evaluation else "", repeats.get(case.id, ""),
            "；".join(letters.get(case.id, [])),
            lead_name(content, case) if case.lead else "", level_label(content, case),
            case.backlog.batch if case.backlog else "", case.backlog.listed if case.backlog else None,
            case.backlog.closed if case.backlog else None,
            (case.backlog.resolution or "") if case.backlog else "",
            ("是" if state == "超期未办结" and not struck_off(case, today) else "否") if case.backlog else "",
        ]
        sheet.append([formula_safe(v) if isinstance(v, str) else v for v in values])
    for index, (_, width) in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, dt.date):
                cell.number_format = "yyyy-mm-dd"
    # the statistics' facts per case and the summary sheets, as COUNTIFS over those columns
    stats = compute(content.cases.values(), content=content, calendar=prepared.calendar, today=today,
                    repeats=prepared.repeats)
    add_statistics(book, sheet, stats, content, today, [c.id for c in cases])
    if any(case.backlog for case in cases):
        _backlog_sheet(book, sheet, prepared, today)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    with replacing(output) as tmp:
        book.save(tmp)


def _backlog_sheet(book: Workbook, cases: Worksheet, prepared: Prepared, today: dt.date) -> None:
    """积案化解台账: per batch and per 包案领导, 挂牌, 销号, 化解率 (numerator and denominator) and
    超期未销号, each a COUNTIFS over the case sheet as of the date in B2 (a clerk may change it)."""
    content = prepared.content
    headers = [str(c.value) for c in cases[1]]
    sheet_name = quote_sheetname(cases.title)

    def ref(header: str) -> str:
        letter = get_column_letter(headers.index(header) + 1)
        return f"{sheet_name}!${letter}:${letter}"

    sheet = book.create_sheet(BACKLOG_SHEET)
    sheet.append(["积案化解情况：每个数字都是对“信访事项台账”的 COUNTIFS 公式；改 B2 的日期可按另一天重新计算"
                  "（“超期未销号”按生成台账当天计算）。"])
    sheet.append(["截至", today])
    sheet.append(["分组", "名称", "挂牌（件）", "销号（件）", "未销号（件）", "化解率分子", "化解率分母", "化解率（%）",
                  "超期未销号（件）"])
    for cell in sheet[3]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    table = backlog_table(content, set(), today)
    groups = [("批次", "积案批次", [r.name for r in table.batches]),
              ("包案领导", "包案领导", [r.name for r in table.leads]),
              ("合计", "", [""])]
    for group, header, names in groups:
        for name in names:
            row = sheet.max_row + 1
            text_cell(sheet, row, 1, group)
            text_cell(sheet, row, 2, name if group != "合计" else "全部积案")
            # 合计: only 积案 have a 挂牌 date, so the date criterion alone selects them
            match = f'{ref(header)},"="&$B{row},' if group != "合计" else ""
            listed = f'COUNTIFS({match}{ref("积案挂牌日期")},"<="&$B$2)'
            closed = f'COUNTIFS({match}{ref("积案销号日期")},"<="&$B$2)'
            overdue = f'COUNTIFS({match}{ref("积案超期未销号")},"是")'
            sheet.cell(row, 3, f"={listed}")
            sheet.cell(row, 4, f"={closed}")
            sheet.cell(row, 5, f"=C{row}-D{row}")
            sheet.cell(row, 6, f"=D{row}")
            sheet.cell(row, 7, f"=C{row}")
            sheet.cell(row, 8, rate_formula(f"F{row}", f"G{row}", content.office.statistics, "backlog_settled"))
            sheet.cell(row, 9, f"={overdue}")
    sheet["B2"].number_format = "yyyy-mm-dd"
    for letter, width in zip("ABCDEFGHI", (10, 26, 10, 10, 10, 10, 10, 10, 12), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "C4"

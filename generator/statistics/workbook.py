"""The statistics in the ledger (.xlsx): each case's statistical facts as columns of the
case sheet, and summary sheets whose every figure is a COUNTIFS formula over those
columns, so a clerk can audit a number by filtering the case sheet and the office's own
spreadsheet checks reproduce the website.

Nothing on the summary sheets is a typed number: the periods' first and last days are
cells the formulas refer to, so a clerk can also change them to count another range.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from ..model.content import Content
from ..model.office import Rounding, StatisticsSettings
from ..spreadsheet_cells import formula_safe
from .breakdowns import COUNTIES_TOTAL, Breakdown, city_keys, counties_total, group_name
from .counts import measures
from .facts import CaseFacts, OnTime
from .figures import Statistics
from .periods import Period, periods

YES, NO = "是", "否"


@dataclass(frozen=True)
class FactColumn:
    header: str
    value: Callable[[CaseFacts], str]


def _yes(flag: bool) -> str:
    return YES if flag else NO


def fact_columns(content: Content) -> list[FactColumn]:
    """Appended to the case sheet; a case received after the build day gets 统计：计入 = 否."""
    def name(breakdown: Breakdown) -> Callable[[CaseFacts], str]:
        return lambda f: group_name(content, breakdown, breakdown.key_of(f))

    return [
        FactColumn("统计：计入", lambda f: YES),
        FactColumn("统计：区县", name(Breakdown.COUNTY)),
        FactColumn("统计：乡镇街道", name(Breakdown.TOWNSHIP)),
        FactColumn("统计：承办单位", name(Breakdown.DEPARTMENT)),
        FactColumn("统计：问题类别", name(Breakdown.TOPIC)),
        FactColumn("统计：受理", lambda f: _yes(f.accepted)),
        FactColumn("统计：不予受理", lambda f: _yes(f.rejected)),
        FactColumn("统计：直接答复", lambda f: _yes(f.direct)),
        FactColumn("统计：办结率分母", lambda f: _yes(f.handled)),
        FactColumn("统计：办结", lambda f: _yes(f.closed)),
        FactColumn("统计：期限", lambda f: f.on_time.value),
        FactColumn("统计：化解", lambda f: _yes(f.settled)),
        FactColumn("统计：评价", lambda f: f.evaluation.label if f.evaluation else ("未评价" if f.closed else "—")),
        FactColumn("统计：超期未评", lambda f: _yes(f.late_unevaluated)),
        FactColumn("统计：重复信访", lambda f: _yes(f.repeat)),
    ]


def text_cell(sheet: Worksheet, row: int, column: int, value: str) -> None:
    """A text cell: a name like '=SUM(1,2)局' is neutralised like every spreadsheet cell
    xinfang writes, and stored as text (openpyxl would store '=…' as a formula).  The fact
    column and the 名称 cell are neutralised alike, so COUNTIFS still matches them."""
    cell = sheet.cell(row, column)
    cell.value = formula_safe(value)
    cell.data_type = "s"


Criteria = list[tuple[str, str]]
"""(fact column header, criterion as an Excel expression)."""


def _q(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _count_criteria(settings: StatisticsSettings) -> list[tuple[str, Criteria]]:
    """The counts of the summary, as criteria on the case sheet (the page's COUNTS, same order)."""
    channel = [(label, [("渠道", _q(label))]) for label in ("来信", "来访", "网上", "电话")]
    return [
        ("收到", []),
        *((f"其中{label}", c) for label, c in channel),
        ("受理", [("统计：受理", _q(YES))]),
        ("不予受理", [("统计：不予受理", _q(YES))]),
        ("直接答复", [("统计：直接答复", _q(YES))]),
        ("办结", [("统计：办结", _q(YES))]),
        ("超期办结或超期未办结", [("统计：期限", _q(OnTime.LATE.value))]),
        ("办结未评价", [("统计：评价", _q("未评价"))]),
        ("其中超期未评", [("统计：超期未评", _q(YES))]),
        ("重复信访", [("统计：重复信访", _q(YES))]),
    ]


def _rate_criteria(settings: StatisticsSettings) -> dict[str, tuple[list[Criteria], list[Criteria]]]:
    """Numerator and denominator of each measure as sums of COUNTIFS (one per criteria set)."""
    evaluated = [[("统计：评价", _q(label))] for label in ("满意", "基本满意", "不满意")]
    satisfied = evaluated[:2] if settings.satisfied_includes_basic else evaluated[:1]
    return {
        "acceptance": ([[("统计：受理", _q(YES))]], [[]]),
        "closing": ([[("统计：办结", _q(YES))]], [[("统计：办结率分母", _q(YES))]]),
        "on_time": ([[("统计：期限", _q(OnTime.ON_TIME.value))]],
                    [[("统计：期限", _q(OnTime.ON_TIME.value))], [("统计：期限", _q(OnTime.LATE.value))]]),
        "settled": ([[("统计：化解", _q(YES))]], [[("统计：办结", _q(YES))]]),
        "participation": (evaluated, [[("统计：办结", _q(YES))]]),
        "satisfaction": (satisfied, evaluated),
        "dissatisfaction": (evaluated[2:], evaluated),
        "repeat": ([[("统计：重复信访", _q(YES))]], [[]]),
    }


class _Formulas:
    """COUNTIFS over whole columns of the case sheet, restricted to a row's date cells."""

    def __init__(self, case_sheet: Worksheet, headers: list[str]) -> None:
        self.sheet = quote_sheetname(case_sheet.title)
        self.column = {h: get_column_letter(i) for i, h in enumerate(headers, start=1)}

    def ref(self, header: str) -> str:
        letter = self.column[header]
        return f"{self.sheet}!${letter}:${letter}"

    def countifs(self, start: str, end: str, criteria: Criteria, extra: Criteria) -> str:
        received = self.ref("登记日期（挂牌）")
        parts = [f'{received},">="&{start}', f'{received},"<="&{end}', f'{self.ref("统计：计入")},"{YES}"']
        parts += [f"{self.ref(h)},{c}" for h, c in [*extra, *criteria]]
        return f"COUNTIFS({','.join(parts)})"

    def total(self, start: str, end: str, sets: list[Criteria], extra: Criteria) -> str:
        return "+".join(self.countifs(start, end, c, extra) for c in sets)


def rate_formula(numerator: str, denominator: str, settings: StatisticsSettings, measure: str) -> str:
    """A rate cell, rounded as the office rounds ``measure`` (the same rule as the site)."""
    rounding, decimals = settings.rule(measure)
    function = "ROUND" if rounding is Rounding.ROUND else "TRUNC"
    return f'=IF({denominator}=0,"—",{function}({numerator}*100/{denominator},{decimals}))'


def _header_row(sheet: Worksheet, row: list[str]) -> None:
    sheet.append(row)
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center")


def _summary_headers(settings: StatisticsSettings) -> list[str]:
    headers = [label for label, _ in _count_criteria(settings)]
    for m in measures(settings):
        headers += [f"{m.label}分子", f"{m.label}分母", f"{m.label}（%）"]
    return headers


def _write_figures(sheet: Worksheet, row: int, first: int, formulas: _Formulas, settings: StatisticsSettings,
                   start: str, end: str, extra: Criteria) -> None:
    column = first
    for _, criteria in _count_criteria(settings):
        sheet.cell(row, column, "=" + formulas.countifs(start, end, criteria, extra))
        column += 1
    rates = _rate_criteria(settings)
    for m in measures(settings):
        numerator, denominator = rates[m.key]
        sheet.cell(row, column, "=" + formulas.total(start, end, numerator, extra))
        sheet.cell(row, column + 1, "=" + formulas.total(start, end, denominator, extra))
        num, den = (f"{get_column_letter(c)}{row}" for c in (column, column + 1))
        sheet.cell(row, column + 2, rate_formula(num, den, settings, m.key))
        column += 3


def _date_cells(sheet: Worksheet, row: int, period: Period) -> tuple[str, str]:
    for column, day in ((2, period.start), (3, period.end)):
        sheet.cell(row, column, day).number_format = "yyyy-mm-dd"
    return f"$B{row}", f"$C{row}"


def add_statistics(book: Workbook, case_sheet: Worksheet, stats: Statistics, content: Content,
                   today: dt.date, case_ids: list[str]) -> None:
    """Append the fact columns to ``case_sheet`` (rows in ``case_ids`` order, header in row 1)
    and write the 统计汇总 and 分类统计 sheets."""
    settings = content.office.statistics
    facts = {f.case_id: f for f in stats.facts}
    base = case_sheet.max_column
    for offset, column in enumerate(fact_columns(content), start=1):
        header = case_sheet.cell(1, base + offset, column.header)
        header.font = Font(bold=True)
        header.alignment = Alignment(wrap_text=True, vertical="center")
        case_sheet.column_dimensions[get_column_letter(base + offset)].width = 10
        for row, case_id in enumerate(case_ids, start=2):
            fact = facts.get(case_id)
            text_cell(case_sheet, row, base + offset, column.value(fact) if fact else (NO if offset == 1 else ""))
    headers = [str(c.value) for c in case_sheet[1]]
    formulas = _Formulas(case_sheet, headers)

    summary = book.create_sheet("统计汇总")
    summary.append([f"按登记日期统计，办理进度截至 {today.isoformat()}。每个数字都是对“{case_sheet.title}”"
                    "的 COUNTIFS 公式，可改开始、结束日期重新计算；口径与网站“数据统计”相同。"])
    _header_row(summary, ["统计期", "开始", "结束", *_summary_headers(settings)])
    published = periods(settings, stats.first or today, today) if stats.first else []
    for period in published:
        row = summary.max_row + 1
        text_cell(summary, row, 1, period.label)
        start, end = _date_cells(summary, row, period)
        _write_figures(summary, row, 4, formulas, settings, start, end, [])
    summary.freeze_panes = "D3"
    summary.column_dimensions["A"].width = 18
    for letter in ("B", "C"):
        summary.column_dimensions[letter].width = 12

    groups = book.create_sheet("分类统计")
    groups.append(["各年度、季度和自选区间按区县、乡镇街道、承办单位、问题类别分列；公式同“统计汇总”。"
                   "月度的分类数字见网站开放数据。"])
    _header_row(groups, ["统计期", "开始", "结束", "分类", "名称", *_summary_headers(settings)])
    header_of = {Breakdown.COUNTY: "统计：区县", Breakdown.TOWNSHIP: "统计：乡镇街道",
                 Breakdown.DEPARTMENT: "统计：承办单位", Breakdown.TOPIC: "统计：问题类别"}
    for period in (p for p in published if p.kind != "month"):
        for breakdown in Breakdown:
            table = stats.table(period, breakdown)
            for key, _ in table.rows:
                row = groups.max_row + 1
                text_cell(groups, row, 1, period.label)
                text_cell(groups, row, 4, breakdown.column)
                text_cell(groups, row, 5, group_name(content, breakdown, key))
                start, end = _date_cells(groups, row, period)
                # "=" first: a name is matched as it is, even one starting with = or >
                _write_figures(groups, row, 6, formulas, settings, start, end,
                               [(header_of[breakdown], f'"="&$E{row}')])
            if counties_total(content, table) is not None:
                # every county's cases: each city-level name excluded, as the fact column spells it
                row = groups.max_row + 1
                for place, text in ((1, period.label), (4, breakdown.column), (5, COUNTIES_TOTAL)):
                    text_cell(groups, row, place, text)
                start, end = _date_cells(groups, row, period)
                _write_figures(groups, row, 6, formulas, settings, start, end,
                               [(header_of[breakdown], _q("<>" + formula_safe(group_name(content, breakdown, key))))
                                for key in sorted(city_keys(content, table))])
    groups.freeze_panes = "F3"
